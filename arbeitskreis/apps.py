from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from arbeitskreis import collation, text


class ArbeitskreisConfig(AppConfig):
    name = "arbeitskreis"
    verbose_name = _("Municipalities and working groups")

    def ready(self):
        # German order and case-insensitive search on SQLite, for every app (arbeitskreis/collation.py).
        connection_created.connect(collation.connect_sqlite, dispatch_uid="arbeitskreis.collation")
        # Control characters refused in every text field of every form (arbeitskreis/text.py).
        text.install()
        # The core composes the apps: it may only import them once they are all loaded.
        from arbeitskreis import wiring

        wiring.connect()
