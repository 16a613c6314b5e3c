"""The import parser: encodings, separators, headers, row outcomes — pure functions, no database."""

import io

import pytest
from openpyxl import Workbook

from members import importing, tables
from members.importing import analyse, guess_mapping
from members.tables import TableError, read_table


def test_sample_file_is_read_with_all_columns(sample_bytes):
    table = read_table(sample_bytes, "teilnahmeliste.csv")
    assert table.headers == ["Nachname", "Vorname", "Organisation", "Funktion", "E-Mail", "Telefon", "Sprachen"]
    assert len(table.rows) == 7
    assert table.rows[0][:2] == ["Yılmaz", "Ayşe"]
    assert table.rows[6][2] == "Stadtverwaltung, Amt für Integration"  # a comma inside a ;-separated field
    mapping = guess_mapping(table.headers)
    assert mapping == {
        "0": "family_name",
        "1": "given_name",
        "2": "organization",
        "3": "function",
        "4": "email",
        "5": "phone",
        "6": "languages",
    }


def test_sample_rows_are_all_new_and_popescu_has_no_email(sample_bytes):
    table = read_table(sample_bytes)
    results = analyse(table.rows, guess_mapping(table.headers), existing_emails={})
    assert [r.outcome for r in results] == ["new"] * 7
    popescu = results[5]
    assert popescu.values["family_name"] == "Popescu" and popescu.values["email"] == ""
    assert results[2].languages == ["uk", "ru", "de"]
    assert [r.line for r in results] == [2, 3, 4, 5, 6, 7, 8]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "latin-1"])
def test_encodings(encoding):
    text = "Nachname;Vorname;E-Mail\r\nMüller;Jürgen;j.mueller@example.org\r\nGroß;Änne;\r\n"
    table = read_table(text.encode(encoding))
    assert table.headers == ["Nachname", "Vorname", "E-Mail"]
    assert table.rows == [["Müller", "Jürgen", "j.mueller@example.org"], ["Groß", "Änne", ""]]


def test_windows_1252_specific_characters():
    data = "Name;Vorname;Funktion\nDubois;Zoë;Leitung „Beratung“ – Süd\n".encode("cp1252")
    assert read_table(data).rows == [["Dubois", "Zoë", "Leitung „Beratung“ – Süd"]]


def test_utf16_from_excel_unicode_text():
    data = "Nachname\tVorname\r\nYılmaz\tAyşe\r\n".encode("utf-16")
    assert read_table(data).rows == [["Yılmaz", "Ayşe"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('Nachname,Vorname,Organisation\nHaddad,Karim,"Caritas, Karlsruhe"\n', "Caritas, Karlsruhe"),
        ("Nachname\tVorname\tOrganisation\nHaddad\tKarim\tCaritas; Karlsruhe\n", "Caritas; Karlsruhe"),
        ('Nachname;Vorname;Organisation\nHaddad;Karim;"Caritas; ""Karlsruhe"""\n', 'Caritas; "Karlsruhe"'),
        ("sep=,\nNachname;Teil,Vorname,Organisation\nHaddad;X,Karim,Caritas\n", "Caritas"),
        ('"sep=;"\r\nNachname;Vorname;Organisation\r\nHaddad;Karim;Caritas, Karlsruhe\r\n', "Caritas, Karlsruhe"),
    ],
)
def test_separators_quotes_and_excel_sep_line(text, expected):
    table = read_table(text.encode())
    assert table.rows[0][2] == expected


def test_quoted_field_with_line_break_and_crlf():
    data = b'Nachname;Vorname;Bemerkung\r\nHaddad;Karim;"erste Zeile\r\nzweite Zeile"\r\nWagner;Petra;\r\n'
    table = read_table(data)
    assert table.rows == [["Haddad", "Karim", "erste Zeile\r\nzweite Zeile"], ["Wagner", "Petra", ""]]


def test_empty_rows_are_kept_inside_and_dropped_at_the_end():
    data = b"\r\n;;\r\nNachname;Vorname;E-Mail\r\nA;B;\r\n;;\r\n\r\nC;D;\r\n;;\r\n\r\n"
    table = read_table(data)
    assert table.headers == ["Nachname", "Vorname", "E-Mail"]
    results = analyse(table.rows, guess_mapping(table.headers), {})
    assert [r.outcome for r in results] == ["new", "empty", "empty", "new"]


