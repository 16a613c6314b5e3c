"""Hostile input for every form: the forms of a page, the values that attack them, and the checks on the answer.

Used by tests/security/test_hostile_forms.py. The checks:

- no answer is a server error (5xx);
- no answer contains the attacking markup unescaped (``RAW_MARKERS``);
- a refused form (any answer but a redirect) leaves every stored row as it was (tests/snapshot.py);
- an accepted form stores no control character (PostgreSQL refuses NUL in text: a 500 there) and the page it
  redirects to shows what was stored escaped.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
# What must never appear in an answer: the attacking markup as markup (escaped it reads ``&lt;script&gt;…``).
RAW_MARKERS = ("<script>alert(1)", "<img src=x onerror")

OVERLONG = "x" * 100_000
# Each field in turn gets these (few, to keep the test fast: each one a different way to break in).
TEXT_VALUES = {
    "overlong": OVERLONG,
    "control": "Treffen\x00im \x01\x08\x1b[31m\x7f Rathaus",
    "markup-sql": SCRIPT + IMG + "'; DROP TABLE members_participant; --",
}
# For fields that want a date, a time, a number, a choice or an id.
PARSED_VALUES = {
    "feb30": "2026-02-30",
    "inf": "1e309",
    "digits": "9" * 20,
    "nan": "NaN",
}
# All fields at once get each of these.
ALL_AT_ONCE = {
    **TEXT_VALUES,
    "script": SCRIPT,
    "german-date": "31.13.2026",
    "negative": "-1",
    **PARSED_VALUES,
}
# Fields attacked one by one, at most (text fields first); a page with a checkbox per row needs only a few.
MAX_SINGLE_FIELDS = 8

TEXT_TYPES = {"text", "textarea", "email", "url", "search", "tel", "password"}
IGNORED_TYPES = {"submit", "button", "reset", "image"}

# Bodies that are not UTF-8: percent-encoded and raw bytes.
NON_UTF8 = (b"%FF%FE%C3%28", b"\xff\xfe\xc3\x28\xed\xa0\x80")


@dataclass
class Form:
    action: str
    fields: dict = field(default_factory=dict)  # name -> type
    values: dict = field(default_factory=dict)  # name -> value as the page fills it in (lists for several)
    files: set = field(default_factory=set)


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = {key: (value or "") for key, value in attrs}
        if tag == "form":
            if attrs.get("method", "get").lower() == "post":
                self._form = Form(action=attrs.get("action", ""))
                self.forms.append(self._form)
            return
        form = self._form
        if form is None:
            return
        if tag == "option" and self._select:
            if "selected" in attrs:
                form.values[self._select].append(attrs.get("value", ""))
            return
        name = attrs.get("name")
        if not name:
            return
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind in IGNORED_TYPES:
                return
            form.fields.setdefault(name, kind)
            if kind == "file":
                form.files.add(name)
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    form.values.setdefault(name, []).append(attrs.get("value", "on"))
            else:
                form.values[name] = [attrs.get("value", "")]
        elif tag == "select":
            form.fields.setdefault(name, "select")
            self._select = name
            form.values.setdefault(name, [])
        elif tag == "textarea":
            form.fields.setdefault(name, "textarea")
            self._textarea = name
            form.values[name] = [""]

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form.values[self._textarea] = [self._form.values[self._textarea][0] + data]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_posting_to(html: str, url: str) -> list[Form]:
    """The POST forms of a page whose action is ``url`` (or the page itself, an empty action)."""
    parser = _FormParser()
    parser.feed(html)
    return [form for form in parser.forms if form.action in ("", url) or urlsplit(form.action).path == url]


def merged(forms: list[Form], post_data: dict) -> tuple[dict, dict, set]:
    """``(types, valid data, file fields)`` of the forms together, the matrix's valid data over the page's own."""
    types, data, files = {}, {}, set()
    for form in forms:
        types.update(form.fields)
        files |= form.files
        for name, values in form.values.items():
            if values:
                data[name] = values if len(values) > 1 else values[0]
    for name, value in post_data.items():
        types.setdefault(name, "text")
        data[name] = value
    return types, data, files


def single_fields(types: dict, files: set) -> list[str]:
    """The fields attacked one by one: text fields first, then the others, at most ``MAX_SINGLE_FIELDS``."""
    fields = [name for name in types if name not in files]
    ordered = sorted(fields, key=lambda name: types[name] not in TEXT_TYPES)
    return ordered[:MAX_SINGLE_FIELDS]


def values_for(kind: str) -> dict:
    return TEXT_VALUES if kind in TEXT_TYPES else PARSED_VALUES


def raw_markup(content: bytes) -> list[str]:
    text = content.decode("utf-8", "replace")
    return [marker for marker in RAW_MARKERS if marker in text]


def control_characters_stored(before: dict, after: dict) -> list[str]:
    """Stored text values, new or changed since ``before``, that contain a control character other than tab/newline."""
    found = []
    for label, rows in after.items():
        old = {repr(row) for row in before.get(label, [])}
        for row in rows:
            if repr(row) in old:
                continue
            for column, value in row.items():
                if isinstance(value, str) and any(ord(c) < 32 and c not in "\t\n\r" or ord(c) == 127 for c in value):
                    found.append(f"{label}.{column}={value[:40]!r}")
    return found
