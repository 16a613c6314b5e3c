"""Uploads built to take a server down: each is refused with a German message in well under a second, with little
memory, and nothing is stored. The files are built here, by hand (members/xlsx.py reads them)."""

import io
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members import xlsx
from members.models import ImportBatch
from members.tables import TableError, read_table
from tests.members.xlsx_builder import HEADER_ROW, MAIN, SHEET_HEAD, SHEET_TAIL, inline, repeated, workbook

LIMIT = 1.0  # seconds; a refusal takes a few milliseconds, the old import took 30 s until gunicorn killed it
TOO_BIG = "Die Excel-Datei ist entpackt größer als 20,0\xa0MB."  # filesizeformat joins with a no-break space
DAMAGED = "Die Excel-Datei ist beschädigt und kann nicht gelesen werden."
NOT_A_TABLE = "Die Datei ist keine Tabelle."
TOO_MANY_ROWS = "Die Datei hat mehr als 10.000 Zeilen. Bitte teilen Sie sie auf."
TOO_MANY_COLUMNS = "Die Datei hat mehr als 100 Spalten."
ONE_ROW = b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>Kaya</t></is></c></row>'


UNNUMBERED_ROW = b'<row><c t="inlineStr"><is><t>Kaya</t></is></c></row>'  # rows and cells may leave out "r"


def rows_without_dimension():
    """A million rows and no ``<dimension>``: openpyxl would read them all to find the sheet's size."""
    return workbook([SHEET_HEAD, HEADER_ROW, *repeated(UNNUMBERED_ROW, 1_000_000), SHEET_TAIL])


def rows_with_bogus_dimension():
    """A million rows under a ``<dimension>`` that claims two cells."""
    head = SHEET_HEAD.replace(b"<sheetData>", b'<dimension ref="A1:A2"/><sheetData>')
    return workbook([head, HEADER_ROW, *repeated(UNNUMBERED_ROW, 1_000_000), SHEET_TAIL])


def one_huge_row():
    """One row of a million cells (columns up to XFD and beyond are not even needed)."""
    cell = b'<c t="inlineStr"><is><t>x</t></is></c>'
    return workbook([SHEET_HEAD, HEADER_ROW, b'<row r="2">', *repeated(cell, 1_000_000), b"</row>", SHEET_TAIL])


def one_huge_cell():
    """A cell of 60 million characters: about 60 KB packed."""
    return workbook(
        [SHEET_HEAD, HEADER_ROW, b'<row r="2"><c r="A2" t="inlineStr"><is><t>']
        + [b"x" * 1_000_000] * 60
        + [b"</t></is></c></row>", SHEET_TAIL]
    )


