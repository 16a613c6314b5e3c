"""HTML → PDF with WeasyPrint: A4, tagged (PDF/UA-1), one font configuration, nothing fetched from the network.

WeasyPrint is imported inside the functions that render (a heavy library: pango, harfbuzz, fontTools), so a
process that never makes a PDF never loads it.

Resources a document refers to are resolved by :func:`resolve_url` without any HTTP request: ``/static/…``
(absolute, or relative to ``settings.BASE_URL``) is read through the staticfiles finders (development, tests)
or the static files storage (production, hashed names after ``collectstatic``); ``data:`` URLs are decoded;
every other URL — another host, ``file:``, ``ftp:`` — is refused, and WeasyPrint renders without it (a
warning in the log). A PDF never reaches out to the network, whatever HTML it is given.

Renders in one process are serialised by a lock: the font configuration (a fontconfig configuration plus a
Pango font map) is shared by every render, and Pango does not promise that a font map may be used from two
threads at once. Rendering is CPU-bound Python, so under the GIL the lock costs next to nothing.
"""

import functools
import mimetypes
import threading
from importlib.metadata import version
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured, SuspiciousFileOperation

#: Bump when the fonts, the render options or anything else that changes the PDF of the same HTML changes
#: (the print CSS is inlined into the HTML, so a change there changes the cache key by itself).
RENDERER_REVISION = "1"
#: Accessible, tagged PDF: PDF 1.7 with a structure tree, /MarkInfo, /Lang, DisplayDocTitle and pdfuaid XMP.
PDF_VARIANT = "pdf/ua-1"
#: The default page for HTML that does not extend documents/base.html (a user stylesheet: the author's wins).
DEFAULT_PAGE_CSS = "@page { size: A4; margin: 2cm }"

#: How many PDFs this process has rendered (tests and the benchmark read it).
render_count = 0

_lock = threading.Lock()


class ResourceRefused(ValueError):
    """A document asked for a resource outside the static files (another host, a local file, …)."""


@functools.cache
def renderer_version() -> str:
    """The version string that enters every cache key: WeasyPrint's version plus :data:`RENDERER_REVISION`."""
    return f"weasyprint-{version('weasyprint')}/pydyf-{version('pydyf')}/documents-{RENDERER_REVISION}"


def default_base_url() -> str:
    """The base URL relative links in a document resolve against: the public address of this installation."""
    return settings.BASE_URL.rstrip("/") + "/"


def _static_prefix() -> str:
    return urljoin(default_base_url(), settings.STATIC_URL)


def resolve_url(url: str) -> tuple[bytes, str]:
    """Return ``(content, mime type)`` of a static file URL; raise :class:`ResourceRefused` for anything else."""
    parts = urlsplit(url)
    prefix = _static_prefix()
    if parts.scheme not in ("http", "https") or not url.startswith(prefix):
        raise ResourceRefused(f"PDF documents only load static files, not {url!r}")
    path = unquote(parts.path[len(urlsplit(prefix).path) :])
    content = _read_static(path)
    if content is None:
        raise ResourceRefused(f"No static file {path!r}")
    return content, mimetypes.guess_type(path)[0] or "application/octet-stream"


def _read_static(path: str) -> bytes | None:
    try:
        found = finders.find(path)
        if found:
            with open(found, "rb") as file:
                return file.read()
        if staticfiles_storage.exists(path):  # hashed names of ManifestStaticFilesStorage after collectstatic
            with staticfiles_storage.open(path) as file:
                return file.read()
    except (SuspiciousFileOperation, ImproperlyConfigured, OSError, ValueError):  # no STATIC_ROOT: finders only
        return None
    return None


@functools.cache
def _weasyprint():
    """Import WeasyPrint once and build what every render shares: the fetcher class, fonts, the page CSS."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        """WeasyPrint's fetcher restricted to :func:`resolve_url` and ``data:`` URLs (decoded, no network)."""

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            content, mime_type = resolve_url(url)
            return URLFetcherResponse(url, content, {"Content-Type": mime_type})

    font_config = FontConfiguration()
    page_css = CSS(string=DEFAULT_PAGE_CSS, font_config=font_config)
    return HTML, StaticOnlyFetcher, font_config, page_css


def static_fetcher():
    """A WeasyPrint URL fetcher that serves static files and ``data:`` URLs and refuses every other URL."""
    return _weasyprint()[1]()


def render_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """Render ``html`` to an A4, tagged PDF (PDF/UA-1) and return its bytes.

    ``base_url`` defaults to ``settings.BASE_URL``, so ``{% static %}`` links resolve to the static files.
    The HTML should extend ``documents/base.html``, which sets ``lang``, the ``<title>``, fonts and pages.
    """
    global render_count
    with _lock:
        html_class, fetcher_class, font_config, page_css = _weasyprint()
        document = html_class(string=html, base_url=base_url or default_base_url(), url_fetcher=fetcher_class())
        pdf = document.write_pdf(stylesheets=[page_css], font_config=font_config, pdf_variant=PDF_VARIANT)
        render_count += 1
    return pdf
