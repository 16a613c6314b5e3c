"""The escaping registry: every page, export and mail that shows text users typed, and every field they type into.

Each app lists its URL names in ``tests/escaping/<app>.py`` (a dict ``PAGES``): either a :class:`Shows` — how to
reach the page as whom, and which hostile fields (keys of :data:`FIELDS`) it must show — or a :class:`NoUserText`
with the reason. tests/security/test_escaping.py fails for a URL name that is in neither (as the permission matrix
does), for a text field of a model that is neither in :data:`FIELDS` nor in :data:`NOT_TYPED`, and for a field that
no page shows. The hostile values are put in through the forms, the import and the personal link, as users do
(tests/escaping/build.py).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.utils.html import escape

# What must never reach a page unescaped. NUL cannot be stored at all (tests/security/test_escaping.py posts it).
RAW_FRAGMENTS = ("<script>alert(", "<img src=x onerror", '"><img src=x', 'href="javascript:')
RTL_OVERRIDE = "\u202e"


def hostile(key: str, *, short: bool = False) -> str:
    """The value typed into field ``key``: markup, a quote that ends an attribute, a ``javascript:`` link, an RTL
    override and the key, so that each field can be told apart on a page. ``short`` for fields of ≤ 50 characters."""
    if short:
        return f'"><img src=x onerror=alert(1)>{RTL_OVERRIDE}[{key}]'
    return f'<script>alert(1)</script>"><img src=x onerror=alert(2)><a href="javascript:x">{RTL_OVERRIDE}[{key}]'


def hostile_url(key: str) -> str:
    """A URL the URL fields accept (``javascript:`` they refuse — tested separately) that breaks out of ``href``."""
    return f'https://example.org/"><script>alert(1)</script>[{key}]'


def hostile_email(key: str) -> str:
    """An email address the email fields accept: a quoted local part may hold markup."""
    return f'"<script>alert(1)</script>[{key}]"@example.org'


@dataclass(frozen=True)
class Field:
    """A field users type into: the model and field name, and the value the builder puts in."""

    model: str
    name: str
    value: str


def hostile_filename(key: str) -> str:
    """A file name as the import keeps it: no slash (an upload keeps what follows the last one), no RTL override
    (the import drops control and format characters from names and cells)."""
    return f"<img src=x onerror=alert(1)>[{key}].csv"


def _field(key, model, name, kind="text"):
    value = {
        "text": hostile,
        "short": lambda k: hostile(k, short=True),
        "url": hostile_url,
        "email": hostile_email,
        "filename": hostile_filename,
    }
    return key, Field(model, name, value[kind](key))


FIELDS: dict[str, Field] = dict(
    [
        _field("municipality.name", "arbeitskreis.Municipality", "name"),
        _field("user.first_name", "auth.User", "first_name"),
        _field("user.last_name", "auth.User", "last_name"),
        _field("user.email", "auth.User", "email", "email"),
        _field("group.name", "arbeitskreis.WorkingGroup", "name"),
        _field("group.default_place", "arbeitskreis.WorkingGroup", "default_place"),
        _field("group.default_online_link", "arbeitskreis.WorkingGroup", "default_online_link", "url"),
        _field("group.organizer_name", "arbeitskreis.WorkingGroup", "organizer_name"),
        _field("group.organizer_email", "arbeitskreis.WorkingGroup", "organizer_email", "email"),
        _field("org.name", "members.Organization", "name"),
        _field("org.website", "members.Organization", "website", "url"),
        _field("org.notes", "members.Organization", "notes"),
        _field("p.given_name", "members.Participant", "given_name"),
        _field("p.family_name", "members.Participant", "family_name"),
        _field("p.email", "members.Participant", "email", "email"),
        _field("p.phone", "members.Participant", "phone", "short"),
        _field("p.function", "members.Participant", "function"),
        _field("p.notes", "members.Participant", "notes"),
        _field("import.filename", "members.ImportBatch", "filename", "filename"),
        _field("import.header", "members.ImportBatch", "headers"),
        _field("import.cell", "members.ImportBatch", "rows"),
        _field("question.text", "meetings.FocusQuestion", "text"),
        _field("question.description", "meetings.FocusQuestion", "description"),
        _field("meeting.title", "meetings.Meeting", "title"),
        _field("meeting.place", "meetings.Meeting", "place"),
        _field("meeting.online_link", "meetings.Meeting", "online_link", "url"),
        _field("meeting.organiser_notes", "meetings.Meeting", "organiser_notes"),
        _field("item.title", "meetings.AgendaItem", "title"),
        _field("item.description", "meetings.AgendaItem", "description"),
        _field("item.presenter", "meetings.AgendaItem", "presenter"),
        _field("template.name", "meetings.AgendaTemplate", "name"),
        _field("template.description", "meetings.AgendaTemplate", "description"),
        _field("area.name", "findings.ContentArea", "name"),
        _field("finding.title", "findings.Finding", "title"),
        _field("finding.description", "findings.Finding", "description"),
        _field("finding.integreat_url", "findings.Finding", "integreat_url", "url"),
        _field("finding.resolution_note", "findings.Finding", "resolution_note"),
        _field("suggestion.title", "findings.Suggestion", "title"),
        _field("suggestion.description", "findings.Suggestion", "description"),
        _field("suggestion.decline_note", "findings.Suggestion", "decline_note"),
        _field("invitation.comment", "meetings.Invitation", "comment"),
        _field("feed.label", "meetings.CalendarFeed", "label"),
        _field("attendance.guest_name", "minutes.Attendance", "guest_name"),
        _field("attendance.guest_organization", "minutes.Attendance", "guest_organization"),
        _field("note.text", "minutes.ItemNote", "text"),
        _field("answer.text", "minutes.FocusAnswer", "text"),
        _field("decision.text", "minutes.Decision", "text"),
        _field("comment.text", "minutes.MinutesComment", "text"),
        _field("minutes.correction_reason", "minutes.Minutes", "correction_reason"),
        _field("measure.title", "minutes.Measure", "title"),
        _field("measure.description", "minutes.Measure", "description"),
        _field("measure.funding_source", "minutes.Measure", "funding_source"),
        _field("invitation.email", "arbeitskreis.TeamInvitation", "email", "email"),
        _field("handover.note", "arbeitskreis.Handover", "note"),
        # Text from the Integreat API (uploaded, as the tests of tests/escaping/build_integreat.py do).
        _field("iregion.name", "integreat.Region", "name"),
        _field("iregion.languages", "integreat.Region", "languages", "short"),
        _field("ipage.title", "integreat.Page", "title"),
        _field("ipage.url", "integreat.Page", "url", "url"),
        _field("ipage.key", "integreat.Page", "key"),
        _field("vitem.note", "integreat.ValidationItem", "note"),
        _field("feedback.text", "networks.Feedback", "text"),
        _field("feedback.reply", "networks.Feedback", "reply"),
        _field("newcomer.topic", "networks.NewcomerAnswer", "topic"),
        _field("newcomer.missing", "networks.NewcomerAnswer", "missing"),
    ]
)

# Fields written in the safe subset of Markdown (minutes/notes.py): their markup is dropped by the sanitiser, not
# escaped — a page must show their text (the key) and no raw markup.
SANITISED = {"note.text", "answer.text"}

# Text fields of the project's models that users do not type into, and why. A new text field goes into FIELDS
# (and onto the pages that show it) or here.
NOT_TYPED = {
    ("auth.User", "username"): "chosen by staff in the admin, shown only when the user has no name",
    ("auth.User", "password"): "a hash",
    ("auth.Group", "name"): "not used by the app",
    ("arbeitskreis.Municipality", "slug"): "a slug: letters, digits and hyphens only",
    ("arbeitskreis.Municipality", "official_key"): "not shown on any page of the app",
    ("arbeitskreis.Municipality", "integreat_region_slug"): "a slug",
    ("arbeitskreis.WorkingGroup", "slug"): "a slug",
    ("members.Participant", "languages"): "codes from a fixed list",
    ("members.Participant", "token"): "made by the app",
    ("members.Participant", "token_digest"): "made by the app",
    ("members.ImportBatch", "lines"): "line numbers",
    ("members.ImportBatch", "mapping"): "field names from a fixed list",
    ("members.ImportBatch", "empty_formulas"): "cell names such as C5, made by the reader",
    ("meetings.Meeting", "calendar_uid"): "made by the app",
    ("meetings.AgendaTemplateItem", "title"): "copied from agenda items (item.title, shown on the templates page)",
    ("meetings.AgendaTemplateItem", "description"): "copied from agenda items (item.description)",
    ("findings.Finding", "languages"): "codes from a fixed list",
    ("findings.FindingEvent", "actor_label"): "set by the demo data only",
    ("findings.FindingEvent", "old_value"): "copies of names and codes (the assignee: p.given_name, p.family_name)",
    ("findings.FindingEvent", "new_value"): "copies of names and codes (the assignee: p.given_name, p.family_name)",
    ("members.Participant", "invalid_email"): "an import cell (import.cell covers the preview); shown only for a person"
    " without email: tests/members/test_import_review.py checks its escaping on the participant's page",
    ("members.ImportBatch", "counts"): "numbers made by the app",
    ("meetings.CalendarFeed", "token"): "made by the app",
    ("meetings.CalendarFeed", "token_digest"): "made by the app",
    ("arbeitskreis.TeamInvitation", "token_digest"): "made by the app",
    ("arbeitskreis.TeamInvitation", "language"): "a language code",
    ("arbeitskreis.GroupEvent", "actor_name"): "a copy of a user's name (user.first_name, user.last_name), shown on "
    "team:history only when the account is gone",
    ("arbeitskreis.GroupEvent", "user_name"): "a copy of a user's name, like actor_name",
    ("arbeitskreis.GroupEvent", "email"): "a copy of invitation.email, shown on team:history",
    ("arbeitskreis.GroupEvent", "details"): "copies of the group's settings before and after a change (group.*), "
    "shown on team:history",
    ("arbeitskreis.Handover", "predecessor_name"): "a copy of a user's name (user.first_name, user.last_name)",
    ("arbeitskreis.Handover", "successor_name"): "a copy of a user's name (user.first_name, user.last_name)",
    ("arbeitskreis.Handover", "sections"): "copies of what the apps show (p.*, org.name, finding.title, meeting.title, "
    "template.name, question.text, feed.label): shown on account:handover and team:handover",
    ("documents.RenderedDocument", "key"): "a hash made by the app",
    ("documents.RenderedDocument", "renderer"): "versions of the libraries",
    ("outbox.OutboxMail", "to_address"): "a participant's address (p.email), copied when the mail is queued",
    ("outbox.OutboxMail", "from_address"): "a setting",
    ("outbox.OutboxMail", "reply_to"): "the group's organiser (group.organizer_email), copied",
    ("outbox.OutboxMail", "subject"): "rendered by the app from typed text: the mails are checked as kind 'mail'",
    ("outbox.OutboxMail", "text_body"): "rendered by the app: the mails are checked as kind 'mail'",
    ("outbox.OutboxMail", "html_body"): "rendered by the app: the mails are checked as kind 'mail'",
    ("outbox.OutboxMail", "calendar"): "built by meetings.calendar: the mails are checked as kind 'mail'",
    ("outbox.OutboxMail", "kind"): "a word chosen by the app",
    ("outbox.OutboxMail", "language"): "a language code",
    ("outbox.OutboxMail", "last_error"): "the mail server's answer, shown escaped on the invitations page",
    ("outbox.OutboxMail", "message_id"): "made by the app",
    ("outbox.OutboxMail", "dedupe_key"): "made by the app",
    ("outbox.OutboxAttachment", "filename"): "chosen by the app",
    ("outbox.OutboxAttachment", "mimetype"): "chosen by the app",
    ("minutes.MinutesVersion", "content"): "a copy of the protocol's typed texts, kept when approved (shown as"
    " minutes:version)",
    ("minutes.MinutesVersion", "reason"): "a copy of minutes.correction_reason",
    ("minutes.MeasureEvent", "field"): "a code chosen by the app",
    ("minutes.MeasureEvent", "old_value"): "copies of names and codes (the responsible: p.given_name, p.family_name,"
    " org.name; shown on minutes:measure-detail)",
    ("minutes.MeasureEvent", "new_value"): "copies of names and codes (the responsible: p.given_name, p.family_name,"
    " org.name; the title when created)",
    ("integreat.Region", "slug"): "a slug, the municipality's Integreat region (staff, in the admin)",
    ("integreat.Region", "source_language"): "a language code checked by the import",
    ("integreat.Region", "attempt_problem"): "a code made by the app",
    (
        "integreat.Region",
        "attempt_details",
    ): "the values of a failed attempt (codes, an HTTP status, a detail made by the"
    " app, an uploaded file's name): tests/integreat/test_views.py checks the file name escaped in the status box",
    ("integreat.Page", "parent_key"): "a copy of ipage.key",
    ("integreat.Page", "top_key"): "a copy of ipage.key",
    ("integreat.Page", "languages"): "language codes checked by the import",
    ("integreat.Page", "stale_languages"): "language codes checked by the import",
    ("integreat.Page", "translations"): "dates and addresses (http/https only, checked by the import); not shown",
    ("integreat.AreaMapping", "page_key"): "a copy of ipage.key, never shown",
    ("integreat.PageCheck", "page_key"): "a copy of ipage.key, never shown",
    ("integreat.ValidationItem", "page_key"): "a copy of ipage.key, never shown",
    ("integreat.ValidationItem", "title"): "copied from the tree (ipage.title: the checklist and agenda show it)",
    ("integreat.ValidationItem", "url"): "copied from the tree (ipage.url: the checklist shows it)",
    ("integreat.ValidationItem", "languages"): "language codes from the region's list",
    ("findings.Suggestion", "integreat_url"): "chosen from the tree's addresses (ipage.url: the triage page shows it)",
    ("findings.Suggestion", "integreat_title"): "copied from the tree (ipage.title: the triage page shows it)",
    ("networks.Feedback", "part"): "a key made by the app (decision:<position>, item:<id>)",
    ("networks.Feedback", "excerpt"): "a copy of what was marked (finding.title, suggestion.title, decision.text, …): "
    "shown on feedback:list and networks:inbox-item",
    ("networks.NewcomerLink", "key"): "made by the app",
    ("networks.NewcomerLink", "key_digest"): "made by the app",
}


@dataclass
class Shows:
    """A page (or file) that shows what users typed.

    ``kwargs(h)`` returns the URL's keyword arguments from the built :class:`tests.escaping.build.Hostile` ``h``;
    ``fields`` are the keys of :data:`FIELDS` whose value the page must show (escaped in HTML, unchanged in a file);
    ``as_`` is "coordinator", "staff" or "participant" (a session opened with the personal link); ``kind`` is
    "html", "csv", "xlsx", "json", "ics" (calendar data: the values unchanged), "pdf" (the text in the PDF, markup
    characters and all — escaped before rendering, never interpreted) or "mail" (a POST with ``data(h)``
    whose mail is checked: the text part unchanged, the HTML part escaped, the calendar part unchanged); ``query``
    is the query string, a dict or ``query(h)``.
    """

    kwargs: Callable[[Any], dict]
    fields: tuple[str, ...]
    as_: str = "coordinator"
    kind: str = "html"
    query: dict | Callable[[Any], dict] = field(default_factory=dict)
    data: Callable[[Any], dict] | None = None


@dataclass
class NoUserText:
    """A URL that shows no text a user typed (a redirect, a POST-only button, an empty form), and why."""

    reason: str


# Reasons shared by many entries.
ACTION = NoUserText("a POST-only button: it redirects with a message (the page it redirects to is checked)")
EMPTY_FORM = NoUserText("an empty form: it shows the app's own labels only")

MODULES = [
    "tests.escaping.core",
    "tests.escaping.members",
    "tests.escaping.meetings",
    "tests.escaping.findings",
    "tests.escaping.minutes",
    "tests.escaping.integreat",
    "tests.escaping.personal",
    "tests.escaping.protocols",
    "tests.escaping.team",
    "tests.escaping.networks",
]


def load_pages() -> dict[str, Shows | NoUserText]:
    pages: dict[str, Shows | NoUserText] = {}
    for module_name in MODULES:
        module = import_module(module_name)
        duplicates = set(pages) & set(module.PAGES)
        assert not duplicates, f"URL names listed twice in the escaping registry: {duplicates}"
        pages.update(module.PAGES)
    return pages


def escaped(key: str) -> str:
    return escape(FIELDS[key].value)


def group_kwargs(h):
    return h.group.url_kwargs()


def no_kwargs(h):
    return {}
