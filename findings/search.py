"""Case-insensitive search that also folds umlauts on SQLite.

SQLite's ``LIKE`` and ``lower()`` fold ASCII letters only: "über" would not find "Über". On SQLite each new
connection gets a Python function ``ak_casefold`` (``str.casefold``: Ü → ü, ß → ss); the register searches
``casefold(column)`` for ``casefold(text)``. PostgreSQL folds Unicode itself (``ILIKE``, full-text search).
"""

from django.db.models import Func, Q, TextField


def _casefold(value):
    return value.casefold() if isinstance(value, str) else value


def register_sqlite_functions(sender, connection, **kwargs):
    """Signal receiver for ``connection_created``: teach a SQLite connection ``ak_casefold``."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("ak_casefold", 1, _casefold, deterministic=True)


class CaseFold(Func):
    function = "ak_casefold"
    output_field = TextField()


def contains_folded(queryset, fields, text):
    """Rows of ``queryset`` where any of ``fields`` contains ``text``, ignoring case (Unicode) — SQLite only."""
    annotations = {f"_folded_{name}": CaseFold(name) for name in fields}
    wanted = Q()
    for name in fields:
        wanted |= Q(**{f"_folded_{name}__contains": _casefold(text)})
    return queryset.alias(**annotations).filter(wanted)
