"""What users type reaches every page escaped and every file unchanged; the registry (tests/escaping/) knows every
page and every field users type into, and fails for one it does not know."""

import csv
import io
import json
import re
from pathlib import Path

import icalendar
import pytest
from django.apps import apps
from django.contrib import admin
from django.core import mail
from django.db import models
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.escaping import FIELDS, NOT_TYPED, RAW_FRAGMENTS, RTL_OVERRIDE, SANITISED, Shows, escaped, load_pages
from tests.escaping.build import build
from tests.mail import html as mail_html
from tests.mail import part as mail_part
from tests.mail import text as mail_text
from tests.matrix import load_entries
from tests.members.factories import ParticipantFactory
from tests.personal import open_personal_link
from tests.security.test_permission_matrix import project_url_names
from tests.snapshot import database_rows

PAGES = load_pages()
ROOT = Path(__file__).resolve().parents[2]


def test_every_url_is_in_the_escaping_registry():
    names, _unnamed = project_url_names()
    missing = names - set(PAGES)
    assert not missing, f"Pages missing from the escaping registry (tests/escaping/): {sorted(missing)}"
    stale = set(PAGES) - names
    assert not stale, f"The escaping registry lists URL names that no longer exist: {sorted(stale)}"


def _text_fields():
    """(model label, field name) of every free-text field of the project's models and of the user."""
    for model in apps.get_models():
        config = model._meta.app_config
        if Path(config.path).parent == ROOT or model._meta.label in ("auth.User", "auth.Group"):
            for field in model._meta.concrete_fields:
                if isinstance(field, (models.CharField, models.TextField, models.JSONField)) and not field.choices:
                    yield model._meta.label, field.name


def test_every_text_field_is_typed_into_or_excused():
    typed = {(f.model, f.name) for f in FIELDS.values()}
    fields = set(_text_fields())
    unknown = fields - typed - set(NOT_TYPED)
    assert not unknown, f"Text fields neither in tests.escaping.FIELDS nor in NOT_TYPED: {sorted(unknown)}"
    stale = (typed | set(NOT_TYPED)) - fields
    assert not stale, f"The escaping registry names fields that do not exist: {sorted(stale)}"


def test_every_typed_field_is_shown_somewhere():
    shown = {key for page in PAGES.values() if isinstance(page, Shows) for key in page.fields}
    assert shown <= set(FIELDS), f"Unknown field keys in the registry: {sorted(shown - set(FIELDS))}"
    assert not set(FIELDS) - shown, f"Fields no registered page shows: {sorted(set(FIELDS) - shown)}"


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _check_stored():
    """Every hostile value arrived in the database as typed (a form that changed or refused it would hide a page)."""
    for key, field in FIELDS.items():
        model = apps.get_model(field.model)
        stored = [text for value in model.objects.values_list(field.name, flat=True) for text in _strings(value)]
        assert any(field.value in text for text in stored), f"{key}: the hostile value was not stored as typed"


def _cells(response, kind):
    if kind == "csv":
        return [
            cell for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";") for cell in row
        ]
    if kind == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        return [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]
    return list(_strings(json.loads(response.content)))


def _problems(name, page, h, on_commit):
    """What is wrong with one page: fields not shown (escaped), raw markup, or a file that changed the text."""
    client = h.client(page.as_)
    url = reverse(name, kwargs=page.kwargs(h))
    if page.kind == "mail":
        return _mail_problems(name, page, h, client, url, on_commit)
    response = client.get(url, page.query(h) if callable(page.query) else page.query)
    if response.status_code != 200:
        return [f"{name}: status {response.status_code}"]
    if page.kind == "pdf":
        text = _compact(_pdf_text(response.content))
        return [f"{name}: {key} not in the PDF as typed" for key in page.fields if not _in_pdf(key, text)]
    if page.kind == "ics":
        values = _calendar_values(response.content)
        return [f"{name}: {key} not in the calendar as typed" for key in page.fields if FIELDS[key].value not in values]
    if page.kind != "html":
        cells = _cells(response, page.kind)
        return [
            f"{name}: {key} not in the file as typed"
            for key in page.fields
            if not any(FIELDS[key].value in cell for cell in cells)
        ]
    content = response.content.decode()
    problems = [f"{name}: shows {fragment!r} unescaped" for fragment in RAW_FRAGMENTS if fragment in content]
    problems += [
        f"{name}: {key} not shown escaped"
        for key in page.fields
        if (f"[{key}]" not in content if key in SANITISED else escaped(key) not in content)
    ]
    return problems


def _pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _compact(text):
    """Text without white space and the RTL override: a PDF breaks long values into lines and may drop the
    invisible override; what must survive are the characters, markup included."""
    return re.sub(r"\s+", "", text).replace(RTL_OVERRIDE, "")


def _in_pdf(key, text):
    """The value's markup as characters (escaped before rendering, so never interpreted) and its key — written
    after the RTL override, which the PDF honours, so it may come out of the text reversed."""
    head, _override, marker = FIELDS[key].value.partition(RTL_OVERRIDE)
    markup_shown = key in SANITISED or _compact(head) in text
    return markup_shown and (marker in text or marker[::-1] in text)


def _calendar_values(data):
    """Every property value of calendar data, unescaped by the parser, as one text."""
    calendar = icalendar.Calendar.from_ical(data)
    return "\n".join(str(value) for component in calendar.walk() for value in component.values())


