"""Reading the first worksheet of an XLSX file in one streaming pass, within limits. Pure: bytes in, rows out.

The archive is checked before anything is unpacked (number of parts, each part's and the total unpacked size, the
compression ratio); the XML parts are parsed with expat in chunks (no DOCTYPE, no entities), so that a row, column,
cell, text or element count beyond the limits stops the reading at once, whatever the sheet's ``<dimension>`` says.
Formulas without a saved result are noticed in the same pass. :class:`Refused` says why; :mod:`members.tables`
words the message.
"""

import io
import itertools
import posixpath
import zipfile
from dataclasses import dataclass
from types import SimpleNamespace
from xml.parsers import expat

from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH, from_excel, from_ISO8601

CHUNK = 64 * 1024  # bytes unpacked and parsed at a time
RATIO_FROM = 1024 * 1024  # the compression ratio is checked for parts that unpack to more than this
WORKBOOK = "xl/workbook.xml"
RELATIONS = "xl/_rels/workbook.xml.rels"

# Why a file is refused (:attr:`Refused.reason`); the detail is the limit that was reached, for CELL the cell.
NOT_A_WORKBOOK, DAMAGED, NO_SHEET = "not_a_workbook", "damaged", "no_sheet"
PARTS, PART_SIZE, TOTAL_SIZE, RATIO = "parts", "part_size", "total_size", "ratio"
ROWS, COLUMNS, ELEMENTS, CELL, TEXT = "rows", "columns", "elements", "cell", "text"


class Refused(Exception):
    def __init__(self, reason, detail=None):
        super().__init__(reason, detail)
        self.reason, self.detail = reason, detail


@dataclass(frozen=True)
class Limits:
    rows: int  # data rows after the header
    columns: int
    cell_chars: int
    parts: int
    part_bytes: int
    total_bytes: int  # also the most text the table may hold (shared strings could multiply it otherwise)
    ratio: int
    elements: int  # XML elements read from one part: a flood of them costs time even when nothing is kept


