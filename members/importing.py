"""Reading participant lists (CSV or XLSX) and judging each row before anything is stored.

Pure functions: bytes in, tables and row outcomes out. Nothing here touches the database; the caller
passes the emails that already exist in the group. Errors the user has to fix raise :class:`TableError`
with a German (translated) message.
"""

import csv
import datetime
import functools
import io
import itertools
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from arbeitskreis import languages

DELIMITERS = (";", ",", "\t")
# A participation list has dozens of rows; these limits keep a hostile file (e.g. a zip bomb) from using up memory.
MAX_ROWS = 10_000
MAX_COLUMNS = 100

# The participant fields a column can be mapped to, with their labels for the mapping step.
FIELDS = {
    "family_name": gettext_lazy("Family name"),
    "given_name": gettext_lazy("Given name"),
    "email": gettext_lazy("Email"),
    "organization": gettext_lazy("Organisation"),
    "function": gettext_lazy("Function"),
    "phone": gettext_lazy("Phone"),
    "languages": gettext_lazy("Languages"),
    "notes": gettext_lazy("Notes"),
}

# Header names as they appear in German and English lists, normalised by :func:`normalise_header`.
HEADER_ALIASES = {
    "family_name": {
        "nachname",
        "name",
        "familienname",
        "zuname",
        "lastname",
        "surname",
        "familyname",
    },
    "given_name": {"vorname", "vornamen", "firstname", "givenname", "forename"},
    "email": {
        "email",
        "emailadresse",
        "mail",
        "mailadresse",
        "emailaddress",
        "mailaddress",
        "epost",
    },
    "organization": {
        "organisation",
        "organization",
        "institution",
        "träger",
        "traeger",
        "einrichtung",
        "verein",
        "behörde",
        "dienststelle",
        "akteur",
        "akteurin",
        "company",
        "firma",
    },
    "function": {"funktion", "position", "rolle", "role", "function", "aufgabe", "stelle", "jobtitle", "title"},
    "phone": {
        "telefon",
        "tel",
        "telefonnummer",
        "telnr",
        "phone",
        "phonenumber",
        "mobil",
        "handy",
        "mobile",
        "telephone",
    },
    "languages": {"sprachen", "sprache", "sprachkenntnisse", "languages", "language"},
    "notes": {"notizen", "bemerkung", "bemerkungen", "anmerkung", "anmerkungen", "notes", "note", "kommentar"},
}

# Language names people write instead of ISO 639-1 codes, besides the German and English names of
# :data:`arbeitskreis.languages.LANGUAGES` (see :func:`language_words`). Only codes of that list are stored.
LANGUAGE_ALIASES = {
    "farsi": "fa",
    "persisch": "fa",
    "persian": "fa",
    "dari": "fa",
    "paschtu": "ps",
    "paschto": "ps",
    "tigrinja": "ti",
    "kurmandschi": "ku",
    "kurmanci": "ku",
    "sorani": "ku",
}


@functools.cache
def _language_words(language):
    with override(language):
        return {str(label).casefold(): code for code, label in languages.LANGUAGES}


def language_words():
    """Lower-case language names (German, English and common aliases) → ISO 639-1 code."""
    words = dict(LANGUAGE_ALIASES)
    for language in ("en", "de"):
        words.update(_language_words(language))
    return words


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


def normalise_header(text: str) -> str:
    """'E-Mail-Adresse ' → 'emailadresse'; keeps umlauts, drops case, spaces and punctuation."""
    text = unicodedata.normalize("NFC", str(text)).casefold()
    return re.sub(r"[\s\-_.:/()*#]+", "", text)


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
    from openpyxl import load_workbook

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
    from openpyxl.utils import get_column_letter

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


