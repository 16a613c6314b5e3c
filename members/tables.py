"""Reading participant lists: CSV or XLSX bytes in, a :class:`Table` of text cells out.

Pure functions, no database. A file that cannot be used raises :class:`TableError` with a message for the user
in their language. The limits keep a hostile file from using up the server.
"""

import csv
import datetime
import io
import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from members import xlsx

DELIMITERS = (";", ",", "\t")
# A participation list has dozens of rows; these limits keep a hostile file from using up memory. The cell length
# and the XLSX archive limits are settings (MEMBERS_IMPORT_*), checked while the file streams in (members/xlsx.py).
MAX_ROWS = 10_000
MAX_COLUMNS = 100
# XML elements read from one part of an XLSX: a sheet at the row limit with 15–20 filled columns. Parsing this many
# takes a quarter of a second, so that a flood of (empty or meaningless) elements is refused as fast.
MAX_XML_ELEMENTS = 500_000


class TableError(Exception):
    """The file cannot be imported; ``message`` tells the user why, in their language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]  # data rows, each as long as ``headers``; empty rows kept (they are shown as skipped)
    lines: list[int] = field(default_factory=list)  # the line (CSV) or row (XLSX) number of each data row
    empty_formulas: list[str] = field(default_factory=list)  # XLSX cells (e.g. "C5") with a formula but no result


def _not_a_table():
    return TableError(_("The file is not a table. Please upload a CSV or Excel file (.csv, .xlsx)."))


# --- Reading files ------------------------------------------------------------------------------------------


def read_table(data: bytes, filename: str = "") -> Table:
    """Read a CSV or XLSX file into a :class:`Table`; raise :class:`TableError` when it is not a usable table."""
    if not data or not data.strip():
        raise TableError(_("The file is empty."))
    empty_formulas = []
    if data.startswith(b"PK\x03\x04") or filename.lower().endswith((".xlsx", ".xlsm")):
        numbered_rows, empty_formulas = _read_xlsx(data)
    else:
        numbered_rows = _read_csv(data)
    headers, numbered_rows = _split_header(numbered_rows)
    while numbered_rows and not any(numbered_rows[-1][1]):
        numbered_rows.pop()
    if not numbered_rows:
        raise TableError(_("The file contains a header row but no participants."))
    return Table(
        headers=headers,
        rows=[row for _line, row in numbered_rows],
        lines=[line for line, _row in numbered_rows],
        empty_formulas=empty_formulas,
    )


def decode(data: bytes) -> str:
    """Decode a CSV file: UTF-16 or UTF-8 (with or without BOM), else Windows-1252, else Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise TableError(_("The file could not be read as text.")) from None
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


