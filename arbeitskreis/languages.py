"""The languages of the project, keyed by ISO 639-1 code (ISO 639-3 where a language has none, as Integreat does:
Dari is "prs"), with translatable names: the languages Integreat offers (checked against the language list of the
Integreat CMS, digitalfabrik/integreat-cms), plus a few more that participants speak. One list for the whole
project (participants' languages, findings' affected languages, import, filters).

Both apps store a set of languages as ",ar,fa," (see ``pack``) so that one ``LIKE`` filter finds them on SQLite
and PostgreSQL alike.
"""

import functools

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa", _("Persian (Farsi)")),
    ("prs", _("Dari")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("ro", _("Romanian")),
    ("tr", _("Turkish")),
    ("ku", _("Kurdish")),
    ("ps", _("Pashto")),
    ("ti", _("Tigrinya")),
    ("so", _("Somali")),
    ("am", _("Amharic")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("pl", _("Polish")),
    ("bg", _("Bulgarian")),
    ("sq", _("Albanian")),
    ("hr", _("Croatian")),
    ("it", _("Italian")),
    ("el", _("Greek")),
    ("sr", _("Serbian")),
    ("bs", _("Bosnian")),
    ("vi", _("Vietnamese")),
]

CODES = frozenset(code for code, _name in LANGUAGES)
NAMES = dict(LANGUAGES)


def name(code):
    """The language's name in the current language, or the code itself when it is unknown (looked up once per
    language: a list of 300 people asks for the same few names again and again)."""
    return _name(code, get_language())


@functools.lru_cache(maxsize=1024)
def _name(code, language):
    return str(NAMES.get(code, code))


def pack(codes):
    """Store codes as ",ar,fa," — lower case, unique, in the order of ``LANGUAGES``."""
    wanted = {code.strip().lower() for code in codes if code and code.strip()}
    ordered = [code for code, _name in LANGUAGES if code in wanted]
    return f",{','.join(ordered)}," if ordered else ""


def unpack(value):
    return [code for code in (value or "").split(",") if code]