def read_sheet(data: bytes, limits: Limits):
    """The first worksheet of the XLSX ``data`` as ``(rows, empty formulas)``; raises :class:`Refused`.

    ``rows`` are ``(row number, [value, …])``: the rows with a value and the empty rows between them; the empty
    formulas are cells such as "C5" with a formula but no saved result.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise Refused(NOT_A_WORKBOOK) from None
    with archive:
        infos = archive.infolist()
        if WORKBOOK not in {info.filename for info in infos}:  # another kind of zip, e.g. a Word document
            raise Refused(NOT_A_WORKBOOK)
        check_archive(infos, limits)
        try:
            return _read(archive, limits)
        except (zipfile.BadZipFile, expat.ExpatError, KeyError, ValueError, OverflowError, OSError, EOFError):
            raise Refused(DAMAGED) from None


def check_archive(infos, limits: Limits):
    """Refuse an archive by its directory alone, before a byte is unpacked (the sizes it states are enforced
    while unpacking: :mod:`zipfile` stops at the stated size and checks the CRC)."""
    if len(infos) > limits.parts:
        raise Refused(PARTS, limits.parts)
    total = 0
    for info in infos:
        if info.flag_bits & 0x1 or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Refused(DAMAGED)  # encrypted, or a compression Excel does not use
        if info.file_size > limits.part_bytes:
            raise Refused(PART_SIZE, limits.part_bytes)
        if info.file_size > RATIO_FROM and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise Refused(RATIO, limits.ratio)
        total += info.file_size
        if total > limits.total_bytes:
            raise Refused(TOTAL_SIZE, limits.total_bytes)


def _read(archive, limits):
    sheet_ids, epoch = [], WINDOWS_EPOCH
    for tag, attributes in _tags(archive, WORKBOOK, {"sheet", "workbookPr"}, limits):
        if tag == "sheet":
            sheet_ids.append(next((value for key, value in attributes.items() if _local(key) == "id"), None))
        elif tag == "workbookPr" and attributes.get("date1904", "").lower() in ("1", "true"):
            epoch = CALENDAR_MAC_1904
    relations = {}  # id → (type, path in the archive)
    if RELATIONS in archive.namelist():
        for tag, attributes in _tags(archive, RELATIONS, {"Relationship"}, limits):
            if tag != "Relationship":  # its end tag
                continue
            target = attributes.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            relations[attributes.get("Id")] = (attributes.get("Type", ""), path)

    def path_of(kind, ids):
        return next((relations[id_][1] for id_ in ids if relations.get(id_, ("",))[0].endswith(kind)), None)

    sheet_path = path_of("/worksheet", sheet_ids)
    if sheet_path is None:
        raise Refused(NO_SHEET)
    sheet = _SheetReader(limits, _date_styles(archive, path_of("/styles", relations), limits), epoch)
    _parse(archive, sheet_path, sheet, limits)
    strings = _SharedStrings(limits, needed=sheet.highest_shared + 1)
    if strings.needed and (path := path_of("/sharedStrings", relations)):
        _parse(archive, path, strings, limits)
    sheet.resolve(strings.strings)
    return sheet.rows, sheet.empty_formulas


def _date_styles(archive, path, limits):
    """Cell style index → True for a duration format, False for another date or time format."""
    formats, cell_formats, in_cell_formats = {}, [], False
    for tag, attributes in _tags(archive, path, {"numFmt", "cellXfs", "xf"}, limits) if path else ():
        if tag == "numFmt":
            formats[int(attributes.get("numFmtId", 0))] = attributes.get("formatCode", "")
        elif tag in ("cellXfs", "/cellXfs"):
            in_cell_formats = tag == "cellXfs"
        elif tag == "xf" and in_cell_formats:
            cell_formats.append(int(attributes.get("numFmtId", 0)))
    styles = {}
    for index, format_id in enumerate(cell_formats):
        code = formats.get(format_id) or BUILTIN_FORMATS.get(format_id)
        if is_date_format(code):
            styles[index] = is_timedelta_format(code)
    return styles


def _no_doctype(*_args):
    raise Refused(DAMAGED)  # no DTDs or entities: an Excel part never has them, a hostile one would expand them


class _Enough(Exception):  # not an error: a handler has read all it needs
    pass


def _parse(archive, name, handler, limits):
    """Feed the part ``name`` to ``handler`` (``start(tag, attributes)``, ``end(tag)``, ``text(data)``) chunk by
    chunk, at most ``limits.elements`` elements. A handler may raise :class:`Refused` to stop at once, or
    :class:`_Enough` when it needs no more."""
    parser = expat.ParserCreate()
    parser.buffer_text = True
    elements, budget = itertools.count(1), limits.elements

    def start(tag, attributes):
        if next(elements) > budget:  # a flood of elements, e.g. empty ones, costs time even when nothing is kept
            raise Refused(ELEMENTS, budget)
        handler.start(tag, attributes)

    parser.StartElementHandler = start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = getattr(handler, "text", None)
    parser.StartDoctypeDeclHandler = _no_doctype
    parser.EntityDeclHandler = _no_doctype
    try:
        with archive.open(name) as stream:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Enough:
        pass


def _local(name):
    """'x:row' → 'row' (Excel writes the main namespace without a prefix, other tools with one)."""
    return name.rpartition(":")[2] if ":" in name else name


def _tags(archive, name, wanted, limits):
    """The start tags ``(tag, attributes)`` and end tags ``("/" + tag, {})`` of the wanted elements, in order."""
    found = []

    def start(tag, attributes):
        if (tag := _local(tag)) in wanted:
            found.append((tag, attributes))

    def end(tag):
        if (tag := _local(tag)) in wanted:
            found.append(("/" + tag, {}))

    _parse(archive, name, SimpleNamespace(start=start, end=end), limits)
    return found


class _SharedIndex(int):  # a cell showing shared string number int(self), until the strings it needs are read
    __slots__ = ()


TOO_LONG = object()  # a shared string longer than a cell may be: refused only where a cell uses it


class _SharedStrings:
    """Reads the shared strings up to the highest one the sheet uses, and stops there."""

    def __init__(self, limits, needed):
        self.limits, self.needed = limits, needed
        self.strings = []
        self.parts, self.length, self.collecting, self.phonetic = [], 0, False, False

    def start(self, tag, attributes):
        tag = _local(tag)
        if tag == "si":
            self.parts, self.length = [], 0
        elif tag == "t" and not self.phonetic:
            self.collecting = True
        elif tag == "rPh":
            self.phonetic = True

    def end(self, tag):
        tag = _local(tag)
        if tag == "t":
            self.collecting = False
        elif tag == "rPh":
            self.phonetic = False
        elif tag == "si":
            too_long = self.length > self.limits.cell_chars
            self.strings.append(TOO_LONG if too_long else "".join(self.parts))
            self.parts = []
            if len(self.strings) >= self.needed:
                raise _Enough

    def text(self, data):
        if self.collecting:
            self.length += len(data)
            if self.length <= self.limits.cell_chars:
                self.parts.append(data)


def column_number(reference):
    """'AB12' → 28; 0 for a reference that is not a cell (Excel's last column is XFD)."""
    letters = reference[: len(reference) - len(reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))]
    if len(letters) > 3:
        return 0
    return sum((ord(char) - 64) * 26**power for power, char in enumerate(reversed(letters)))


