"""Benchmark: a 6-page PDF through documents/ against WeasyPrint rendering the same HTML directly.

    .venv/bin/python bench/documents_pdf.py                 # SQLite (a fresh temporary database)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/arbeitskreis_bench .venv/bin/python bench/documents_pdf.py

Not part of the test run. The document is the test document of tests/documents (documents/base.html, an
attendance table of names in Latin, Turkish, Cyrillic, Arabic and Persian script) with enough rows for six
pages. In the same run and interleaved, so that both see the same machine load, it times

- ``render_pdf(html)``: the app's renderer (shared font configuration, static-only fetcher, pdf/ua-1 tags);
- ``HTML(string=html).write_pdf()``: WeasyPrint directly, with its defaults (no tags);
- ``HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")``: directly with the same output as the app, for
  information — the difference to the line above is what tagging costs;
- ``cached_pdf(html)`` when the PDF is in the cache (its own temporary database, as the test runner makes it).

Goals (exit status 1 when one is missed): the app renders in at most 1.3 times the direct time, and a cached
download is at least 50 times faster than rendering.
"""

import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arbeitskreis.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

ROWS = 90  # six A4 pages
ROUNDS = 9
HITS = 200
GOAL_RENDER_RATIO = 1.3
GOAL_CACHE_SPEEDUP = 50


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def main() -> int:
    from django.test.utils import get_runner
    from pypdf import PdfReader
    from weasyprint import HTML

    from documents.cache import cached_pdf
    from documents.pdf import render_pdf
    from tests.documents.conftest import names_html

    html = names_html(rows=ROWS)
    pages = len(PdfReader(io.BytesIO(render_pdf(html))).pages)  # also the warm-up of the app
    HTML(string=html).write_pdf()  # warm-up of the direct path

    app, direct, direct_tagged = [], [], []
    for _ in range(ROUNDS):
        app.append(timed(lambda: render_pdf(html)))
        direct.append(timed(lambda: HTML(string=html).write_pdf()))
        direct_tagged.append(timed(lambda: HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")))

    setup_test_environment()
    runner = get_runner(django.conf.settings)(verbosity=0, interactive=False)
    old_config = runner.setup_databases()
    try:
        first = timed(lambda: cached_pdf(html))  # a miss: renders and stores
        hits = [timed(lambda: cached_pdf(html)) for _ in range(HITS)]
        vendor = connection.vendor
    finally:
        runner.teardown_databases(old_config)

    app_ms, direct_ms, tagged_ms, hit_ms = (statistics.median(values) for values in (app, direct, direct_tagged, hits))
    render_ratio = app_ms / direct_ms
    cache_speedup = app_ms / hit_ms
    print(f"{pages} pages, {ROWS} rows, {len(html) // 1024} KB of HTML; medians of {ROUNDS} renders, {HITS} hits")
    print(f"{'render_pdf (app, pdf/ua-1)':40} {app_ms:9.1f} ms")
    print(f"{'WeasyPrint directly, write_pdf()':40} {direct_ms:9.1f} ms")
    print(f"{'WeasyPrint directly, pdf/ua-1':40} {tagged_ms:9.1f} ms   (what tagging costs, for information)")
    print(f"{'cached_pdf, first call (miss)':40} {first:9.1f} ms   ({vendor})")
    print(f"{'cached_pdf, hit':40} {hit_ms:9.2f} ms")
    print(f"app / direct:            {render_ratio:5.2f}   (goal <= {GOAL_RENDER_RATIO})")
    print(f"app / direct with tags:  {app_ms / tagged_ms:5.2f}   (the app's own overhead)")
    print(f"render / cached hit:     {cache_speedup:5.0f}x  (goal >= {GOAL_CACHE_SPEEDUP}x)")
    missed = []
    if render_ratio > GOAL_RENDER_RATIO:
        missed.append(f"render ratio {render_ratio:.2f} > {GOAL_RENDER_RATIO}")
    if cache_speedup < GOAL_CACHE_SPEEDUP:
        missed.append(f"cache speed-up {cache_speedup:.0f}x < {GOAL_CACHE_SPEEDUP}x")
    if missed:
        print("GOAL MISSED: " + "; ".join(missed))
        return 1
    print("all goals met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