def _looks_binary(text: str) -> bool:
    """NUL anywhere (no text file has one; PostgreSQL could not store it) or many other control characters."""
    if "\x00" in text:
        return True
    control = sum(1 for char in text if unicodedata.category(char) == "Cc" and char not in "\r\n\t")
    return control > max(2, len(text) // 100)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """A cell (or file name) without control characters (other than tab and line breaks), stripped."""
    return _CONTROL.sub("", text).strip()


def detect_delimiter(header_line: str) -> str:
    """The separator that splits the header line into the most columns (``;`` wins a tie, as in German Excel)."""
    counts = {delimiter: len(next(csv.reader([header_line], delimiter=delimiter))) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    if counts[best] > 1:
        return best
    try:
        return csv.Sniffer().sniff(header_line, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        return ";"


# Separators Excel's "sep=" line may name; anything else (e.g. a quote) is not a separator.
SEP_LINE_DELIMITERS = (";", ",", "\t", "|")


def _read_csv(data: bytes):
    """The rows of a CSV file as ``(line number, cells)``; the line is where the record starts in the file."""
    text = decode(data)
    if _looks_binary(text):
        raise _not_a_table()
    text = text.lstrip("\ufeff")
    delimiter = None
    skipped_lines = 0
    first_line, _newline, rest = text.partition("\n")
    match = re.fullmatch(r'\s*"?sep=(.)"?\s*', first_line.strip("\r"))
    if match:
        if match.group(1) not in SEP_LINE_DELIMITERS:
            raise TableError(
                _("The first line names an unknown separator. Please use ; or , or a tab, or remove the line.")
            )
        delimiter = match.group(1)
        text = rest
        skipped_lines = 1
    lines = [line for line in text.splitlines() if line.strip().strip(";,\t").strip()]
    if not lines:
        raise TableError(_("The file is empty."))
    delimiter = delimiter or detect_delimiter(lines[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    numbered_rows = []
    limit = settings.MEMBERS_IMPORT_MAX_CELL_CHARS
    previous_end = 0
    try:
        for row in itertools.islice(reader, MAX_ROWS + 2):
            cells = [clean_text(cell) for cell in row]
            if any(len(cell) > limit for cell in cells):
                raise _cell_too_long(previous_end + 1 + skipped_lines, limit)
            numbered_rows.append((previous_end + 1 + skipped_lines, cells))
            previous_end = reader.line_num
    except csv.Error as error:
        if "field larger than field limit" in str(error):  # the csv module's own limit (128 KB) came first
            raise _cell_too_long(previous_end + 1 + skipped_lines, limit) from None
        raise _not_a_table() from None
    return numbered_rows


def _cell_too_long(line, limit):
    return TableError(
        _("Line %(line)s holds a cell with more than %(count)s characters. Please shorten it.")
        % {"line": line, "count": _number(limit)}
    )


def xlsx_limits() -> xlsx.Limits:
    """The limits of an XLSX import, from the settings (read at each upload, so that tests can change them)."""
    return xlsx.Limits(
        rows=MAX_ROWS,
        columns=MAX_COLUMNS,
        cell_chars=settings.MEMBERS_IMPORT_MAX_CELL_CHARS,
        parts=settings.MEMBERS_IMPORT_XLSX_MAX_PARTS,
        part_bytes=settings.MEMBERS_IMPORT_XLSX_MAX_PART_BYTES,
        total_bytes=settings.MEMBERS_IMPORT_XLSX_MAX_UNPACKED_BYTES,
        ratio=settings.MEMBERS_IMPORT_XLSX_MAX_RATIO,
        elements=MAX_XML_ELEMENTS,
    )


def _read_xlsx(data: bytes):
    """The rows of the first worksheet as ``(row number, cells)`` and the cells whose formula has no saved result.

    One streaming pass (:mod:`members.xlsx`); a refusal becomes a :class:`TableError` with its reason.
    """
    try:
        rows, empty_formulas = xlsx.read_sheet(data, xlsx_limits())
    except xlsx.Refused as refusal:
        raise TableError(_refusal_message(refusal)) from None
    return [(number, [_cell_text(value) for value in values]) for number, values in rows], empty_formulas


def _too_many_rows():
    return TableError(_("The file has more than %(count)s rows. Please split it.") % {"count": _number(MAX_ROWS)})


def _number(value):
    return number_format(value, force_grouping=True)


def _refusal_message(refusal):
    """The message for a workbook :mod:`members.xlsx` refused to read, in the user's language."""
    detail = refusal.detail
    new_workbook = _("Please copy only the participant list into a new workbook and upload that.")
    messages = {
        xlsx.NOT_A_WORKBOOK: lambda: _not_a_table().message,
        xlsx.NO_SHEET: lambda: _("The Excel file contains no worksheet with a table."),
        xlsx.ROWS: lambda: _too_many_rows().message,
        xlsx.COLUMNS: lambda: _("The file has more than %(count)s columns.") % {"count": detail},
        xlsx.ELEMENTS: lambda: (
            _("The worksheet has more than %(count)s entries.") % {"count": _number(detail)} + " " + new_workbook
        ),
        xlsx.CELL: lambda: (
            _("Cell %(cell)s holds more than %(count)s characters. Please shorten it.")
            % {"cell": detail, "count": _number(settings.MEMBERS_IMPORT_MAX_CELL_CHARS)}
        ),
        xlsx.TEXT: lambda: (
            _("The table holds more than %(count)s characters of text. Please split it.") % {"count": _number(detail)}
        ),
        xlsx.PARTS: lambda: (
            _("The Excel file consists of more than %(count)s parts.") % {"count": _number(detail)} + " " + new_workbook
        ),
        xlsx.PART_SIZE: lambda: (
            _("The Excel file unpacks to more than %(size)s.") % {"size": filesizeformat(detail)} + " " + new_workbook
        ),
        xlsx.RATIO: lambda: (
            _(
                "The Excel file is packed unusually tightly (more than %(ratio)s to 1) and is not read, to protect the "
                "server. Please save the list again in Excel, or as CSV, and upload it."
            )
            % {"ratio": detail}
        ),
    }
    messages[xlsx.TOTAL_SIZE] = messages[xlsx.PART_SIZE]
    damaged = _("The Excel file is damaged and cannot be read. Please open it in Excel, save it again and upload it.")
    return messages[refusal.reason]() if refusal.reason in messages else damaged


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.strftime("%d.%m.%Y")
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    if isinstance(value, datetime.timedelta):
        minutes = int(value.total_seconds() // 60)
        return f"{minutes // 60}:{minutes % 60:02d}"
    return clean_text(str(value))


def _split_header(numbered_rows):
    """The first non-empty row is the header; the data rows are padded or cut to its width.

    Takes and returns rows as ``(line number, cells)``.
    """
    while numbered_rows and not any(numbered_rows[0][1]):
        numbered_rows.pop(0)
    if not numbered_rows:
        raise TableError(_("The file is empty."))
    headers = list(numbered_rows[0][1])
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise TableError(_("The file is empty."))
    if len(numbered_rows) > MAX_ROWS + 1:
        raise _too_many_rows()
    if len(headers) > MAX_COLUMNS:
        raise TableError(_("The file has more than %(count)s columns.") % {"count": MAX_COLUMNS})
    # A column without a header is kept when it holds data (the mapping step then asks what it is).
    width = max([len(headers)] + [_last_filled(row) for _line, row in numbered_rows[1:]])
    width = min(width, MAX_COLUMNS)
    headers += [""] * (width - len(headers))
    return headers, [(line, (list(row) + [""] * width)[:width]) for line, row in numbered_rows[1:]]


def _last_filled(row):
    return max((index + 1 for index, cell in enumerate(row) if cell), default=0)