def test_short_and_long_rows_are_fitted_to_the_header():
    table = read_table(b"Nachname;Vorname\nA\nB;C;\n")
    assert table.rows == [["A", ""], ["B", "C"]]


def test_a_column_without_header_but_with_data_is_kept_as_unknown():
    table = read_table(b"Nachname;Vorname\nA\nB;C;Raum 4\n")
    assert table.headers == ["Nachname", "Vorname", ""]
    assert table.rows == [["A", "", ""], ["B", "C", "Raum 4"]]
    mapping = guess_mapping(table.headers)
    assert importing.unknown_columns(table.headers, mapping, table.rows) == [2]


def test_a_column_without_header_and_without_data_is_not_unknown():
    table = read_table(b"Nachname;;Vorname\nA;;B\n")
    assert importing.unknown_columns(table.headers, guess_mapping(table.headers), table.rows) == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Die Datei ist leer."),
        (b"  \r\n\r\n", "Die Datei ist leer."),
        (b"Nachname;Vorname;E-Mail\r\n", "Die Datei enthält eine Kopfzeile, aber keine Teilnehmenden."),
        (b"Nachname;Vorname\r\n;;\r\n\r\n", "Die Datei enthält eine Kopfzeile, aber keine Teilnehmenden."),
        (
            bytes(range(256)) * 20,
            "Die Datei ist keine Tabelle. Bitte laden Sie eine CSV- oder Excel-Datei hoch (.csv, .xlsx).",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100, "Die Datei ist keine Tabelle."),
        (b"PK\x03\x04 not really a zip file", "Die Datei ist keine Tabelle."),
    ],
)
def test_unreadable_files_raise_a_message(data, message):
    with pytest.raises(TableError) as error:
        read_table(data, "liste.csv")
    assert error.value.message.startswith(message)


def _xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_numbers_and_empty_cells():
    data = _xlsx(
        [["Name", "Vorname", "Tel.", "Mail"], ["Kovalenko", "Olena", 15123456, None], [None, None, None, None]]
    )
    table = read_table(data, "liste.xlsx")
    assert table.rows == [["Kovalenko", "Olena", "15123456", ""]]
    assert guess_mapping(table.headers) == {"0": "family_name", "1": "given_name", "2": "phone", "3": "email"}


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Familienname", "family_name"),
        ("E-Mail-Adresse", "email"),
        ("Email-Adresse", "email"),
        ("e-mail", "email"),
        ("Träger", "organization"),
        ("Institution", "organization"),
        ("Position", "function"),
        ("Tel.", "phone"),
        ("Telefon", "phone"),
        ("Sprachen", "languages"),
        ("Last name", "family_name"),
        ("First Name", "given_name"),
        ("Lieblingsfarbe", ""),
    ],
)
def test_header_aliases(header, field):
    assert guess_mapping([header]) == {"0": field}


def test_a_second_column_for_the_same_field_is_left_to_the_user():
    mapping = guess_mapping(["Name", "Nachname", "Vorname"])
    assert mapping == {"0": "family_name", "1": "", "2": "given_name"}
    assert importing.unknown_columns(["Name", "Nachname", "Vorname"], mapping) == [1]


def test_outcomes_duplicates_invalid_and_existing_emails():
    rows = [
        ["Yılmaz", "Ayşe", "Ayse@Example.org"],
        ["Yilmaz", "Ayse", "ayse@example.org"],
        ["Wagner", "Petra", "petra@@jobcenter"],
        ["", "Nur Vorname", "nur@example.org"],
        ["Schneider", "Jonas", "J.Schneider@vhs.example.de"],
        ["Popescu", "Andrei", ""],
        ["Popescu", "Andrei", ""],
        ["", "", ""],
    ]
    mapping = {"0": "family_name", "1": "given_name", "2": "email"}
    results = analyse(rows, mapping, existing_emails={"j.schneider@vhs.example.de": 42})
    assert [r.outcome for r in results] == [
        "new",
        "duplicate",
        "new",  # imported without the invalid address, which is kept to be shown
        "no_name",
        "update",
        "new",
        "new",
        "empty",
    ]
    assert (results[2].invalid_email, results[2].values["email"]) == ("petra@@jobcenter", "")
    assert results[1].note == "Gleiche E-Mail-Adresse wie in Zeile 2."
    assert results[4].existing_id == 42
    assert importing.summarise(results)["new"] == 4
    assert importing.summarise(results).without_email == 1
    # Unticked in the preview: skipped as "invalid email".
    results = analyse(rows, mapping, existing_emails={}, left_out={4})
    assert results[2].outcome == "invalid_email" and not results[2].is_imported


