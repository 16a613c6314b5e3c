"""render_pdf and documents/base.html: names in five scripts, page numbers, metadata, tags, fonts."""

import subprocess
import sys
from pathlib import Path

from django.utils import translation
from pypdf.generic import IndirectObject

from documents.pdf import render_pdf
from tests.documents.conftest import ARABIC, NAMES, PERSIAN, names_html, pdf_reader, pdf_text

ROOT = Path(__file__).resolve().parents[2]


def _fonts(pdf: bytes) -> set[str]:
    fonts = set()
    for page in pdf_reader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


def _structure_tags(node, found=None) -> set[str]:
    found = set() if found is None else found
    node = node.get_object() if isinstance(node, IndirectObject) else node
    if isinstance(node, list):
        for child in node:
            _structure_tags(child, found)
    elif hasattr(node, "get") and node.get("/Type") == "/StructElem":
        found.add(str(node["/S"]))
        _structure_tags(node.get("/K", []), found)
    return found


def test_the_names_of_every_script_are_in_the_text(names_pdf):
    text = pdf_text(names_pdf)
    for name, organisation in NAMES:
        if name not in (ARABIC, PERSIAN):
            assert name in text
        assert organisation in text
    # pdfminer returns right-to-left text in visual order; pypdf gives it back in logical (reading) order.
    logical = "\n".join(page.extract_text() for page in pdf_reader(names_pdf).pages)
    assert ARABIC in logical
    assert PERSIAN in logical


def test_arabic_and_persian_are_drawn_with_noto_sans_arabic_not_dejavu(names_pdf):
    fonts = _fonts(names_pdf)
    assert any(font.endswith("+Noto-Sans-Arabic") for font in fonts), fonts
    assert any(font.endswith("+Noto-Sans") for font in fonts), fonts
    assert not any("DejaVu" in font for font in fonts), fonts


def test_two_pages_with_german_page_numbers_header_and_footer(names_pdf):
    pages = pdf_reader(names_pdf).pages
    assert len(pages) == 2
    first, second = (page.extract_text() for page in pages)
    assert "Seite 1 von 2" in first
    assert "Seite 2 von 2" in second
    for text in (first, second):  # the running header and footer are on every page
        assert "Landkreis Karlsruhe · Arbeitskreis Integreat" in text
        assert "Entwurf · Version 2" in text
    assert "Unterschrift" in second  # the table header row is repeated on the second page


def test_page_number_follows_the_language():
    with translation.override("en"):
        pdf = render_pdf(names_html(rows=3, language="en"))
    assert "Page 1 of 1" in pdf_text(pdf)


def test_page_break_starts_a_new_page():
    pages = pdf_reader(render_pdf(names_html(rows=3, second_page=True))).pages
    assert len(pages) == 2
    assert "Zweiter Brief" not in pages[0].extract_text()
    assert "Zweiter Brief" in pages[1].extract_text()


def test_a4_title_language_and_pdf_ua_metadata(names_pdf):
    reader = pdf_reader(names_pdf)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    assert reader.metadata.title == "Teilnehmendenliste Arbeitskreis Karlsruhe"
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "de"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    xmp = catalog["/Metadata"].get_object().get_data()
    assert b'pdfuaid:part="1"' in xmp
    assert b"Teilnehmendenliste Arbeitskreis Karlsruhe" in xmp
    assert reader.pdf_header == "%PDF-1.7"


def test_the_pdf_is_tagged_from_the_html_structure(names_pdf):
    catalog = pdf_reader(names_pdf).trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    root = catalog["/StructTreeRoot"].get_object()
    tags = _structure_tags(root["/K"])
    assert {"/Document", "/H1", "/P", "/Table", "/THead", "/TR", "/TH", "/TD"} <= tags


def test_html_lang_and_title_come_from_the_base_template():
    html = names_html(rows=1)
    assert '<html lang="de">' in html
    assert "<title>Teilnehmendenliste Arbeitskreis Karlsruhe</title>" in html
    assert names_html(rows=1, language="en").count('<html lang="en">') == 1


def test_weasyprint_is_imported_only_when_a_pdf_is_made():
    code = (
        "import django, os, sys; os.environ['DJANGO_SETTINGS_MODULE'] = 'arbeitskreis.settings_test'; django.setup(); "
        "import documents.pdf, documents.cache, documents.responses, documents.archive; "
        "print('weasyprint' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_the_header_separator_only_stands_between_municipality_and_group():
    from django.template import engines

    child = engines["django"].from_string(
        '{% extends "documents/base.html" %}{% block title %}Bericht{% endblock %}'
        "{% block header_group %}Netzwerk Baden-Württemberg{% endblock %}"
        "{% block content %}<h1>Bericht</h1>{% endblock %}"
    )
    text = pdf_text(render_pdf(child.render({})))
    assert "Netzwerk Baden-Württemberg" in text
    assert "·" not in text
