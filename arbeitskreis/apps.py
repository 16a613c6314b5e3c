from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArbeitskreisConfig(AppConfig):
    name = "arbeitskreis"
    verbose_name = _("Municipalities and working groups")

    def ready(self):
        # The core composes the apps: it may only import them once they are all loaded.
        from arbeitskreis import wiring

        wiring.connect()
