"""A PDF never fetches from the network: static files come from the finders, every other URL is refused."""

import socket

import pytest
from django.conf import settings
from django.test import override_settings

from documents.pdf import ResourceRefused, render_pdf, resolve_url, static_fetcher
from tests.documents.conftest import pdf_text

STATIC = settings.BASE_URL + "/static/"


@pytest.fixture
def no_network(monkeypatch):
    """Record (and refuse) every name lookup and connection attempt made while the test runs."""
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access in a test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return attempts


@pytest.fixture
def test_static(tmp_path):
    folder = tmp_path / "static"
    (folder / "documents-test").mkdir(parents=True)
    (folder / "documents-test" / "extra.css").write_text('h1::after { content: " STATIC-CSS-LOADED"; }')
    with override_settings(STATICFILES_DIRS=[*settings.STATICFILES_DIRS, folder]):
        yield folder


def _html(body: str, head: str = "") -> str:
    return f'<!DOCTYPE html><html lang="de"><head><title>Test</title>{head}</head><body>{body}</body></html>'


def test_static_files_are_read_from_the_finders_without_http(no_network):
    content, mime_type = resolve_url(STATIC + "css/arbeitskreis.css")
    assert mime_type == "text/css"
    assert content == (settings.BASE_DIR / "static/css/arbeitskreis.css").read_bytes()
    assert no_network == []


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/x.png",
        "https://example.org/static/css/arbeitskreis.css",  # the static path on another host
        "file:///etc/passwd",
        "ftp://example.org/x.png",
        STATIC + "../../etc/passwd",
        STATIC + "does-not-exist.css",
        settings.BASE_URL + "/admin/",  # the app's own pages are not static files either
    ],
)
def test_every_other_url_is_refused(url, no_network):
    with pytest.raises(ResourceRefused):
        resolve_url(url)
    with pytest.raises(ResourceRefused):
        static_fetcher().fetch(url)
    assert no_network == []


def test_an_external_image_and_stylesheet_are_not_fetched_and_the_pdf_is_still_made(no_network, caplog):
    html = _html(
        '<h1>Protokoll</h1><img src="http://example.org/x.png" alt="Logo">',
        head='<link rel="stylesheet" href="https://example.org/evil.css"><style>@import url(http://example.org/i.css);</style>',
    )
    pdf = render_pdf(html)
    assert pdf.startswith(b"%PDF-")
    assert "Protokoll" in pdf_text(pdf)
    assert no_network == []  # no DNS lookup, no connection
    assert "example.org/x.png" in caplog.text  # WeasyPrint logs the refused resource


def test_a_linked_static_stylesheet_is_applied(test_static, no_network):
    html = _html("<h1>Protokoll</h1>", head='<link rel="stylesheet" href="/static/documents-test/extra.css">')
    assert "STATIC-CSS-LOADED" in pdf_text(render_pdf(html))
    assert no_network == []


def test_data_urls_are_allowed(no_network):
    svg = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/%3E"
    response = static_fetcher().fetch(svg)
    assert response.read().startswith(b"<svg")
    assert no_network == []
