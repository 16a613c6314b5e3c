"""PdfResponse headers, filenames, and the ZIP of several documents."""

import io
import zipfile

import pytest

from documents.archive import unique_names, zip_response
from documents.responses import PdfResponse, ascii_filename, clean_filename


def test_pdf_response_headers():
    response = PdfResponse(b"%PDF-1.7 test", filename="Protokoll Jürgen Weiß 12.03.2026.pdf")
    assert response.content == b"%PDF-1.7 test"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="Protokoll_Juergen_Weiss_12.03.2026.pdf"; '
        "filename*=UTF-8''Protokoll%20J%C3%BCrgen%20Wei%C3%9F%2012.03.2026.pdf"
    )
    assert response["Content-Length"] == "13"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_inline_pdf_response():
    response = PdfResponse(b"%PDF", filename="Anwesenheitsliste.pdf", inline=True)
    assert response["Content-Disposition"].startswith('inline; filename="Anwesenheitsliste.pdf"; ')


@pytest.mark.parametrize(
    ("raw", "clean", "ascii"),
    [
        ("../../etc/passwd", "etc_passwd", "etc_passwd"),
        (
            'Einladung "Ayşe"\r\nSet-Cookie: x.pdf',
            "Einladung _Ayşe_Set-Cookie_ x.pdf",
            "Einladung_Ayse_Set-Cookie_x.pdf",
        ),
        ("Олена Шевченко.pdf", "Олена Шевченко.pdf", "document.pdf"),
        ("Protokoll محمد الأحمد.pdf", "Protokoll محمد الأحمد.pdf", "Protokoll.pdf"),
        ("...", "document", "document"),
    ],
)
def test_filenames_are_cleaned(raw, clean, ascii):
    assert clean_filename(raw) == clean
    assert ascii_filename(raw) == ascii
    disposition = PdfResponse(b"", filename=raw)["Content-Disposition"]
    assert "\n" not in disposition and "\r" not in disposition
    assert disposition.isascii()


def test_unique_names_number_repeats_case_insensitively_and_keep_umlauts():
    assert unique_names(
        [
            "Protokoll 12.03.2026.pdf",
            "Protokoll 12.03.2026.pdf",
            "PROTOKOLL 12.03.2026.pdf",
            "Übersicht",
            "Übersicht",
            "../Karlsruhe/Protokoll.pdf",
            "Karlsruhe/Protokoll.pdf",
            "/etc/passwd",
        ]
    ) == [
        "Protokoll 12.03.2026.pdf",
        "Protokoll 12.03.2026 (2).pdf",
        "PROTOKOLL 12.03.2026 (3).pdf",
        "Übersicht",
        "Übersicht (2)",
        "Karlsruhe/Protokoll.pdf",
        "Karlsruhe/Protokoll (2).pdf",
        "etc/passwd",
    ]


def test_zip_response_holds_every_file_under_a_readable_utf8_name():
    files = [
        ("Protokoll Frühjahrstreffen 2026.pdf", b"%PDF-1"),
        ("Protokoll Frühjahrstreffen 2026.pdf", b"%PDF-2"),
        ("Anwesenheitsliste Şubat.pdf", b"%PDF-3"),
    ]
    response = zip_response(iter(files), filename="Protokolle Arbeitskreis Karlsruhe.zip")
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="Protokolle_Arbeitskreis_Karlsruhe.zip"')
    assert response["Cache-Control"] == "private, no-store"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert archive.testzip() is None
        infos = archive.infolist()
        assert [info.filename for info in infos] == [
            "Protokoll Frühjahrstreffen 2026.pdf",
            "Protokoll Frühjahrstreffen 2026 (2).pdf",
            "Anwesenheitsliste Şubat.pdf",
        ]
        assert all(info.flag_bits & 0x800 for info in infos)  # the UTF-8 name flag: no mojibake in Windows
        assert [archive.read(info) for info in infos] == [b"%PDF-1", b"%PDF-2", b"%PDF-3"]
