import csv
import datetime
import io

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
