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
import zipfile
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

DELIMITERS = (";", ",", "\t")
# A participation list has dozens of rows; these limits keep a hostile file (e.g. a zip bomb) from using up memory.
MAX_ROWS = 10_000
MAX_COLUMNS = 100


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
    try:
        previous_end = 0
        for row in itertools.islice(reader, MAX_ROWS + 2):
            numbered_rows.append((previous_end + 1 + skipped_lines, [clean_text(cell) for cell in row]))
            previous_end = reader.line_num
    except csv.Error:
        raise _not_a_table() from None
    return numbered_rows


def _read_xlsx(data: bytes):
    """The rows of the first worksheet as ``(row number, cells)`` and the cells whose formula has no saved result.

    Any failure while opening or reading (a damaged file can break openpyxl in many ways) becomes a
    :class:`TableError`.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            is_workbook = "xl/workbook.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        is_workbook = False
    if not is_workbook:  # not a zip, or another kind of zip (e.g. a Word document)
        raise _not_a_table()
    try:
        values = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            if not values.worksheets:
                raise TableError(_("The Excel file contains no worksheet with a table."))
            value_rows = values.worksheets[0].iter_rows(min_row=1, values_only=True, max_col=MAX_COLUMNS + 1)
            formula_rows = formulas.worksheets[0].iter_rows(min_row=1, values_only=True, max_col=MAX_COLUMNS + 1)
            numbered_rows, empty_formulas = [], []
            pairs = itertools.zip_longest(value_rows, formula_rows, fillvalue=())
            for number, (row, raw) in enumerate(itertools.islice(pairs, MAX_ROWS + 2), start=1):
                for column, (value, formula) in enumerate(itertools.zip_longest(row, raw), start=1):
                    if value is None and isinstance(formula, str) and formula.startswith("="):
                        empty_formulas.append(f"{_column_letter(column)}{number}")
                numbered_rows.append((number, [_cell_text(value) for value in row]))
        finally:
            values.close()
            formulas.close()
    except TableError:
        raise
    except Exception:  # noqa: BLE001 — openpyxl raises anything from KeyError to ParseError on a damaged file
        raise TableError(
            _("The Excel file is damaged and cannot be read. Please open it in Excel, save it again and upload it.")
        ) from None
    return numbered_rows, empty_formulas


def _column_letter(number: int) -> str:
    return get_column_letter(number)


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
        count = number_format(MAX_ROWS, force_grouping=True)
        raise TableError(_("The file has more than %(count)s rows. Please split it.") % {"count": count})
    if len(headers) > MAX_COLUMNS:
        raise TableError(_("The file has more than %(count)s columns.") % {"count": MAX_COLUMNS})
    # A column without a header is kept when it holds data (the mapping step then asks what it is).
    width = max([len(headers)] + [_last_filled(row) for _line, row in numbered_rows[1:]])
    width = min(width, MAX_COLUMNS)
    headers += [""] * (width - len(headers))
    return headers, [(line, (list(row) + [""] * width)[:width]) for line, row in numbered_rows[1:]]


def _last_filled(row):
    return max((index + 1 for index, cell in enumerate(row) if cell), default=0)
