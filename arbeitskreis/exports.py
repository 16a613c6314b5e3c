"""Tabular exports that Excel opens correctly: CSV (UTF-8 with BOM, `;`) and XLSX (openpyxl).

Every list export of the project goes through these two responses, so they look and behave the same.
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def _safe(value: str) -> str:
    """Neutralise cells that a spreadsheet would run as a formula (CSV injection)."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def _xlsx_value(value):
    """Dates and numbers stay typed (Excel can sort and count them); text is neutralised; yes/no as words."""
    if isinstance(value, bool) or value is None:
        return _cell(value) if value is not None else None
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)  # Excel has no time zones: Berlin time
    if isinstance(value, str):
        return _safe(value)
    if isinstance(value, (int, float, datetime.date, datetime.time)):
        return value
    return _safe(str(value))


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{get_valid_filename(filename)}"'
    return response


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([str(title) for title in header])
    for row in rows:
        writer.writerow([_safe(_cell(value)) for value in row])
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    return _attachment(response, filename)


def xlsx_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence], *, sheet_title: str = ""
) -> HttpResponse:

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = (sheet_title or "Export")[:31]
    sheet.append([str(title) for title in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_xlsx_value(value) for value in row])
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max((len(_cell(cell.value)) for cell in column), default=10)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_CONTENT_TYPE)
    return _attachment(response, filename)
