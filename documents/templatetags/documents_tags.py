"""Template helpers of the print documents (``{% load documents_tags %}``)."""

import re
import unicodedata

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

_RTL_CLASSES = {"R", "AL"}
_LTR_CLASSES = {"L"}
_COUNTER_MARKER = re.compile("\x00(page|pages)\x00")


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ").replace("<", "\\3C ")
    return f'"{escaped}"'


@register.simple_tag
def page_counter():
    """The CSS ``content`` value of the footer: "Page 3 of 7", translated ("Seite 3 von 7").

    The translation is split at its two placeholders and the CSS page counters are put in their place, so
    the word order of every language is kept.
    """
    text = gettext("Page %(page)s of %(pages)s") % {"page": "\x00page\x00", "pages": "\x00pages\x00"}
    parts = []
    for index, chunk in enumerate(_COUNTER_MARKER.split(text)):
        if index % 2:  # a captured marker
            parts.append(f"counter({chunk})")
        elif chunk:
            parts.append(_css_string(chunk))
    return mark_safe(" ".join(parts))  # noqa: S308 — every text chunk is escaped as a CSS string above  # nosec B308, B703


@register.filter
def text_direction(value) -> str:
    """``"rtl"`` when the first strong character of ``value`` is right-to-left (Arabic, Persian, Hebrew …),
    else ``"ltr"``: the rule of HTML's ``dir="auto"``, which WeasyPrint does not implement itself.

    Use it on every cell or line that shows a name: ``<td dir="{{ person.name|text_direction }}">``.
    """
    for char in str(value or ""):
        direction = unicodedata.bidirectional(char)
        if direction in _RTL_CLASSES:
            return "rtl"
        if direction in _LTR_CLASSES:
            return "ltr"
    return "ltr"
