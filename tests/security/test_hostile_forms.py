"""Every form of the app, attacked: each field in turn and all fields at once get hostile values.

The forms are found through the permission matrix (tests/matrix/): every URL that takes a POST from some role is
opened as that role (coordinator, staff, the participant behind the personal link, anonymous for public forms),
its forms are read from the page (field names and types, the values the page fills in), the matrix's valid data
is laid over them, and then each field gets overlong text, control characters, HTML and script, SQL, invalid
dates and numbers; the whole body is also sent as bytes that are not UTF-8, and file fields get a huge file and
one of the wrong type. The checks are in tests/hostile.py: no 5xx, no markup unescaped, a refused form changes
no row, an accepted one stores no control character and its page shows the text escaped.
"""

from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import hostile
from tests.matrix import load_entries
from tests.members.factories import ParticipantFactory
from tests.personal import open_personal_link
from tests.snapshot import database_rows

ENTRIES = load_entries()
ACCEPTED = (200, 302)
# Logging out ends the session every other request needs; it takes no input.
LEFT_OUT = {"logout"}
# Rows a refused form may legitimately write: the failed-login counter of django-axes.
MAY_WRITE = {"login": ("axes.",)}


def _role(case):
    if case.participant:
        return "anonymous"
    for role in ("coordinator", "staff", "anonymous"):
        if case.post.get(role) in ACCEPTED:
            return role
    return None


FORMS = sorted(name for name, case in ENTRIES.items() if case.post and _role(case) and name not in LEFT_OUT)


class Attacker:
    def __init__(self, client, url, name):
        self.client, self.url, self.name = client, url, name
        self.ignored = MAY_WRITE.get(name, ())
        self.before = self._rows()
        self.tried = 0

    def _rows(self):
        return {label: rows for label, rows in database_rows().items() if not label.startswith(self.ignored)}

    def post(self, label, data=None, raw=None):
        self.tried += 1
        if raw is not None:
            response = self.client.post(self.url, raw, content_type="application/x-www-form-urlencoded")
        else:
            response = self.client.post(self.url, data)
        where = f"{self.name} [{label}]"
        assert response.status_code < 500, f"{where}: server error {response.status_code}"
        assert not hostile.raw_markup(response.content), f"{where}: markup shown unescaped"
        after = self._rows()
        if response.status_code != 302:
            assert after == self.before, f"{where}: refused ({response.status_code}) but stored data changed"
            return
        stored = hostile.control_characters_stored(self.before, after)
        assert not stored, f"{where}: control characters stored: {stored[:3]}"
        self.before = after
        location = urlsplit(response["Location"])
        if not location.netloc and location.path.startswith("/"):
            page = self.client.get(response["Location"])
            assert page.status_code < 500, f"{where}: the page after the redirect answered {page.status_code}"
            assert not hostile.raw_markup(page.content), f"{where}: the page after the redirect shows markup"


def _client_for(client, world, case, role):
    if role in ("coordinator", "staff"):
        client.force_login(world.user(role))
    if case.participant:
        open_personal_link(client, ParticipantFactory(working_group=world.group))


def _huge(name):
    limit = max(settings.MEMBERS_IMPORT_MAX_BYTES, settings.INTEGREAT_API_MAX_MB * 1024 * 1024)
    return SimpleUploadedFile(name, b"a;b\n" * (limit // 4 + 1), content_type="text/csv")


@pytest.mark.parametrize("name", FORMS)
def test_form_survives_hostile_input(client, world, settings, name):
    settings.INTEGREAT_API_MAX_MB = 1  # the huge upload need not be 50 MB to be over the limit
    case = ENTRIES[name]
    role = _role(case)
    _client_for(client, world, case, role)
    url = reverse(name, kwargs=case.kwargs(world, world.group, world.group))
    forms = []
    if case.get and case.get.get(role) == 200:
        page = client.get(url)
        assert page.status_code == 200, f"{name}: GET answered {page.status_code}"
        if page["Content-Type"].startswith("text/html"):
            forms = hostile.forms_posting_to(page.content.decode(), url)
    types, valid, files = hostile.merged(forms, case.post_data(world) if case.post_data else {})
    types.pop("csrfmiddlewaretoken", None)
    valid.pop("csrfmiddlewaretoken", None)
    fields = [field for field in types if field not in files]
    attacker = Attacker(client, url, name)

    for label, value in hostile.ALL_AT_ONCE.items():
        attacker.post(f"all {label}", {**valid, **dict.fromkeys(fields, value)})
    for field in hostile.single_fields(types, files):
        for label, value in hostile.values_for(types[field]).items():
            attacker.post(f"{field} {label}", {**valid, field: value})
    for blob in hostile.NON_UTF8:
        names = fields or ["x"]
        attacker.post(f"non-UTF-8 {blob[:6]!r}", raw=b"&".join(quote(f).encode() + b"=" + blob for f in names))
    for field in files:
        attacker.post(f"{field} huge upload", {**valid, field: _huge("liste.csv")})
        wrong = SimpleUploadedFile("bild.csv", b"\x89PNG\r\n\x1a\n\x00\xff" * 64, content_type="image/png")
        attacker.post(f"{field} wrong type", {**valid, field: wrong})
        program = SimpleUploadedFile("programm.exe", b"MZ\x90\x00\x03" * 64, content_type="application/octet-stream")
        attacker.post(f"{field} program", {**valid, field: program})
    assert attacker.tried >= len(hostile.ALL_AT_ONCE)


def test_the_forms_are_found():
    """The list is built from the matrix: the public, participant and coordinator forms are all in it."""
    for name in ("newcomer-form:form", "personal:suggest", "meetings:create", "members:import-upload", "login"):
        assert name in FORMS


def test_a_form_is_read_from_the_page():
    html = """<form method="post" action="/x/"><input type="hidden" name="csrfmiddlewaretoken" value="t">
    <input name="title" value="A &amp; B"><input type="date" name="day" value="2026-03-01">
    <select name="kind"><option value="a">A</option><option value="b" selected>B</option></select>
    <textarea name="notes">Hallo</textarea><input type="checkbox" name="ok" value="1" checked>
    <input type="file" name="file"><button type="submit" name="go">Los</button></form>
    <form method="get"><input name="q"></form><form method="post" action="/y/"><input name="other"></form>"""
    (form,) = hostile.forms_posting_to(html, "/x/")
    types, data, files = hostile.merged([form], {"title": "Neu"})
    assert types == {
        "csrfmiddlewaretoken": "hidden",
        "title": "text",
        "day": "date",
        "kind": "select",
        "notes": "textarea",
        "ok": "checkbox",
        "file": "file",
    }
    assert data == {
        "csrfmiddlewaretoken": "t",
        "title": "Neu",
        "day": "2026-03-01",
        "kind": "b",
        "notes": "Hallo",
        "ok": "1",
    }
    assert files == {"file"}


def test_the_checks_see_raw_markup_and_control_characters():
    assert hostile.raw_markup(b"<p><script>alert(1)</script></p>")
    assert not hostile.raw_markup(b"<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
    assert hostile.control_characters_stored({"a.B": [{"id": 1, "t": "x"}]}, {"a.B": [{"id": 1, "t": "x\x00"}]})
    assert not hostile.control_characters_stored({}, {"a.B": [{"id": 1, "t": "line\nnext\ttab"}]})
