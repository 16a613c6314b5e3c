"""Reading participant lists (CSV or XLSX) and judging each row before anything is stored.

Pure functions: bytes in, tables and row outcomes out. Nothing here touches the database; the caller
passes the emails that already exist in the group. Errors the user has to fix raise :class:`TableError`
with a German (translated) message.
"""

import csv
import io
import itertools
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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

# Language names people write instead of ISO 639-1 codes.
LANGUAGE_NAMES = {
    "deutsch": "de",
    "german": "de",
    "englisch": "en",
    "english": "en",
    "arabisch": "ar",
    "arabic": "ar",
    "türkisch": "tr",
    "turkish": "tr",
    "ukrainisch": "uk",
    "ukrainian": "uk",
    "russisch": "ru",
    "russian": "ru",
    "persisch": "fa",
    "farsi": "fa",
    "persian": "fa",
    "dari": "fa",
    "rumänisch": "ro",
    "romanian": "ro",
    "französisch": "fr",
    "french": "fr",
    "spanisch": "es",
    "spanish": "es",
    "italienisch": "it",
    "italian": "it",
    "polnisch": "pl",
    "polish": "pl",
    "kurdisch": "ku",
    "kurdish": "ku",
    "paschtu": "ps",
    "pashto": "ps",
    "tigrinya": "ti",
    "somali": "so",
    "bulgarisch": "bg",
    "bulgarian": "bg",
    "griechisch": "el",
    "greek": "el",
    "albanisch": "sq",
    "albanian": "sq",
    "serbisch": "sr",
    "kroatisch": "hr",
    "bosnisch": "bs",
    "vietnamesisch": "vi",
}