def test_languages_as_codes_or_names():
    assert importing.parse_languages("Deutsch, Türkisch und EN / fa") == (["de", "tr", "en", "fa"], [])
    assert importing.parse_languages("de; Klingonisch") == (["de"], ["klingonisch"])


def test_known_name_with_another_or_no_email_is_a_possible_duplicate_unless_selected():
    rows = [["Ahmadi", "Fatemeh", "f.ahmadi@stadt.example.de"], ["Wagner", "Petra", ""], ["wagner", "petra", ""]]
    mapping = {"0": "family_name", "1": "given_name", "2": "email"}
    names = {importing.name_key("fatemeh", "AHMADI"), importing.name_key("Petra", "Wagner")}
    results = analyse(rows, mapping, {}, existing_names=names)
    assert [r.outcome for r in results] == ["possible_duplicate"] * 3
    assert str(results[0].label) == "mögliche Doppelung"
    assert results[0].note == "Eine Person mit diesem Namen gibt es schon (mit einer anderen E-Mail-Adresse)."
    assert importing.summarise(results)["possible_duplicate"] == 3
    # Line 3 ticked; 2 is not; 99 and 1 do not exist or are no possible duplicates.
    results = analyse(rows, mapping, {}, existing_names=names, create_anyway={3, 99, 1})
    assert [r.outcome for r in results] == ["possible_duplicate", "new", "possible_duplicate"]
    assert results[1].note == "Eine Person mit diesem Namen gibt es schon (diese Zeile hat keine E-Mail-Adresse)."
    rows = [["Wagner", "Petra", ""], ["Schmidt", "Anna", ""]]
    results = analyse(rows, mapping, {}, existing_names=set())
    assert [r.outcome for r in results] == ["new", "new"] and results[0].note == ""


def test_line_numbers_from_a_form_ignore_everything_but_numbers():
    assert importing.parse_line_numbers(["5", " 7", "x", "-1", "1e3", "٣", "99999999999", ""]) == {5, 7}


def test_changes_of_an_update_field_by_field():
    rows = [["Kovalenko", "Olena", "o.k@example.org", "caritasverband", "", "de, uk"]]
    mapping = {"0": "family_name", "1": "given_name", "2": "email", "3": "organization", "4": "phone", "5": "languages"}
    (result,) = analyse(rows, mapping, {"o.k@example.org": 1})
    current = {
        "given_name": "Olena",
        "family_name": "Kovalenko",
        "email": "o.k@example.org",
        "phone": "0721 5",
        "organization": "Ukrainischer Verein e. V.",
        "languages": ["uk"],
    }
    assert importing.changes(result, current) == [
        ("Organisation", "Ukrainischer Verein e. V.", "caritasverband"),
        ("Sprachen", "Ukrainisch", "Deutsch, Ukrainisch"),
    ]
    current.update(organization="CaritasVerband", languages=["de", "uk"])
    assert importing.changes(result, current) == []  # same organisation in another case; no empty cell erases


def test_too_many_rows_or_columns(monkeypatch):
    monkeypatch.setattr(tables, "MAX_ROWS", 5)
    monkeypatch.setattr(tables, "MAX_COLUMNS", 3)
    with pytest.raises(TableError) as error:
        read_table(b"Nachname\n" + b"A\n" * 6)
    assert error.value.message == "Die Datei hat mehr als 5 Zeilen. Bitte teilen Sie sie auf."
    assert len(read_table(b"Nachname\n" + b"A\n" * 5).rows) == 5
    with pytest.raises(TableError) as error:
        read_table(b"Nachname;Vorname;Mail;Telefon\nA;B;C;D\n")
    assert error.value.message == "Die Datei hat mehr als 3 Spalten."


def test_a_word_document_is_not_a_table():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    with pytest.raises(TableError) as error:
        read_table(buffer.getvalue(), "protokoll.docx")
    assert error.value.message.startswith("Die Datei ist keine Tabelle.")


def test_only_a_bom_is_empty():
    with pytest.raises(TableError) as error:
        read_table(b"\xef\xbb\xbf\r\n")
    assert error.value.message == "Die Datei ist leer."
