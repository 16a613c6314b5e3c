"""cached_pdf: an unchanged document is served without rendering, a changed one renders anew; pruning."""

import datetime
import io
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.utils import timezone

from documents import pdf as pdf_module
from documents.cache import cache_key, cached_pdf, prune
from documents.models import RenderedDocument
from tests.documents.conftest import names_html, pdf_text


class CountingRender:
    """The real renderer, counting its calls (injected into cached_pdf instead of mocking WeasyPrint)."""

    def __init__(self, before=None):
        self.calls = 0
        self.before = before

    def __call__(self, html, *, base_url=None):
        self.calls += 1
        if self.before:
            self.before()
        return pdf_module.render_pdf(html, base_url=base_url)


@pytest.fixture
def html():
    return names_html(rows=3)


@pytest.mark.django_db
def test_the_second_call_with_the_same_html_does_not_render(html, django_assert_num_queries):
    render = CountingRender()
    first = cached_pdf(html, render=render)
    with django_assert_num_queries(1):  # one SELECT, no UPDATE (last_used_at was just set)
        second = cached_pdf(html, render=render)
    assert render.calls == 1
    assert second == first
    assert "Jürgen Weiß" in pdf_text(second)
    entry = RenderedDocument.objects.get()
    assert entry.key == cache_key(html)
    assert entry.size == len(first)
    assert bytes(entry.content) == first


@pytest.mark.django_db
def test_a_changed_document_renders_anew(html):
    render = CountingRender()
    cached_pdf(html, render=render)
    changed = cached_pdf(html.replace("Jürgen Weiß", "Jürgen Weiß-Schmidt"), render=render)
    assert render.calls == 2
    assert "Jürgen Weiß-Schmidt" in pdf_text(changed)
    assert RenderedDocument.objects.count() == 2


@pytest.mark.django_db
def test_the_default_renderer_is_render_pdf(html):
    before = pdf_module.render_count
    cached_pdf(html)
    cached_pdf(html)
    assert pdf_module.render_count == before + 1


def test_the_key_depends_on_html_base_url_and_renderer_version(monkeypatch, html):
    key = cache_key(html)
    assert len(key) == 64
    assert cache_key(html) == key
    assert cache_key(html + " ") != key
    assert cache_key(html, base_url="https://ak.example.org/") != key
    monkeypatch.setattr(pdf_module, "RENDERER_REVISION", "test-bump")
    pdf_module.renderer_version.cache_clear()
    try:
        assert cache_key(html) != key
    finally:
        monkeypatch.undo()
        pdf_module.renderer_version.cache_clear()


@pytest.mark.django_db
def test_last_used_at_is_refreshed_at_most_once_a_day(html, django_assert_num_queries):
    cached_pdf(html)
    recent = timezone.now() - datetime.timedelta(hours=3)
    RenderedDocument.objects.update(last_used_at=recent)
    with django_assert_num_queries(1):
        cached_pdf(html)
    assert RenderedDocument.objects.get().last_used_at == recent
    RenderedDocument.objects.update(last_used_at=timezone.now() - datetime.timedelta(days=2))
    with django_assert_num_queries(2):
        cached_pdf(html)
    assert timezone.now() - RenderedDocument.objects.get().last_used_at < datetime.timedelta(minutes=1)


@pytest.mark.django_db
def test_an_entry_stored_by_another_server_meanwhile_is_no_error(html):
    """Another app server stores the same key while this one renders: the unique key refuses the second
    insert; the caller gets its PDF and its surrounding transaction stays usable."""

    def other_server_stores_it():
        RenderedDocument.objects.create(key=cache_key(html), renderer="other", content=b"%PDF-other", size=10)

    with transaction.atomic():
        pdf = cached_pdf(html, render=CountingRender(before=other_server_stores_it))
        assert RenderedDocument.objects.count() == 1  # the transaction still works after the refused insert
    assert pdf.startswith(b"%PDF-1.7")
    assert bytes(RenderedDocument.objects.get().content) == b"%PDF-other"


@pytest.mark.django_db(transaction=True)
def test_two_threads_rendering_the_same_document_at_once_both_get_it():
    if connection.vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database is not shared between threads; run on PostgreSQL")
    html = names_html(rows=3)
    both_missed = threading.Barrier(2, timeout=30)
    render = CountingRender(before=both_missed.wait)  # both threads have found no entry before either stores
    results, errors = [], []

    def download():
        try:
            results.append(cached_pdf(html, render=render))
        except Exception as error:  # noqa: BLE001 — collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=download) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert render.calls == 2
    assert len(results) == 2 and all(pdf.startswith(b"%PDF-") for pdf in results)
    assert RenderedDocument.objects.filter(key=cache_key(html)).count() == 1


def _entry(key, *, size, days_ago):
    when = timezone.now() - datetime.timedelta(days=days_ago)
    return RenderedDocument.objects.create(
        key=key.ljust(64, "0"), renderer="r", content=b"x" * size, size=size, created_at=when, last_used_at=when
    )


@pytest.mark.django_db
def test_prune_removes_old_entries_then_the_least_recently_used_over_the_cap():
    _entry("old", size=10, days_ago=40)
    _entry("a", size=400, days_ago=5)
    _entry("b", size=400, days_ago=3)
    _entry("c", size=400, days_ago=1)
    assert prune(days=30, max_bytes=900) == 2  # "old" by age, then "a" (least recently used) for the cap
    assert sorted(key[0] for key in RenderedDocument.objects.values_list("key", flat=True)) == ["b", "c"]
    assert prune(days=30, max_bytes=900) == 0


@pytest.mark.django_db
def test_prune_documents_command(settings):
    settings.DOCUMENTS_CACHE_DAYS = 30
    _entry("old", size=10, days_ago=31)
    _entry("new", size=10, days_ago=29)
    out = io.StringIO()
    call_command("prune_documents", stdout=out)
    assert "1 zwischengespeichertes PDF wurde entfernt." in out.getvalue()
    assert RenderedDocument.objects.count() == 1
    call_command("prune_documents", "--days", "1", stdout=out)
    assert RenderedDocument.objects.count() == 0
    with pytest.raises(CommandError, match="--days muss mindestens 1 sein"):
        call_command("prune_documents", "--days", "0")