class _SheetReader:
    """Collects the rows of the sheet while the part streams in; every limit is checked as it is reached.

    Rows with a value are kept with the empty rows between them. Other empty rows and empty cells beyond the column
    limit (formatting) are skipped, up to ten times the row limit and the row limit.
    """

    def __init__(self, limits, date_styles, epoch):
        self.limits, self.date_styles, self.epoch = limits, date_styles, epoch
        self.rows, self.empty_formulas = [], []
        self.row_number, self.first_row, self.text_length, self.highest_shared = 0, None, 0, -1
        self.cells, self.cell, self.column = None, None, 0
        self.skipped_rows = self.skipped_cells = 0

    def start(self, tag, attributes):
        tag = _local(tag)
        cell = self.cell
        if cell is not None:
            if tag == "v" or (tag == "t" and cell.inline and not cell.phonetic):
                cell.collecting = True
            elif tag == "f":
                cell.formula = True
            elif tag == "is":
                cell.inline = True
            elif tag == "rPh":
                cell.phonetic = True
        elif tag == "c" and self.cells is not None:
            reference = attributes.get("r")
            column = column_number(reference) if reference else self.column + 1
            if column <= self.column:
                raise Refused(DAMAGED)  # cells come in order, each once
            self.column = column
            self.cell = _Cell(attributes.get("t", "n"), int(attributes.get("s", 0)))
        elif tag == "row":
            number = attributes.get("r")
            number = int(number) if number is not None else self.row_number + 1
            if number <= self.row_number:
                raise Refused(DAMAGED)  # rows come in order, each once
            self.row_number, self.cells, self.column = number, [], 0

    def text(self, data):
        cell = self.cell
        if cell is not None and cell.collecting:
            cell.length += len(data)
            if cell.length > self.limits.cell_chars:
                raise Refused(CELL, self.reference(self.column, self.row_number))
            cell.parts.append(data)

    def end(self, tag):
        tag = _local(tag)
        if self.cell is not None:
            if tag == "c":
                self._end_cell()
            elif tag in ("v", "t"):
                self.cell.collecting = False
            elif tag == "rPh":
                self.cell.phonetic = False
        elif tag == "row" and self.cells is not None:
            self._end_row()

    @staticmethod
    def reference(column, row):
        return f"{get_column_letter(min(column, 16384))}{row}"

    def _end_cell(self):
        cell, self.cell = self.cell, None
        value = self._value(cell)
        if value is None or value == "":
            if self.column > self.limits.columns:
                self.skipped_cells += 1
                if self.skipped_cells > self.limits.rows:
                    raise Refused(COLUMNS, self.limits.columns)
            elif cell.formula:
                self.empty_formulas.append(self.reference(self.column, self.row_number))
            return
        if self.column > self.limits.columns:
            raise Refused(COLUMNS, self.limits.columns)
        if isinstance(value, _SharedIndex):
            self.highest_shared = max(self.highest_shared, value)
        elif isinstance(value, str):
            self.count_text(value)
        self.cells.extend([None] * (self.column - len(self.cells)))
        self.cells[self.column - 1] = value

    def count_text(self, value):
        self.text_length += len(value)
        if self.text_length > self.limits.total_bytes:
            raise Refused(TEXT, self.limits.total_bytes)

    def _value(self, cell):
        text = "".join(cell.parts)
        kind = cell.kind
        if kind == "inlineStr" or kind == "str":
            return text
        if not text:
            return None
        if kind == "s":
            if (index := _SharedIndex(text)) < 0 or index >= self.limits.elements:  # more than the part could hold
                raise Refused(DAMAGED)
            return index
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "e":
            return text
        if kind == "d":
            return from_ISO8601(text)
        number = float(text) if ("." in text or "e" in text or "E" in text) else int(text)
        if cell.style in self.date_styles:
            try:
                return from_excel(number, self.epoch, timedelta=self.date_styles[cell.style])
            except (OverflowError, ValueError):
                return "#VALUE!"  # as Excel shows a date out of range
        return number

    def _end_row(self):
        cells, self.cells = self.cells, None
        if not cells:  # an empty row is kept only between rows with values (below)
            self.skipped_rows += 1
            if self.skipped_rows > 10 * self.limits.rows:
                raise Refused(ROWS, self.limits.rows)
            return
        if self.first_row is None:
            self.first_row = self.row_number
        if self.row_number - self.first_row > self.limits.rows:
            raise Refused(ROWS, self.limits.rows)
        previous = self.rows[-1][0] if self.rows else self.row_number
        self.rows.extend((number, []) for number in range(previous + 1, self.row_number))
        self.rows.append((self.row_number, cells))

    def resolve(self, strings):
        """Put the shared strings into the cells that show them (checking the cell and text limits again)."""
        for number, cells in self.rows:
            for index, value in enumerate(cells):
                if isinstance(value, _SharedIndex):
                    if value >= len(strings):
                        raise Refused(DAMAGED)
                    text = strings[value]
                    if text is TOO_LONG:
                        raise Refused(CELL, self.reference(index + 1, number))
                    self.count_text(text)
                    cells[index] = text


class _Cell:
    __slots__ = ("kind", "style", "parts", "length", "formula", "inline", "phonetic", "collecting")

    def __init__(self, kind, style):
        self.kind, self.style = kind, style
        self.parts, self.length = [], 0
        self.formula = self.inline = self.phonetic = self.collecting = False
