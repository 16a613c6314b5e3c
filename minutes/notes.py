"""Notes in a safe subset of Markdown: paragraphs, lists, bold and italics, links — rendered with Python-Markdown
and sanitised with nh3, the same on the minutes page and in the PDF.

Everything else is dropped, never passed through: raw HTML and scripts in the text, images, and links whose scheme
is not http, https or mailto (``javascript:`` becomes a link without an address, i.e. plain text).
"""

import functools
import html

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "b", "i", "a", "code", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_markdown(text: str) -> SafeString:
    """The notes as HTML that is safe to put into a page (sanitised, links open no other window's opener)."""
    if not text or not text.strip():
        return mark_safe("")  # noqa: S308 — empty  # nosec B308
    return mark_safe(_sanitised_html(text))  # noqa: S308 — sanitised by nh3  # nosec B308, B703


# A pure function of the text: a protocol shows the same notes on its page, in its PDF and in every version, so the
# last few hundred are kept (a cached PDF download then costs its queries, not a Markdown run per item).
@functools.lru_cache(maxsize=512)
def _sanitised_html(text: str) -> str:
    html = markdown.markdown(text, extensions=["sane_lists", "nl2br"], output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )


def plain_text(text: str) -> str:
    """The notes without markup, for the comparison of versions and for text exports."""
    return html.unescape(nh3.clean(str(render_markdown(text)), tags=set())).strip()
