from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FindingsConfig(AppConfig):
    name = "findings"
    verbose_name = _("Content gaps")

    def ready(self):
        from django.db.backends.signals import connection_created

        from findings.search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="findings.sqlite_casefold")
