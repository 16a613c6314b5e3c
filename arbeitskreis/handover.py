"""The handover of a working group: what is handed over, the handover itself, and its report (PDF).

**What is handed over** comes from the apps through the hook :data:`handover_sections` (connected in
``arbeitskreis/wiring.py``). Each connected function takes the working group and returns ``{section key: section}``
for the keys it knows, in a fixed number of queries; a section is plain JSON data (it is stored with the handover, so
that the report says what was handed over *then*)::

    {
        "columns": ["Name", "Organisation"],     # column headings, translated
        "rows": [["Ayşe Yılmaz", "AWO"], …],     # text cells in the order of the columns
        "total": 17,                             # optional: how many there are, when rows shows only the first ones
        "note": "…",                             # optional: one line under the heading (e.g. the meeting's state)
        "url": "/ak/…/findings/",                # optional: the page that lists them all
        "title": "…",                            # only for a key not in SECTIONS
    }

The keys and their order are :data:`SECTIONS`: members answers ``participants`` and ``organisations``, meetings
``next_meeting``, ``templates``, ``focus_questions`` and ``feeds``, findings ``open_findings``; the minutes app will
answer ``open_measures`` (columns what / who / due) and ``last_minutes`` (the last approved minutes: meeting, date,
approved on). A key no app answers shows that this installation does not record it yet — never made-up rows.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from arbeitskreis import history, team, team_mails
from arbeitskreis.hooks import Hook
from arbeitskreis.models import EventKind, GroupRole, Handover, RoleKind
from arbeitskreis.services import update_group_settings
from documents.cache import cached_pdf
from documents.responses import PdfResponse
from outbox import services as outbox

handover_sections = Hook("handover sections")

# key, heading, the line shown when the section has no rows.
SECTIONS = (
    ("participants", gettext_lazy("Participants"), gettext_lazy("The working group has no active participants.")),
    ("organisations", gettext_lazy("Organisations"), gettext_lazy("No organisations are recorded.")),
    (
        "open_findings",
        gettext_lazy("Open content gaps and who takes care of them"),
        gettext_lazy("No content gap is open."),
    ),
    ("open_measures", gettext_lazy("Open measures"), gettext_lazy("No measure is open.")),
    ("next_meeting", gettext_lazy("The next meeting"), gettext_lazy("No meeting is planned.")),
    ("last_minutes", gettext_lazy("The last approved minutes"), gettext_lazy("No minutes have been approved yet.")),
    ("templates", gettext_lazy("Agenda templates"), gettext_lazy("No agenda templates.")),
    ("focus_questions", gettext_lazy("Focus questions"), gettext_lazy("No focus questions.")),
    (
        "feeds",
        gettext_lazy("Calendar subscriptions and who has their links"),
        gettext_lazy("Nobody has a subscription link of the group's meetings."),
    ),
)
NOT_RECORDED = gettext_lazy("This installation does not record this yet.")


def compose(group) -> list[dict]:
    """What would be handed over now: one dict per section in the order of :data:`SECTIONS` (``key``, ``title``,
    ``provided`` — whether an app answers it —, ``empty`` — the line shown without rows —, ``columns``, ``rows``,
    ``total``, ``note``, ``url``), then sections of keys this list does not know. JSON data only."""
    parts = handover_sections.merged({}, group)
    sections = []
    for key, title, empty in SECTIONS:
        sections.append(_section(key, str(title), str(empty), parts.pop(key, None)))
    for key, part in parts.items():
        sections.append(_section(key, str(part.get("title", key)), "", part))
    return sections


def _section(key, title, empty, part):
    part = part or {}
    rows = [[str(cell) for cell in row] for row in part.get("rows", [])]
    return {
        "key": key,
        "title": title,
        "provided": bool(part),
        "empty": empty if part else str(NOT_RECORDED),
        "columns": [str(column) for column in part.get("columns", [])],
        "rows": rows,
        "total": part.get("total", len(rows)),
        "note": str(part.get("note", "")),
        "url": part.get("url", ""),
    }


def successor_candidates(group, user):
    """The members who can take the group over from ``user``: everyone else on the team (a queryset)."""
    return group.roles.exclude(user=user).select_related("user").order_by("role", "user__last_name", "pk")


@transaction.atomic
def hand_over(*, group, predecessor, data: dict) -> Handover:
    """``predecessor`` hands the group over to ``data["successor"]`` (a :class:`GroupRole` of another member).

    ``data``: ``successor``; ``stay`` — True: the predecessor stays as observer, False: leaves the team;
    ``note`` — notes for the successor; ``update_organiser`` — the successor becomes the organiser of invitations.

    Side effects, all or nothing: the team locked (as every team change); the successor made coordinator; the
    predecessor made observer or removed; with ``update_organiser`` the group's organiser name and email set to the
    successor's (a settings line in the history); what is handed over (:func:`compose`) stored with a
    :class:`Handover`; history lines (role changes, leaving, the handover); ``team.team_changes`` told; a mail to the
    successor through the outbox. Raises ValidationError (German) when the predecessor is not (or no longer) a
    coordinator or the successor not (or no longer) on the team.
    """
    locked = team.lock_team(group)
    mine = GroupRole.objects.filter(working_group=locked, user=predecessor, role=RoleKind.COORDINATOR).first()
    if mine is None:
        raise ValidationError(_("Only a coordinator of the working group can hand it over."), code="not_coordinator")
    successor_role = (
        GroupRole.objects.select_related("user").filter(working_group=locked, pk=data["successor"].pk).first()
    )
    if successor_role is None or successor_role.user_id == predecessor.pk:
        raise ValidationError(_("Please choose a member of the team as your successor."), code="successor")
    successor = successor_role.user
    if successor_role.role != RoleKind.COORDINATOR:
        successor_role.role = RoleKind.COORDINATOR
        successor_role.save(update_fields=["role"])
        history.record(
            group=group,
            kind=EventKind.ROLE_CHANGED,
            actor=predecessor,
            user=successor,
            old_role=RoleKind.OBSERVER,
            new_role=RoleKind.COORDINATOR,
        )
    if data.get("update_organiser") and successor.email:
        organiser = {"organizer_name": history.person_name(successor)[:200], "organizer_email": successor.email}
        update_group_settings(group=group, data=organiser, by=predecessor)
    record = Handover.objects.create(
        working_group=group,
        predecessor=predecessor,
        predecessor_name=history.person_name(predecessor)[:300],
        successor=successor,
        successor_name=history.person_name(successor)[:300],
        predecessor_stays=bool(data.get("stay")),
        note=data.get("note", ""),
        sections=compose(group),
    )
    if record.predecessor_stays:
        mine.role = RoleKind.OBSERVER
        mine.save(update_fields=["role"])
        history.record(
            group=group,
            kind=EventKind.ROLE_CHANGED,
            actor=predecessor,
            user=predecessor,
            old_role=RoleKind.COORDINATOR,
            new_role=RoleKind.OBSERVER,
        )
    else:
        mine.delete()
        history.record(
            group=group, kind=EventKind.LEFT, actor=predecessor, user=predecessor, old_role=RoleKind.COORDINATOR
        )
    history.record(group=group, kind=EventKind.HANDOVER, actor=predecessor, user=successor, handover=record)
    team.team_changes(group=group)
    if successor.email:
        mail = team_mails.handover(record)
        outbox.queue_mail(
            to=successor.email,
            subject=mail.subject,
            text=mail.text,
            html=mail.html,
            reply_to=mail.reply_to,
            about=record,
            kind="handover",
            dedupe_key=f"handover:{record.pk}",
        )
    return record


# --- The report --------------------------------------------------------------------------------------------------


def report_filename(record: Handover) -> str:
    day = formats.date_format(timezone.localtime(record.created_at).date(), "SHORT_DATE_FORMAT")
    return _("Handover %(group)s %(date)s.pdf") % {"group": record.working_group.name, "date": day}


def report_html(record: Handover) -> str:
    """The handover report as HTML for the PDF (``arbeitskreis/handover_report.html`` extends documents/base.html),
    made only from the stored handover: the same document every time it is downloaded."""
    return render_to_string("arbeitskreis/handover_report.html", {"handover": record, "group": record.working_group})


def report_response(record: Handover) -> PdfResponse:
    """The handover report as a PDF download (rendered once, then from the content-keyed cache)."""
    return PdfResponse(cached_pdf(report_html(record)), filename=report_filename(record))