def _mail_problems(name, page, h, client, url, on_commit):
    """A POST that sends one mail: its subject and text part show the typed values unchanged (plain text), its HTML
    part escaped and nothing raw, its calendar part unchanged."""
    mail.outbox.clear()
    with on_commit(execute=True):
        assert client.post(url, page.data(h) if page.data else {}).status_code == 302, name
    assert len(mail.outbox) == 1, f"{name}: expected one mail, got {len(mail.outbox)}"
    message = mail.outbox[0]
    text = message.subject + "\n" + mail_text(message)
    problems = [f"{name}: {key} not in the text mail as typed" for key in page.fields if FIELDS[key].value not in text]
    if html := mail_html(message):
        problems += [
            f"{name}: the HTML mail shows {fragment!r} unescaped" for fragment in RAW_FRAGMENTS if fragment in html
        ]
        problems += [f"{name}: {key} not escaped in the HTML mail" for key in page.fields if escaped(key) not in html]
    if part := mail_part(message, "text/calendar"):
        values = _calendar_values(part.get_content())
        for key in page.fields:
            if FIELDS[key].model == "meetings.Meeting" and FIELDS[key].value not in values:
                problems.append(f"{name}: {key} not in the calendar data as typed")
    return problems


def _admin_problems(h):
    """The Django admin, as a superuser: the list and the change page of every registered model with a row."""
    problems = []
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        urls = [reverse("admin:{}_{}_changelist".format(*info))]
        if first := model._default_manager.order_by("pk").first():
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
        for url in urls:
            response = h.admin.get(url)
            content = response.content.decode()
            problems += [f"{url}: status {response.status_code}"] if response.status_code != 200 else []
            problems += [f"{url}: shows {fragment!r} unescaped" for fragment in RAW_FRAGMENTS if fragment in content]
    return problems


def test_typed_text_is_escaped_on_every_page_and_unchanged_in_every_file(world, django_capture_on_commit_callbacks):
    h = build(world)
    _check_stored()
    pages = sorted((name, page) for name, page in PAGES.items() if isinstance(page, Shows))
    problems = []
    # Mails last: the POST that sends one changes what other pages show.
    for name, page in sorted(pages, key=lambda entry: entry[1].kind == "mail"):
        problems += _problems(name, page, h, django_capture_on_commit_callbacks)
    problems += _admin_problems(h)
    assert not problems, "\n".join(problems)


# --- What must not get in at all ----------------------------------------------------------------------------


def _with_nul(data):
    return {key: f"{value}\x00x" if isinstance(value, str) and value else value for key, value in data.items()}


NUL_CASES = [
    pytest.param(name, id=name)
    for name, case in sorted(load_entries().items())
    if case.post_data and case.post and case.post["coordinator"] in (200, 302)
]


@pytest.mark.parametrize("name", NUL_CASES)
def test_a_nul_character_is_refused_or_dropped_by_every_form(client, world, name):
    """A NUL in every text of a form's data: the form answers (PostgreSQL cannot store a NUL) and stores none."""
    case = load_entries()[name]
    client.force_login(world.coordinator)
    if case.participant:
        open_personal_link(client, ParticipantFactory(working_group=world.group))
    response = client.post(
        reverse(name, kwargs=case.kwargs(world, world.group, world.group)), _with_nul(case.post_data(world))
    )
    assert response.status_code < 500
    for label, field_name in _text_fields():
        model = apps.get_model(label)
        values = model.objects.values_list(field_name, flat=True)
        assert not any("\x00" in text for value in values for text in _strings(value)), f"{label}.{field_name}"


INVALID_URL = "Bitte eine gültige Adresse eingeben."
URL_FORMS = [
    (
        "groups:settings",
        "default_online_link",
        {"name": "AK", "cadence_months": 6, "default_start_time": "16:00", "default_duration_minutes": 90},
        INVALID_URL,
    ),
    ("members:organization-create", "website", {"name": "AWO", "kind": "welfare"}, INVALID_URL),
    (
        "meetings:create",
        "online_link",
        {"title": "Treffen", "day": "2030-03-05", "start_time": "16:00", "end_time": "17:30", "place": ""},
        INVALID_URL,
    ),
    (
        "findings:create",
        "integreat_url",
        {"title": "Lücke", "kind": "missing_content", "priority": "2"},
        "Bitte geben Sie eine Webadresse an, die mit http:// oder https:// beginnt.",
    ),
]


def test_every_url_field_is_tried_with_a_javascript_link():
    url_fields = {
        (label, name)
        for label, name in _text_fields()
        if isinstance(apps.get_model(label)._meta.get_field(name), models.URLField)
    }
    tried = {("arbeitskreis.WorkingGroup", "default_online_link"), ("members.Organization", "website")}
    tried |= {("meetings.Meeting", "online_link"), ("findings.Finding", "integreat_url")}
    assert url_fields == tried, "A new URL field: add its form to URL_FORMS"


@pytest.mark.parametrize(("name", "field", "data", "message"), URL_FORMS)
@pytest.mark.parametrize("link", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>x</script>"])
def test_a_javascript_link_is_refused_by_every_url_field(coordinator_client, world, name, field, data, message, link):
    url = reverse(name, kwargs=world.group.url_kwargs())
    before = database_rows()
    response = coordinator_client.post(url, {**data, field: link})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert database_rows() == before