# --- Columns ------------------------------------------------------------------------------------------------


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Map column positions (as strings, for JSON) to participant fields by their header; unknown → ''."""
    mapping, taken = {}, set()
    for index, header in enumerate(headers):
        key = normalise_header(header)
        found = next((name for name, aliases in HEADER_ALIASES.items() if key in aliases), "")
        if found in taken:
            found = ""
        taken.add(found)
        mapping[str(index)] = found
    return mapping


def unknown_columns(headers: list[str], mapping: dict[str, str], rows=()) -> list[int]:
    """Positions of the columns that matched no field: with a header, or without one but with data."""
    return [
        index
        for index, header in enumerate(headers)
        if not mapping.get(str(index)) and (header or any(index < len(row) and row[index] for row in rows))
    ]


def has_name_column(mapping: dict[str, str]) -> bool:
    return "family_name" in mapping.values()


# --- Rows ---------------------------------------------------------------------------------------------------

NEW = "new"
UPDATE = "update"
DUPLICATE = "duplicate"
INVALID_EMAIL = "invalid_email"
NO_NAME = "no_name"
EMPTY = "empty"
TOO_LONG = "too_long"
POSSIBLE_DUPLICATE = "possible_duplicate"
IMPORTED_OUTCOMES = {NEW, UPDATE}
OUTCOME_LABELS = {
    NEW: gettext_lazy("new"),
    POSSIBLE_DUPLICATE: gettext_lazy("possible duplicate"),
    UPDATE: gettext_lazy("updates existing participant"),
    DUPLICATE: gettext_lazy("duplicate in the file – skipped"),
    INVALID_EMAIL: gettext_lazy("invalid email – skipped"),
    NO_NAME: gettext_lazy("no family name – skipped"),
    EMPTY: gettext_lazy("empty row – skipped"),
    TOO_LONG: gettext_lazy("value too long – skipped"),
}
OUTCOMES = (NEW, UPDATE, POSSIBLE_DUPLICATE, DUPLICATE, INVALID_EMAIL, NO_NAME, TOO_LONG, EMPTY)


def max_lengths():
    """The longest value each participant field can store (from the models), checked before anything is saved."""
    from members.models import Organization, Participant

    lengths = {
        name: Participant._meta.get_field(name).max_length
        for name in ("family_name", "given_name", "email", "phone", "function")
    }
    lengths["organization"] = Organization._meta.get_field("name").max_length
    return lengths


@dataclass
class RowResult:
    line: int
    outcome: str
    values: dict = field(default_factory=dict)
    languages: list[str] = field(default_factory=list)
    existing_id: int | None = None
    note: str = ""
    name_known: bool = False  # an existing participant has this name (with another or no email)

    @property
    def is_imported(self):
        return self.outcome in IMPORTED_OUTCOMES

    @property
    def label(self):
        return OUTCOME_LABELS[self.outcome]


def parse_languages(text: str) -> tuple[list[str], list[str]]:
    """'de, Türkisch / EN' → (['de', 'tr', 'en'], []); words that are no known language (or a code missing
    from :data:`arbeitskreis.languages.CODES`) come back as the second list."""
    codes, unknown = [], []
    words = language_words()
    for word in re.split(r"[,;/|+&\s]+", text or ""):
        word = word.strip().casefold()
        if not word or word in {"und", "and", "sowie"}:
            continue
        if word in languages.CODES:
            codes.append(word)
        elif word in words:
            codes.append(words[word])
        else:
            unknown.append(word)
    return list(dict.fromkeys(codes)), list(dict.fromkeys(unknown))


def name_key(given_name, family_name):
    return (given_name.strip().casefold(), family_name.strip().casefold())


def analyse(
    rows, mapping, existing_emails, lines=None, existing_names=frozenset(), create_anyway=frozenset()
) -> list[RowResult]:
    """Judge every row: new, update of an existing participant (same email, any case), possible duplicate of
    an existing participant, duplicate within the file, invalid email, no name, a value too long to store, or
    empty. ``lines`` are the rows' line numbers in the file (default: 2, 3, …); ``existing_emails`` maps
    lower-case emails to participant ids; a row that would be new but whose name is in ``existing_names``
    (keys from :func:`name_key`) is a possible duplicate (not imported) unless its line number is in
    ``create_anyway`` — then it is new, with the warning kept. Other numbers in ``create_anyway`` are ignored."""
    columns = {name: int(index) for index, name in mapping.items() if name}
    limits = max_lengths()
    seen = {}
    results = []
    for offset, row in enumerate(rows):
        line = lines[offset] if lines and offset < len(lines) else offset + 2
        values = {name: (row[index] if index < len(row) else "").strip() for name, index in columns.items()}
        if not any(cell.strip() for cell in row):
            results.append(RowResult(line, EMPTY))
            continue
        values["email"] = values.get("email", "").strip().strip("<>").strip()
        if values.get("email", "").lower().startswith("mailto:"):
            values["email"] = values["email"][7:]
        codes, unknown = parse_languages(values.get("languages", ""))
        result = RowResult(line, NEW, values, codes)
        if unknown:
            result.note = _("Unknown languages ignored: %(words)s") % {"words": ", ".join(unknown)}
        email = values.get("email", "")
        too_long = [
            _("“%(field)s” is longer than %(limit)s characters.") % {"field": FIELDS[name], "limit": limit}
            for name, limit in limits.items()
            if len(values.get(name, "")) > limit
        ]
        if not values.get("family_name"):
            result.outcome = NO_NAME
        elif too_long:
            result.outcome = TOO_LONG
            result.note = " ".join(too_long)
        elif email:
            try:
                validate_email(email)
            except ValidationError:
                result.outcome = INVALID_EMAIL
            else:
                key = email.lower()
                if key in seen:
                    result.outcome = DUPLICATE
                    result.note = _("Same email as line %(line)s.") % {"line": seen[key]}
                else:
                    seen[key] = line
                    if key in existing_emails:
                        result.outcome = UPDATE
                        result.existing_id = existing_emails[key]
        if result.outcome == NEW and name_key(values.get("given_name", ""), values["family_name"]) in existing_names:
            if email:
                result.note = _("A participant with this name exists already (with another email address).")
            else:
                result.note = _("A participant with this name exists already (this row has no email address).")
            result.name_known = True
            if line not in create_anyway:
                result.outcome = POSSIBLE_DUPLICATE
        results.append(result)
    return results


def summarise(results) -> dict[str, int]:
    counts = dict.fromkeys(OUTCOMES, 0)
    for result in results:
        counts[result.outcome] += 1
    return counts


def parse_line_numbers(values) -> frozenset[int]:
    """The row numbers a confirm form sent (e.g. ``["5", "7"]``); anything that is not a number is ignored."""
    numbers = set()
    for value in values:
        value = str(value).strip()
        if value.isascii() and value.isdigit() and len(value) < 10:
            numbers.add(int(value))
    return frozenset(numbers)


# The fields an update compares, in the order the preview lists the changes.
CHANGE_FIELDS = ("given_name", "family_name", "email", "phone", "organization", "function", "notes")


def changes(result, current) -> list[tuple[str, str, str]]:
    """What an "update" row would change on the stored participant, as ``(field label, old, new)``.

    ``current`` holds the stored values (``organization`` as its name, ``languages`` as a list of codes). Mirrors
    :func:`members.services.import_participants`: empty cells change nothing, an organisation or email in
    another case is the same one, languages are only added.
    """
    found = []
    for name in CHANGE_FIELDS:
        new = result.values.get(name, "").strip() if name == "organization" else result.values.get(name, "")
        old = current.get(name) or ""
        if not new:
            continue
        same = new.casefold() == old.casefold() if name in ("organization", "email") else new == old
        if not same:
            found.append((str(FIELDS[name]), old, new))
    old_codes = list(current.get("languages") or [])
    added = [code for code in result.languages if code not in old_codes]
    if added:
        found.append(
            (
                str(FIELDS["languages"]),
                ", ".join(languages.name(code) for code in old_codes),
                ", ".join(languages.name(code) for code in languages.unpack(languages.pack(old_codes + added))),
            )
        )
    return found
