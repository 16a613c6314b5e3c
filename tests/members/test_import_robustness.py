"""Files that once broke the import: damaged workbooks, NUL bytes, over-long values, line numbers, odd cells."""

import datetime
import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from members import importing
from members.importing import analyse, guess_mapping
from members.models import ImportBatch, Organization, Participant
from members.tables import TableError, read_table

NOT_A_TABLE = "Die Datei ist keine Tabelle."
DAMAGED = "Die Excel-Datei ist beschädigt und kann nicht gelesen werden."


def url(world, name, **kwargs):
    return reverse(f"members:{name}", kwargs={**world.group.url_kwargs(), **kwargs})


def upload(client, world, data, name="liste.csv"):
    return client.post(url(world, "import-upload"), {"file": SimpleUploadedFile(name, data)}, follow=True)


def workbook_bytes(rows=(("Nachname", "Vorname"), ("Kaya", "Emre"))):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite(data, change):
    """A copy of the XLSX ``data`` with ``change(name, content)`` applied to every part (None drops the part)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            content = change(info.filename, source.read(info.filename))
            if content is not None:
                target.writestr(info.filename, content)
    return output.getvalue()


def cut(part):
    return lambda name, content: content[: len(content) // 2] if name == part else content


def chart_only_workbook():
    workbook = Workbook()
    sheet = workbook.active
    for row in ([1], [2], [3]):
        sheet.append(row)
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=1, min_row=1, max_row=3))
    chartsheet = workbook.create_chartsheet()
    chartsheet.add_chart(chart)
    workbook.remove(sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def bad_shared_string(name, content):
    if name == "xl/worksheets/sheet1.xml":
        # openpyxl writes inline strings; point A2 at a shared string that does not exist.
        return re.sub(rb'<c r="A2" t="inlineStr"><is><t>Kaya</t></is></c>', rb'<c r="A2" t="s"><v>999</v></c>', content)
    return content


DAMAGED_FILES = {
    "only a chart sheet": lambda: chart_only_workbook(),
    "cut-off workbook.xml": lambda: rewrite(workbook_bytes(), cut("xl/workbook.xml")),
    "cut-off styles.xml": lambda: rewrite(workbook_bytes(), cut("xl/styles.xml")),
    "cut-off sheet": lambda: rewrite(workbook_bytes(), cut("xl/worksheets/sheet1.xml")),
    "missing sheet part": lambda: rewrite(
        workbook_bytes(), lambda name, content: None if name == "xl/worksheets/sheet1.xml" else content
    ),
    "bad shared-string index": lambda: rewrite(workbook_bytes(), bad_shared_string),
}


@pytest.mark.parametrize("kind", DAMAGED_FILES)
def test_damaged_workbooks_raise_a_table_error(kind):
    data = DAMAGED_FILES[kind]()
    with pytest.raises(TableError) as error:
        read_table(data, "liste.xlsx")
    assert error.value.message.startswith((DAMAGED, "Die Excel-Datei enthält kein Tabellenblatt"))


def test_the_shared_string_file_really_was_changed():
    changed = rewrite(workbook_bytes(), bad_shared_string)
    assert b"<v>999</v>" in zipfile.ZipFile(io.BytesIO(changed)).read("xl/worksheets/sheet1.xml")


@pytest.mark.parametrize("kind", DAMAGED_FILES)
def test_damaged_workbooks_get_a_message_next_to_the_field(coordinator_client, world, kind):
    response = upload(coordinator_client, world, DAMAGED_FILES[kind](), "liste.xlsx")
    assert response.status_code == 200
    page = response.content.decode()
    assert DAMAGED in page or "Die Excel-Datei enthält kein Tabellenblatt mit einer Tabelle." in page
    assert not ImportBatch.objects.exists() and not Participant.objects.exists()


# --- NUL bytes and control characters -------------------------------------------------------------------------


def test_a_nul_byte_late_in_the_file_is_refused():
    data = ("Nachname;Vorname\n" + "Kaya;Emre\n" * 3000).encode() + b"Ende;\x00Nul\n"
    assert len(data) > 20_000
    with pytest.raises(TableError) as error:
        read_table(data)
    assert error.value.message.startswith(NOT_A_TABLE)


def test_a_nul_byte_is_refused_on_upload_and_nothing_is_stored(coordinator_client, world):
    data = ("Nachname;Vorname\n" + "Kaya;Emre\n" * 3000).encode() + b"Ende;\x00Nul\n"
    page = upload(coordinator_client, world, data).content.decode()
    assert NOT_A_TABLE in page
    assert not ImportBatch.objects.exists()


def test_single_control_characters_are_removed_from_cells():
    table = read_table(b"Nachname;Vorname\nKa\x07ya;Em\x1bre\n")
    assert table.rows == [["Kaya", "Emre"]]


# --- Over-long values -------------------------------------------------------------------------------------------


MAPPING = {"0": "family_name", "1": "email", "2": "organization", "3": "phone", "4": "languages"}


def test_over_long_values_are_invalid_rows_with_a_note():
    long_email = "a" * 250 + "@example.org"  # 262 characters: valid for validate_email, too long to store
    rows = [
        ["Kaya", long_email, "", "", ""],
        ["N" * 101, "", "", "", ""],
        ["Haddad", "", "O" * 201, "", ""],
        ["Ahmadi", "", "", "0" * 51, ""],
        ["Fine", "fine@example.org", "AWO", "0151", "de, ar"],
    ]
    results = analyse(rows, MAPPING, {})
    assert [r.outcome for r in results] == ["too_long"] * 4 + ["new"]
    assert results[0].note == "„E-Mail-Adresse“ ist länger als 254 Zeichen."
    assert results[1].note == "„Nachname“ ist länger als 100 Zeichen."
    assert results[2].note == "„Organisation“ ist länger als 200 Zeichen."
    assert "„Telefon“ ist länger als 50 Zeichen." in results[3].note


def test_many_languages_never_overflow_the_field():
    words = ", ".join(["Deutsch", "English", "ar", "fa", "uk", "ru", "ro", "tr", "ku", "ps", "ti"] * 10)
    assert len(words) > 200
    (result,) = analyse([["Kaya", "", "", "", words]], MAPPING, {})
    assert result.outcome == "new"
    packed = ",".join(result.languages)
    assert len(packed) < Participant._meta.get_field("languages").max_length


def test_over_long_rows_are_shown_and_not_imported(coordinator_client, world):
    prefix = "Verein " + "x" * 193  # 200 characters
    data = (
        "Nachname;E-Mail;Organisation;Sprachen\n"
        f"Kaya;{'a' * 250}@example.org;;\n"
        f"Haddad;;{prefix}A;\n"
        f"Ahmadi;;{prefix}B;\n"
        f"Fine;fine@example.org;AWO;{', '.join(['Deutsch', 'Arabisch', 'Türkisch'] * 30)}\n"
    ).encode()
    response = upload(coordinator_client, world, data)
    page = response.content.decode()
    assert page.count("Wert zu lang – übersprungen") == 3
    assert "„Organisation“ ist länger als 200 Zeichen." in page
    batch = ImportBatch.objects.get()
    confirm_url = url(world, "import-confirm", batch=batch.pk)
    response = coordinator_client.post(confirm_url, {"consent_method": ""}, follow=True)
    assert response.status_code == 200
    assert list(Participant.objects.values_list("family_name", "languages")) == [("Fine", ",de,ar,tr,")]
    assert list(Organization.objects.values_list("name", flat=True)) == ["AWO"]


# --- Line numbers ---------------------------------------------------------------------------------------------


def test_line_numbers_follow_the_file_with_sep_line_blank_lines_and_line_breaks_in_cells():
    text = (
        "sep=;\n"  # line 1
        "\n"  # line 2
        "Nachname;E-Mail;Notizen\n"  # line 3
        'Kaya;k@example.org;"erste Zeile\nzweite Zeile"\n'  # lines 4–5
        "\n"  # line 6
        "Haddad;h@example.org;\n"  # line 7
        "Kaya;K@example.org;\n"  # line 8
    )
    table = read_table(text.encode())
    assert table.lines == [4, 6, 7, 8]
    results = analyse(table.rows, guess_mapping(table.headers), {}, lines=table.lines)
    assert [(r.line, r.outcome) for r in results] == [(4, "new"), (6, "empty"), (7, "new"), (8, "duplicate")]
    assert results[3].note == "Gleiche E-Mail-Adresse wie in Zeile 4."


def test_xlsx_line_numbers_are_the_row_numbers():
    workbook = Workbook()
    sheet = workbook.active
    sheet["A3"], sheet["B3"] = "Nachname", "E-Mail"
    sheet["A5"], sheet["B5"] = "Kaya", "k@example.org"
    sheet["A6"], sheet["B6"] = "Kaya", "k@example.org"
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "liste.xlsx")
    assert table.lines == [4, 5, 6]
    results = analyse(table.rows, guess_mapping(table.headers), {}, lines=table.lines)
    assert results[2].note == "Gleiche E-Mail-Adresse wie in Zeile 5."


def test_preview_shows_the_file_lines(coordinator_client, world):
    text = "\n\nNachname;E-Mail\nKaya;k@example.org\nKaya;k@example.org\n"
    page = upload(coordinator_client, world, text.encode()).content.decode()
    assert "Gleiche E-Mail-Adresse wie in Zeile 4." in page
    assert re.search(r"<td[^>]*>5</td>\s*<td[^>]*><span class=\"badge text-bg-danger\">", page)
    assert ImportBatch.objects.get().lines == [4, 5]


# --- XLSX cells -----------------------------------------------------------------------------------------------


def test_xlsx_time_bool_and_formula_cells():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nachname", "Notizen", "Funktion", "Telefon", "Vorname"])
    sheet.append(["Kaya", datetime.time(9, 30), True, "=1+1", datetime.date(2025, 3, 1)])
    sheet.append(["Haddad", datetime.datetime(2025, 3, 1, 14, 5), False, "", None])
    buffer = io.BytesIO()
    workbook.save(buffer)  # openpyxl saves no cached result for D2
    table = read_table(buffer.getvalue(), "liste.xlsx")
    assert table.rows == [["Kaya", "09:30", "ja", "", "01.03.2025"], ["Haddad", "01.03.2025 14:05", "nein", "", ""]]
    assert table.empty_formulas == ["D2"]


def test_preview_warns_about_formulas_without_a_result(coordinator_client, world):
    workbook = Workbook()
    workbook.active.append(["Nachname", "Telefon"])
    workbook.active.append(["Kaya", '=A2&"1"'])
    buffer = io.BytesIO()
    workbook.save(buffer)
    page = upload(coordinator_client, world, buffer.getvalue(), "liste.xlsx").content.decode()
    assert "1 Zelle enthält eine Formel ohne gespeichertes Ergebnis und wurde als leer gelesen: B2." in page


# --- sep= line and columns without a header ---------------------------------------------------------------------


@pytest.mark.parametrize("separator", [";", ",", "\t", "|"])
def test_known_sep_lines(separator):
    table = read_table(f"sep={separator}\nNachname{separator}Vorname\nKaya{separator}Emre\n".encode())
    assert table.rows == [["Kaya", "Emre"]]


@pytest.mark.parametrize("line", ['sep="', "sep=x", '"sep=""'])
def test_unknown_sep_lines_are_refused(line):
    with pytest.raises(TableError) as error:
        read_table(f"{line}\nNachname;Vorname\nKaya;Emre\n".encode())
    assert error.value.message.startswith("Die erste Zeile nennt ein unbekanntes Trennzeichen.")


def test_column_without_header_leads_to_the_mapping_step(coordinator_client, world):
    response = upload(coordinator_client, world, b"Nachname;Vorname;\nKaya;Emre;Raum 4\n")
    batch = ImportBatch.objects.get()
    assert response.redirect_chain[-1][0].endswith(url(world, "import-map", batch=batch.pk))
    assert "Spalte 3" in response.content.decode() and "Raum 4" in response.content.decode()


def test_empty_column_without_header_goes_straight_to_the_preview(coordinator_client, world):
    response = upload(coordinator_client, world, b"Nachname;;Vorname\nKaya;;Emre\n")
    batch = ImportBatch.objects.get()
    assert response.redirect_chain[-1][0].endswith(url(world, "import-preview", batch=batch.pk))


# --- Languages -------------------------------------------------------------------------------------------------


def test_only_codes_of_the_project_list_are_taken():
    assert importing.parse_languages("de, xx, Kroatisch, Croatian, Farsi") == (["de", "hr", "fa"], ["xx"])


def test_upload_page_lists_the_recognised_headers_from_the_aliases(coordinator_client, world):
    page = coordinator_client.get(url(world, "import-upload")).content.decode()
    for aliases in importing.HEADER_ALIASES.values():
        for alias in aliases:
            assert alias in page
