from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArbeitskreisConfig(AppConfig):
    name = "arbeitskreis"
    verbose_name = _("Municipalities and working groups")