def huge_shared_strings():
    """A shared-strings part of 60 MB (one string), used by the second row."""
    sheet = [SHEET_HEAD, HEADER_ROW, b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>', SHEET_TAIL]
    shared = [f'<sst xmlns="{MAIN}"><si><t>'.encode()] + [b"x" * 1_000_000] * 60 + [b"</t></si></sst>"]
    return workbook(sheet, shared)


def many_parts():
    """Five thousand tiny parts besides the sheet (the archive's directory alone takes time to read)."""
    parts = [(f"xl/media/image{number}.xml", b"<x/>") for number in range(5_000)]
    return workbook([SHEET_HEAD, HEADER_ROW, SHEET_TAIL], extra_parts=parts)


def nested_zips(depth=10):
    """A zip in a zip in a zip …, each holding ten copies of the one inside, in place of the sheet: unpacked all
    the way down it would be 10¹⁰ times the innermost part. Nothing here unpacks a zip inside a zip."""
    inner = _zip([("data.bin", b"\0" * 1_000_000)])
    for _level in range(depth):
        inner = _zip([(f"level{copy}.zip", inner) for copy in range(10)])
    return workbook(inner)


def nested_zip_without_workbook(depth=10):
    """The same nest on its own, uploaded as .xlsx."""
    inner = _zip([("data.bin", b"\0" * 1_000_000)])
    for _level in range(depth):
        inner = _zip([(f"level{copy}.zip", inner) for copy in range(10)])
    return inner


def _zip(parts):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts:
            archive.writestr(name, content)
    return buffer.getvalue()


def _blocks(chunks, size=10_000):
    block = []
    for chunk in chunks:
        block.append(chunk)
        if len(block) == size:
            yield b"".join(block)
            block = []
    yield b"".join(block)


def url(world, name):
    return reverse(f"members:{name}", kwargs=world.group.url_kwargs())


def timed_upload(client, world, data, name="liste.xlsx"):
    start = time.perf_counter()
    response = client.post(url(world, "import-upload"), {"file": SimpleUploadedFile(name, data)})
    return response, time.perf_counter() - start


# Each shape under the default settings: the archive's directory gives it away before anything is unpacked.
SHAPES = {
    "no dimension": (rows_without_dimension, TOO_BIG),
    "bogus dimension": (rows_with_bogus_dimension, TOO_BIG),
    "one huge row": (one_huge_row, TOO_BIG),
    "one huge cell": (one_huge_cell, TOO_BIG),
    "huge shared strings": (huge_shared_strings, TOO_BIG),
    "many parts": (many_parts, "Die Excel-Datei besteht aus mehr als 1.000 Teilen."),
    "nested zips as the sheet": (nested_zips, DAMAGED),
    "nested zips": (nested_zip_without_workbook, NOT_A_TABLE),
}

# The same shapes with the archive limits lifted: the limits checked while the sheet streams in stop them.
STREAMED = {
    "no dimension": (rows_without_dimension, TOO_MANY_ROWS),
    "bogus dimension": (rows_with_bogus_dimension, TOO_MANY_ROWS),
    "one huge row": (one_huge_row, TOO_MANY_COLUMNS),
    "one huge cell": (one_huge_cell, "Die Zelle A2 enthält mehr als 5.000 Zeichen. Bitte kürzen Sie den Inhalt."),
    "huge shared strings": (huge_shared_strings, "Die Zelle A2 enthält mehr als 5.000 Zeichen."),
}

_built = {}


def built(shape):
    if shape not in _built:
        _built[shape] = shape()
    return _built[shape]


@pytest.fixture
def lifted(settings):
    settings.MEMBERS_IMPORT_XLSX_MAX_PART_BYTES = 10**10
    settings.MEMBERS_IMPORT_XLSX_MAX_UNPACKED_BYTES = 10**10
    settings.MEMBERS_IMPORT_XLSX_MAX_RATIO = 10**6


def test_the_hand_built_workbook_is_read():
    rows = [SHEET_HEAD, HEADER_ROW, b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>', SHEET_TAIL]
    table = read_table(workbook(rows, f'<sst xmlns="{MAIN}"><si><t>Kaya</t></si></sst>'.encode()), "liste.xlsx")
    assert (table.headers, table.rows, table.lines) == (["Nachname"], [["Kaya"]], [2])


@pytest.mark.parametrize("shape", SHAPES)
def test_hostile_workbooks_are_refused_at_once(coordinator_client, world, shape):
    build, message = SHAPES[shape]
    data = built(build)
    assert len(data) < 2 * 1024 * 1024  # under the upload limit: it is the content that must be refused
    response, seconds = timed_upload(coordinator_client, world, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert seconds < LIMIT, f"{shape}: {seconds:.3f} s"
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("shape", STREAMED)
def test_without_the_archive_limits_the_streaming_limits_stop_them(coordinator_client, world, lifted, shape):
    build, message = STREAMED[shape]
    response, seconds = timed_upload(coordinator_client, world, built(build))
    assert message in response.content.decode()
    assert seconds < LIMIT, f"{shape}: {seconds:.3f} s"
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("archive_limits", ["default", "lifted"])
def test_a_60_mb_cell_needs_little_memory(request, archive_limits):
    if archive_limits == "lifted":
        request.getfixturevalue("lifted")
    data = built(one_huge_cell)
    tracemalloc.start()
    try:
        with pytest.raises(TableError):
            read_table(data, "liste.xlsx")
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024, f"{peak / 1024 / 1024:.1f} MB"  # the old import used 3 GB


def test_the_huge_shared_strings_part_is_refused_before_it_is_parsed(monkeypatch):
    parsed = []
    original = xlsx._parse
    monkeypatch.setattr(
        xlsx, "_parse", lambda archive, name, *args: parsed.append(name) or original(archive, name, *args)
    )
    with pytest.raises(TableError) as error:
        read_table(built(huge_shared_strings), "liste.xlsx")
    assert error.value.message.startswith(TOO_BIG)
    assert parsed == []  # not even the workbook part


def test_shared_strings_are_read_only_as_far_as_the_sheet_needs_them(lifted):
    sheet = [SHEET_HEAD, b'<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>']
    strings = [f'<sst xmlns="{MAIN}"><si><t>Nachname</t></si><si><t>Kaya</t></si>'.encode()]
    strings += repeated(b"<si><t>unused</t></si>", 3_000_000)  # 63 MB the sheet never shows
    data = workbook([*sheet, SHEET_TAIL], [*strings, b"</sst>"])
    start = time.perf_counter()
    table = read_table(data, "liste.xlsx")
    assert time.perf_counter() - start < LIMIT
    assert table.rows == [["Kaya"]]


@pytest.mark.parametrize(
    ("flood", "message"),
    [
        (b"<row/>", TOO_MANY_ROWS),  # empty rows: nothing kept, but each costs time
        (b'<c s="1"/>', TOO_MANY_COLUMNS),  # empty cells far right in the second row
        (b"<x/>", "Das Tabellenblatt hat mehr als 500.000 Einträge."),  # elements that mean nothing
    ],
)
def test_floods_of_empty_elements_stop_early(lifted, flood, message):
    row_start = b"<row>" + inline("A2", "Kaya") if flood != b"<row/>" else b""
    row_end = b"</row>" if flood != b"<row/>" else b""
    data = workbook([SHEET_HEAD, HEADER_ROW, row_start, *repeated(flood, 1_000_000), row_end, SHEET_TAIL])
    start = time.perf_counter()
    with pytest.raises(TableError) as error:
        read_table(data, "liste.xlsx")
    assert time.perf_counter() - start < LIMIT
    assert error.value.message.startswith(message)


def test_a_table_at_the_row_limit_is_still_read(settings):
    rows = (ONE_ROW % (number, number) for number in range(2, 10_002))
    table = read_table(workbook([SHEET_HEAD, HEADER_ROW, *_blocks(rows), SHEET_TAIL]), "liste.xlsx")
    assert len(table.rows) == 10_000 and table.lines[-1] == 10_001


def test_doctype_and_entities_are_refused():
    doctype = b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]>'
    sheet = doctype + f'<worksheet xmlns="{MAIN}"><sheetData>'.encode() + HEADER_ROW + SHEET_TAIL
    with pytest.raises(TableError) as error:
        read_table(workbook(sheet), "liste.xlsx")
    assert error.value.message.startswith(DAMAGED)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (("Nachname;Notizen\nKaya;" + "x" * 5_001 + "\n").encode(), "Zeile 2 enthält eine Zelle mit mehr als 5.000"),
        (("Nachname;Notizen\nKaya;" + "x" * 200_000 + "\n").encode(), "Zeile 2 enthält eine Zelle mit mehr als 5.000"),
    ],
)
def test_csv_cells_have_the_same_length_limit(coordinator_client, world, data, message):
    response, seconds = timed_upload(coordinator_client, world, data, "liste.csv")
    assert message in response.content.decode()
    assert seconds < LIMIT
    assert not ImportBatch.objects.exists()
