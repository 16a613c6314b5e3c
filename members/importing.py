"""Judging the rows of a participant list before anything is stored: columns, outcomes, changes.

Pure functions: a :class:`members.tables.Table`'s rows in, row outcomes out. Nothing here writes to the database;
the caller passes the emails and names that already exist in the group.
"""

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from arbeitskreis import languages
from members.models import Organization, Participant

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
# The fields the import preview folds into each row (rarely needed to decide about a row; keeps it narrow).
DETAIL_FIELDS = ("function", "phone", "languages", "notes")

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


def normalise_header(text: str) -> str:
    """'E-Mail-Adresse ' → 'emailadresse'; keeps umlauts, drops case, spaces and punctuation."""
    text = unicodedata.normalize("NFC", str(text)).casefold()
    return re.sub(r"[\s\-_.:/()*#]+", "", text)


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
    invalid_email: str = ""  # the address in the file, left out because it is not valid

    @property
    def offers_correction(self):
        """The row has an invalid address the user may correct, or untick the row."""
        return bool(self.invalid_email) and self.outcome in (NEW, POSSIBLE_DUPLICATE)

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
    rows,
    mapping,
    existing_emails,
    lines=None,
    existing_names=frozenset(),
    create_anyway=frozenset(),
    corrections=None,
    left_out=frozenset(),
) -> list[RowResult]:
    """Judge every row: new, update of an existing participant (same email, any case), possible duplicate of
    an existing participant, duplicate within the file, no name, a value too long to store, or empty.

    ``lines`` are the rows' line numbers in the file (default: 2, 3, …); ``existing_emails`` maps lower-case
    emails to participant ids; a row that would be new but whose name is in ``existing_names`` (keys from
    :func:`name_key`) is a possible duplicate (not imported) unless its line number is in ``create_anyway`` —
    then it is new, with the warning kept. A row with an invalid email address is judged without it and keeps it
    in ``invalid_email`` (the participant is imported without email and the address noted), unless its line is
    in ``left_out`` (then it is skipped as "invalid email"); ``corrections`` maps line numbers to the address the
    user typed instead (an empty one: no email). Other line numbers in these arguments are ignored."""
    columns = {name: int(index) for index, name in mapping.items() if name}
    corrections = corrections or {}
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
        elif values["email"]:
            _judge_email(result, corrections.get(line), left_out, seen, existing_emails)
        if result.outcome == NEW and name_key(values.get("given_name", ""), values["family_name"]) in existing_names:
            if values["email"]:
                result.note = _("A participant with this name exists already (with another email address).")
            else:
                result.note = _("A participant with this name exists already (this row has no email address).")
            result.name_known = True
            if line not in create_anyway:
                result.outcome = POSSIBLE_DUPLICATE
        results.append(result)
    return results


def _judge_email(result, correction, left_out, seen, existing_emails):
    """Set the outcome of a named row with an email address (see :func:`analyse`)."""
    if correction is not None:
        result.values["email"] = correction
    email = result.values["email"]
    if not email:
        return
    try:
        validate_email(email)
    except ValidationError:
        if result.line in left_out:
            result.outcome = INVALID_EMAIL
        else:
            result.invalid_email, result.values["email"] = email, ""
        return
    key = email.lower()
    if key in seen:
        result.outcome = DUPLICATE
        result.note = _("Same email as line %(line)s.") % {"line": seen[key]}
    else:
        seen[key] = result.line
        if key in existing_emails:
            result.outcome = UPDATE
            result.existing_id = existing_emails[key]


class Counts(dict):
    """The number of rows per outcome, with the two sums that the preview and the confirmation both state, and
    ``without_email``: the imported rows whose invalid address is left out."""

    without_email = 0

    def stored(self):
        """The counts as stored on a finished :class:`members.models.ImportBatch`."""
        return {**self, "without_email": self.without_email}

    @classmethod
    def from_stored(cls, stored):
        counts = cls({name: stored.get(name, 0) for name in OUTCOMES})
        counts.without_email = stored.get("without_email", 0)
        return counts

    @property
    def to_import(self):
        return self[NEW] + self[UPDATE]

    @property
    def skipped(self):
        """Rows left out because of an error (possible duplicates and empty rows are counted on their own)."""
        return sum(self.values()) - self[NEW] - self[UPDATE] - self[POSSIBLE_DUPLICATE] - self[EMPTY]


def summarise(results) -> Counts:
    counts = Counts.fromkeys(OUTCOMES, 0)
    for result in results:
        counts[result.outcome] += 1
    counts.without_email = sum(1 for result in results if result.invalid_email and result.is_imported)
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
