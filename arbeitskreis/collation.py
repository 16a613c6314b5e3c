"""German order and case-insensitive search, the same on PostgreSQL and SQLite: one helper for every list,
every form's choices and every search box.

- **Order.** ``German("family_name")`` is an ordering expression: ``COLLATE "de-x-icu"`` on PostgreSQL (the ICU
  collation every PostgreSQL built with ICU has), ``COLLATE ak_german`` on SQLite — a collation each new SQLite
  connection gets from :func:`connect_sqlite` with the sort keys of the Unicode Collation Algorithm (``pyuca``;
  PyICU has no wheel on PyPI). Both give the order a German reader expects: Ä with A, Ö with O, ß as ss, Turkish
  İ/ı with I, Latin before Cyrillic before Arabic — "Öztürk" before "Yılmaz". :func:`sort_key` is the same order
  for the few lists sorted in Python (language names, Bundesländer).
- **Search.** :func:`matching` finds every word of a search text in one of the given fields, ignoring case for all
  letters: ``UPPER … LIKE`` on PostgreSQL (Unicode-aware), ``ak_casefold`` on SQLite (whose ``LIKE`` and
  ``lower()`` fold ASCII letters only, so that "MÜLLER" would not find "Müller").

The SQLite functions are registered in ``ArbeitskreisConfig.ready`` (``connection_created``), for every app.
"""

import functools

import pyuca
from django.db import connection as default_connection
from django.db.models import F, Func, Q, TextField
from django.db.models.functions import Collate

POSTGRESQL_COLLATION = "de-x-icu"
SQLITE_COLLATION = "ak_german"
SQLITE_CASEFOLD = "ak_casefold"

_collator = pyuca.Collator()


@functools.lru_cache(maxsize=20_000)
def sort_key(text) -> tuple:
    """The German sort key of ``text`` (for ``sorted(…, key=…)``); None and "" sort first."""
    return tuple(_collator.sort_key(str(text or "")))


def _compare(left, right):
    """SQLite collation: German order, ties broken by the code points so that only equal strings are equal."""
    a, b = sort_key(left), sort_key(right)
    if a != b:
        return -1 if a < b else 1
    return (left > right) - (left < right)


def _casefold(value):
    return value.casefold() if isinstance(value, str) else value


def connect_sqlite(sender, connection, **kwargs):
    """Receiver of ``connection_created``: teach a new SQLite connection ``ak_german`` and ``ak_casefold``."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, _compare)
        connection.connection.create_function(SQLITE_CASEFOLD, 1, _casefold, deterministic=True)


class German(Collate):
    """``expression`` compared in German order (an ordering expression: ``.desc()`` works as usual).

    Databases other than PostgreSQL and SQLite get the expression without a collation.
    """

    def __init__(self, expression):
        super().__init__(F(expression) if isinstance(expression, str) else expression, POSTGRESQL_COLLATION)

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.get_source_expressions()[0])

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, collation=SQLITE_COLLATION, **extra_context)


def german(*fields):
    """Ordering for ``order_by``: each field name in German order; names starting with "-" descending, and
    anything that is not a field name of letters (``"pk"``, an expression) passed on unchanged."""
    ordering = []
    for field in fields:
        if not isinstance(field, str) or field in ("pk", "-pk"):
            ordering.append(field)
        elif field.startswith("-"):
            ordering.append(German(field[1:]).desc())
        else:
            ordering.append(German(field).asc())
    return ordering


class CaseFold(Func):
    function = SQLITE_CASEFOLD
    output_field = TextField()


def matching(queryset, fields, text, *, split=True):
    """Rows of ``queryset`` where each word of ``text`` (the whole text with ``split=False``) occurs in one of
    ``fields`` (names, also across relations such as ``organization__name``), ignoring case for every letter."""
    words = text.split() if split else [text.strip()]
    words = [word for word in words if word]
    if not words:
        return queryset
    if default_connection.vendor == "sqlite":
        aliases = {f"_folded_{index}": CaseFold(name) for index, name in enumerate(fields)}
        queryset = queryset.alias(**aliases)
        lookups = [f"{alias}__contains" for alias in aliases]
        words = [_casefold(word) for word in words]
    else:
        lookups = [f"{name}__icontains" for name in fields]
    for word in words:
        wanted = Q()
        for lookup in lookups:
            wanted |= Q(**{lookup: word})
        queryset = queryset.filter(wanted)
    return queryset
