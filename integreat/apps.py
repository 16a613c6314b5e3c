from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegreatConfig(AppConfig):
    name = "integreat"
    verbose_name = _("Integreat content")