class TableError(Exception):
    """The file cannot be imported; ``message`` tells the user why, in their language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]  # data rows, each as long as ``headers``; empty rows kept (they are shown as skipped)
    first_line: int = 2  # the line (CSV) or row (XLSX) number of the first data row, for the preview


def normalise_header(text: str) -> str:
    """'E-Mail-Adresse ' → 'emailadresse'; keeps umlauts, drops case, spaces and punctuation."""
    text = unicodedata.normalize("NFC", str(text)).casefold()
    return re.sub(r"[\s\-_.:/()*#]+", "", text)


# --- Reading files ------------------------------------------------------------------------------------------


def read_table(data: bytes, filename: str = "") -> Table:
    """Read a CSV or XLSX file into a :class:`Table`; raise :class:`TableError` when it is not a usable table."""
    if not data or not data.strip():
        raise TableError(_("The file is empty."))
    if data.startswith(b"PK\x03\x04") or filename.lower().endswith((".xlsx", ".xlsm")):
        headers, rows = _read_xlsx(data)
    else:
        headers, rows = _read_csv(data)
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise TableError(_("The file contains a header row but no participants."))
    return Table(headers=headers, rows=rows)


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
    sample = text[:20_000]
    control = sum(1 for char in sample if unicodedata.category(char) == "Cc" and char not in "\r\n\t")
    return "\x00" in sample or control > max(2, len(sample) // 100)


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


def _read_csv(data: bytes):
    text = decode(data)
    if _looks_binary(text):
        raise TableError(_("The file is not a table. Please upload a CSV or Excel file (.csv, .xlsx)."))
    text = text.lstrip("\ufeff")
    delimiter = None
    first_line, _newline, rest = text.partition("\n")
    match = re.fullmatch(r'\s*"?sep=(.)"?\s*', first_line.strip("\r"))
    if match:
        delimiter = match.group(1)
        text = rest
    lines = [line for line in text.splitlines() if line.strip().strip(";,\t").strip()]
    if not lines:
        raise TableError(_("The file is empty."))
    delimiter = delimiter or detect_delimiter(lines[0])
    try:
        raw_rows = list(itertools.islice(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), MAX_ROWS + 2))
    except csv.Error:
        raise TableError(_("The file is not a table. Please upload a CSV or Excel file (.csv, .xlsx).")) from None
    return _split_header([[cell.strip() for cell in row] for row in raw_rows])


def _read_xlsx(data: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise TableError(_("The file is not a table. Please upload a CSV or Excel file (.csv, .xlsx).")) from None
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
        raw_rows = [[_cell_text(value) for value in row] for row in itertools.islice(rows, MAX_ROWS + 2)]
    finally:
        workbook.close()
    return _split_header(raw_rows)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "strftime"):
        return value.strftime("%d.%m.%Y")
    return str(value).strip()


def _split_header(raw_rows):
    """The first non-empty row is the header; the data rows are padded or cut to its width."""
    while raw_rows and not any(raw_rows[0]):
        raw_rows.pop(0)
    if not raw_rows:
        raise TableError(_("The file is empty."))
    headers = list(raw_rows[0])
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise TableError(_("The file is empty."))
    if len(raw_rows) > MAX_ROWS + 1:
        raise TableError(
            _("The file has more than %(count)s rows. Please split it.") % {"count": f"{MAX_ROWS:,}".replace(",", ".")}
        )
    if len(headers) > MAX_COLUMNS:
        raise TableError(_("The file has more than %(count)s columns.") % {"count": MAX_COLUMNS})
    width = len(headers)
    rows = [(row + [""] * width)[:width] for row in raw_rows[1:]]
    return headers, rows


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


def unknown_columns(headers: list[str], mapping: dict[str, str]) -> list[int]:
    """Positions of columns with a header that matched no field."""
    return [index for index, header in enumerate(headers) if header and not mapping.get(str(index))]


def has_name_column(mapping: dict[str, str]) -> bool:
    return "family_name" in mapping.values()


# --- Rows ---------------------------------------------------------------------------------------------------

NEW = "new"
UPDATE = "update"
DUPLICATE = "duplicate"
INVALID_EMAIL = "invalid_email"
NO_NAME = "no_name"
EMPTY = "empty"
IMPORTED_OUTCOMES = {NEW, UPDATE}
OUTCOME_LABELS = {
    NEW: gettext_lazy("new"),
    UPDATE: gettext_lazy("updates existing participant"),
    DUPLICATE: gettext_lazy("duplicate in the file – skipped"),
    INVALID_EMAIL: gettext_lazy("invalid email – skipped"),
    NO_NAME: gettext_lazy("no family name – skipped"),
    EMPTY: gettext_lazy("empty row – skipped"),
}


@dataclass
class RowResult:
    line: int
    outcome: str
    values: dict = field(default_factory=dict)
    languages: list[str] = field(default_factory=list)
    existing_id: int | None = None
    note: str = ""

    @property
    def is_imported(self):
        return self.outcome in IMPORTED_OUTCOMES

    @property
    def label(self):
        return OUTCOME_LABELS[self.outcome]


def parse_languages(text: str) -> tuple[list[str], list[str]]:
    """'de, Türkisch / EN' → (['de', 'tr', 'en'], []); unknown words come back as the second list."""
    codes, unknown = [], []
    for word in re.split(r"[,;/|+&\s]+", text or ""):
        word = word.strip().casefold()
        if not word or word in {"und", "and", "sowie"}:
            continue
        if re.fullmatch(r"[a-z]{2}", word):
            codes.append(word)
        elif word in LANGUAGE_NAMES:
            codes.append(LANGUAGE_NAMES[word])
        else:
            unknown.append(word)
    return list(dict.fromkeys(codes)), unknown


def name_key(given_name, family_name):
    return (given_name.strip().casefold(), family_name.strip().casefold())


def analyse(rows, mapping, existing_emails, first_line=2, existing_names=frozenset()) -> list[RowResult]:
    """Judge every row: new, update of an existing participant (same email, any case), duplicate within the
    file, invalid email, no name, or empty. ``existing_emails`` maps lower-case emails to participant ids;
    ``existing_names`` (keys from :func:`name_key`) only adds a warning to new rows with a known name."""
    columns = {name: int(index) for index, name in mapping.items() if name}
    seen = {}
    results = []
    for offset, row in enumerate(rows):
        line = first_line + offset
        values = {name: (row[index] if index < len(row) else "").strip() for name, index in columns.items()}
        if not any(cell.strip() for cell in row):
            results.append(RowResult(line, EMPTY))
            continue
        values["email"] = values.get("email", "").strip().strip("<>").strip()
        if values.get("email", "").lower().startswith("mailto:"):
            values["email"] = values["email"][7:]
        languages, unknown = parse_languages(values.get("languages", ""))
        result = RowResult(line, NEW, values, languages)
        if unknown:
            result.note = _("Unknown languages ignored: %(words)s") % {"words": ", ".join(unknown)}
        email = values.get("email", "")
        if not values.get("family_name"):
            result.outcome = NO_NAME
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
            result.note = _("A participant with this name exists already (with another email address).")
        results.append(result)
    return results


def summarise(results) -> dict[str, int]:
    counts = dict.fromkeys((NEW, UPDATE, DUPLICATE, INVALID_EMAIL, NO_NAME, EMPTY), 0)
    for result in results:
        counts[result.outcome] += 1
    return counts
