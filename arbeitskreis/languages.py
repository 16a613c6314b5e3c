"""The languages of the project, keyed by ISO 639-1 code, with translatable names: the languages Integreat
offers, plus a few more that participants speak. One list for the whole project (participants' languages,
findings' affected languages, import, filters).

Both apps store a set of languages as ",ar,fa," (see ``pack``) so that one ``LIKE`` filter finds them on SQLite
and PostgreSQL alike.
"""

from django.utils.translation import gettext_lazy as _

LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa", _("Persian (Farsi)")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("ro", _("Romanian")),
    ("tr", _("Turkish")),
    ("ku", _("Kurdish")),
    ("ps", _("Pashto")),
    ("ti", _("Tigrinya")),
    ("so", _("Somali")),
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
    """The language's name in the current language, or the code itself when it is unknown."""
    return str(NAMES.get(code, code))


def pack(codes):
    """Store codes as ",ar,fa," — lower case, unique, in the order of ``LANGUAGES``."""
    wanted = {code.strip().lower() for code in codes if code and code.strip()}
    ordered = [code for code, _name in LANGUAGES if code in wanted]
    return f",{','.join(ordered)}," if ordered else ""


def unpack(value):
    return [code for code in (value or "").split(",") if code]
