"""The test document (names in five scripts) and helpers that read PDFs back."""

import io
from pathlib import Path

import pytest
from django.template import engines
from django.utils import translation

TEMPLATE = Path(__file__).parent / "templates" / "documents_test" / "names.html"

NAMES = [
    ("Jürgen Weiß", "Caritasverband Karlsruhe"),
    ("Ayşe Yılmaz", "Türkischer Elternverein"),
    ("İbrahim Öztürk", "Jobcenter Landkreis Karlsruhe"),
    ("Олена Шевченко", "Ukrainische Gemeinde"),
    ("محمد الأحمد", "Integrationsbeirat"),
    ("فاطمه احمدی", "Migrationsberatung"),
    ("Zoë Ñúñez-Łukasiewicz", "Volkshochschule"),
]
ARABIC, PERSIAN = NAMES[4][0], NAMES[5][0]


def names_html(*, rows: int = len(NAMES) * 3, second_page: bool = False, language: str = "de") -> str:
    """The test document: ``rows`` attendance rows cycling through :data:`NAMES` (21 rows: two pages)."""
    people = [{"name": NAMES[i % len(NAMES)][0], "organisation": NAMES[i % len(NAMES)][1]} for i in range(rows)]
    template = engines["django"].from_string(TEMPLATE.read_text(encoding="utf-8"))
    with translation.override(language):
        return template.render({"people": people, "second_page": second_page})


def pdf_text(pdf: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(pdf))


def pdf_reader(pdf: bytes):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf))


@pytest.fixture(scope="module")
def names_pdf():
    from documents.pdf import render_pdf

    return render_pdf(names_html())
