import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from arbeitskreis.exports import csv_response, xlsx_response

HEADER = ["Name", "Sprachen", "Seit"]
ROWS = [["Ayşe Yılmaz", "de; tr", datetime.date(2026, 5, 14)], ['=HYPERLINK("x")', True, None]]


def test_csv_opens_in_excel_with_umlauts_and_semicolons():
    response = csv_response("Teilnehmende Karlsruhe.csv", HEADER, ROWS)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="Teilnehmende_Karlsruhe.csv"'
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows == [HEADER, ["Ayşe Yılmaz", "de; tr", "14.05.2026"], ['\'=HYPERLINK("x")', "ja", ""]]


def test_xlsx_keeps_types_and_neutralises_formulas():
    response = xlsx_response("liste.xlsx", HEADER, ROWS, sheet_title="Teilnehmende")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "Teilnehmende"
    assert [cell.value for cell in sheet[1]] == HEADER
    assert sheet["A2"].value == "Ayşe Yılmaz"
    assert sheet["C2"].value.date() == datetime.date(2026, 5, 14)
    assert sheet["A3"].value == '\'=HYPERLINK("x")'
    assert sheet["B3"].value == "ja"


def test_yes_no_follow_the_language():
    from django.utils import translation

    with translation.override("en"):
        response = csv_response("list.csv", ["a"], [[False]])
    assert response.content.decode("utf-8-sig").splitlines()[1] == "no"


def test_xlsx_writes_aware_datetimes_in_berlin_time():
    from zoneinfo import ZoneInfo

    moment = datetime.datetime(2026, 7, 1, 14, 0, tzinfo=ZoneInfo("UTC"))
    sheet = load_workbook(io.BytesIO(xlsx_response("x.xlsx", ["t"], [[moment]]).content)).active
    assert sheet["A2"].value == datetime.datetime(2026, 7, 1, 16, 0)


# --- Formula injection: every prefix a spreadsheet runs, in both formats, through both exports -----------------

FORMULA_PREFIXES = ["=", "+", "-", "@", "\t", "\r"]
FORMULA_IDS = ["equals", "plus", "minus", "at", "tab", "carriage-return"]


def _cell_values(response, kind):
    """Every cell's text; in XLSX a CR comes back as LF (XML normalises line ends), so CRs are compared as LFs."""
    if kind == "csv":
        rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
        return [cell for row in rows for cell in row]
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [str(cell.value).replace("\r", "\n") for row in sheet.iter_rows() for cell in row]


def _as_read(value, kind):
    return value.replace("\r", "\n") if kind == "xlsx" else value


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES, ids=FORMULA_IDS)
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_every_formula_prefix_is_neutralised(prefix, kind):
    value = prefix + 'HYPERLINK("https://example.org/x";"Klick")'
    response = (csv_response if kind == "csv" else xlsx_response)(f"x.{kind}", ["a", "b"], [[value, "ok"]])
    cells = _cell_values(response, kind)
    assert _as_read("'" + value, kind) in cells
    assert _as_read(value, kind) not in cells
    if kind == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        assert sheet["A2"].data_type == "s"


def _member_with(world, value):
    from tests.members.factories import ParticipantFactory

    ParticipantFactory(working_group=world.group, family_name="Haddad", function=value)


def _finding_with(world, value):
    from tests.findings.factories import FindingFactory

    FindingFactory(working_group=world.group, title=value)


@pytest.mark.parametrize("prefix", FORMULA_PREFIXES, ids=FORMULA_IDS)
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
@pytest.mark.parametrize(("app", "make"), [("members", _member_with), ("findings", _finding_with)])
def test_the_exports_neutralise_every_formula_prefix(coordinator_client, world, prefix, kind, app, make):
    value = prefix + "cmd|'/C calc'!A0"
    make(world, value)
    response = coordinator_client.get(reverse(f"{app}:export-{kind}", kwargs=world.group.url_kwargs()))
    cells = _cell_values(response, kind)
    assert _as_read("'" + value, kind) in cells
    assert _as_read(value, kind) not in cells
