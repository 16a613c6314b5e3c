"""Reads of the meetings app that cross relations; ``select_related``/``prefetch_related`` are decided here.

A one-object lookup returns a queryset scoped to the group; the view calls ``get_object_or_404(…, pk=pk)``.
Rows fetched through ``group.meetings`` know their group without a query (Django sets it).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from arbeitskreis.hooks import Hook
from meetings import scheduling

# The answers' counting lives in meetings/answers.py; the views and other apps read it from here.
from meetings.answers import AnswerCounts, add_answer_counts, answer_counts, meeting_answer_summary  # noqa: F401
from meetings.models import (
    AgendaItem,
    AgendaTemplate,
    FocusQuestion,
    Meeting,
    MeetingStatus,
    TemplateKind,
)
from outbox import selectors as outbox_selectors


def meeting_lists(group, *, now=None):
    """The group's meetings split into (upcoming, past), in two queries, each with ``item_count`` and ``answers``."""
    now = now or timezone.now()
    meetings = add_answer_counts(group.meetings.annotate(item_count=Count("agenda_items")).order_by("start", "pk"))
    upcoming, past = [], []
    for meeting in meetings:
        if meeting.end >= now and meeting.status != MeetingStatus.CANCELLED:
            upcoming.append(meeting)
        else:
            past.append(meeting)
    past.reverse()
    return upcoming, past


def meetings_for_page(group):
    """The group's meetings with the focus questions their page shows."""
    return group.meetings.prefetch_related("focus_questions")


@dataclass(frozen=True)
class AgendaRow:
    item: AgendaItem
    number: int
    start: datetime.datetime
    end: datetime.datetime
    first: bool
    last: bool


@dataclass(frozen=True)
class Agenda:
    rows: list[AgendaRow]
    total_minutes: int
    duration_minutes: int

    @property
    def over_minutes(self):
        return max(self.total_minutes - self.duration_minutes, 0)

    @property
    def free_minutes(self):
        return max(self.duration_minutes - self.total_minutes, 0)


def agenda(meeting: Meeting) -> Agenda:
    """The meeting's agenda items with clock times computed from the start (one query).

    The minutes are added in UTC and only then shown on the clock in Berlin, so that an agenda running through
    the night the clocks change shows times that exist.
    """
    items = list(meeting.agenda_items.order_by("position", "pk"))
    rows, clock, total = [], meeting.start.astimezone(datetime.UTC), 0
    for index, item in enumerate(items):
        end = clock + datetime.timedelta(minutes=item.planned_minutes)
        rows.append(
            AgendaRow(
                item, index + 1, timezone.localtime(clock), timezone.localtime(end), index == 0, index == len(items) - 1
            )
        )
        clock, total = end, total + item.planned_minutes
    return Agenda(rows=rows, total_minutes=total, duration_minutes=meeting.duration_minutes)


# What is still open from earlier meetings, from the later apps (wired in arbeitskreis/wiring.py): each connected
# function takes the meeting and returns named parts — the findings app {"findings": [the most urgent rows],
# "findings_total": n, "findings_url": the register filtered the same way}, the minutes app {"action_items": […]} —
# in a fixed number of queries. A row has ``title``, ``url``, ``status`` and may have ``priority_label``,
# ``due_date`` and ``overdue``.
follow_up_sources = Hook("meeting follow-up")
# What the later apps recorded in a meeting, for its page (e.g. {"raised_findings": […]}).
meeting_record_sources = Hook("meeting records")
# Sections the later apps add to the agenda, on the meeting page and its printed handout (e.g. the pages to
# validate): each connected function takes the meeting and returns a list of dicts, each naming the ``template``
# that renders it and holding that template's values — in a fixed number of queries.
agenda_section_sources = Hook("agenda sections")


def follow_up(meeting: Meeting) -> dict:
    """What is still open from earlier meetings, shown as a generated section of the agenda.

    Returns ``{"findings": [...], "findings_total": n, "findings_url": …, "action_items": [...]}``, filled by
    :data:`follow_up_sources`: a bounded number of the most urgent rows, the total and where to see them all. The
    section stays current until the meeting is held; after that it keeps what was on the table. The template
    ``meetings/_follow_up.html`` renders both lists (on the page and on the printed handout).
    """
    defaults = {"findings": [], "findings_total": 0, "findings_url": None, "action_items": []}
    return follow_up_sources.merged(defaults, meeting)


def meeting_records(meeting: Meeting) -> dict:
    """What the later apps recorded in ``meeting`` (e.g. ``raised_findings`` and ``record_finding_url``, where to
    record another), from :data:`meeting_record_sources`."""
    return meeting_record_sources.merged({"raised_findings": [], "record_finding_url": None}, meeting)


def agenda_sections(meeting: Meeting) -> list:
    """The later apps' sections of the agenda (:data:`agenda_section_sources`), in the order they were connected."""
    return [section for sections in agenda_section_sources(meeting) for section in sections]


def available_templates(group):
    """Global templates and the group's own, each with its items prefetched as ``item_list`` (two queries)."""
    return list(AgendaTemplate.objects.available_to(group).prefetch_related(Prefetch("items", to_attr="item_list")))


def default_template(group, templates):
    """The first-meeting template for a group without meetings, else the regular-meeting template; for a regional
    network always the network meeting's template."""
    if group.is_network:
        wanted = TemplateKind.NETWORK
    else:
        has_meetings = group.meetings.exclude(status=MeetingStatus.CANCELLED).exists()
        wanted = TemplateKind.REGULAR if has_meetings else TemplateKind.FIRST
    return next((t for t in templates if t.kind == wanted and t.is_global), None)


def suggest_next_meeting(group, *, today=None) -> scheduling.Suggestion:
    """Suggest the next meeting of ``group`` from its last meeting that was not cancelled."""
    last = group.meetings.exclude(status=MeetingStatus.CANCELLED).order_by("-start").values_list("start", flat=True)
    return scheduling.suggest_meeting(
        last_start=last.first(),
        cadence_months=group.cadence_months,
        start_time=group.default_start_time,
        duration_minutes=group.default_duration_minutes,
        state=group.federal_state,
        today=today or timezone.localdate(),
        language=get_language() or "de",
    )


def add_dashboard_figures(groups):
    """Set ``group.next_meeting`` on every group: one query for all groups together."""
    by_pk = {group.pk: group for group in groups}
    for meeting in (
        Meeting.objects.filter(working_group__in=list(by_pk))
        .upcoming()
        .only("pk", "title", "start", "end", "status", "working_group_id")
    ):
        group = by_pk[meeting.working_group_id]
        if group.next_meeting is None:
            meeting.working_group = group  # fetched for many groups at once: the link needs its group
            group.next_meeting = meeting


# --- Invitations and answers ------------------------------------------------------------------------------------


def invitations_of(meeting) -> list:
    """The meeting's invitations with their participants, by name (one query)."""
    return list(
        meeting.invitations.select_related(
            "participant__organization", "participant__working_group__municipality"
        ).order_by("participant__family_name", "participant__given_name", "pk")
    )


@dataclass(frozen=True)
class InvitationOverview:
    """Who is invited and what they answered, and who could be invited: for the meeting's invitations page."""

    invitations: list  # each with ``mails`` (newest first, from the outbox)
    counts: AnswerCounts
    not_invited: list  # contactable participants without an invitation sent
    without_email: list  # active participants the app cannot mail: print their invitation letter
    without_consent: list
    update_pending: int  # invited people who have not received the current version (SEQUENCE)


def invitation_overview(meeting) -> InvitationOverview:
    """Everything the invitations page shows, in a fixed number of queries (invitations, mails, participants)."""
    # Not invitations_of(): the page links each person within the group it is about, so the participants' group and
    # municipality (two more model instances per row, for 300 rows) are not needed.
    invitations = list(
        meeting.invitations.select_related("participant__organization").order_by(
            "participant__family_name", "participant__given_name", "pk"
        )
    )
    mails = outbox_selectors.mails_about(invitations)
    for invitation in invitations:
        invitation.mails = mails[invitation]
    sent = {invitation.participant_id for invitation in invitations if invitation.sent_at}
    active = list(meeting.working_group.participants.active().select_related("organization"))
    return InvitationOverview(
        invitations=invitations,
        counts=answer_counts(invitations),
        not_invited=[p for p in active if p.can_be_emailed and p.pk not in sent],
        without_email=[p for p in active if not p.email],
        without_consent=[p for p in active if p.email and not p.has_consent],
        update_pending=sum(
            1 for invitation in invitations if invitation.has_update_pending and invitation.participant.can_be_emailed
        ),
    )


def personal_meetings(participant, *, now=None) -> list:
    """The meetings a participant can answer on their page: the group's upcoming meetings that invitations went out
    for, and every upcoming one they were invited to; each with ``invitation`` (or None) — two queries."""
    now = now or timezone.now()
    meetings = list(
        participant.working_group.meetings.filter(end__gte=now)
        .filter(Q(status=MeetingStatus.INVITED) | Q(invitations__participant=participant))
        .distinct()
        .order_by("start", "pk")
    )
    invitations = {
        invitation.meeting_id: invitation
        for invitation in participant.invitations.filter(meeting__in=meetings).select_related("meeting")
    }
    for meeting in meetings:
        meeting.invitation = invitations.get(meeting.pk)
    return meetings


def personal_meeting(participant, pk):
    """One meeting of the participant's group that they may answer, with their ``invitation`` (or None); raises
    Meeting.DoesNotExist for anything else (another group's meeting, a planned one nobody was invited to)."""
    meeting = (
        participant.working_group.meetings.filter(
            Q(status__in=[MeetingStatus.INVITED, MeetingStatus.HELD, MeetingStatus.CANCELLED])
            | Q(invitations__participant=participant)
        )
        .prefetch_related("focus_questions")
        .distinct()
        .get(pk=pk)
    )
    meeting.invitation = participant.invitations.filter(meeting=meeting).first()
    return meeting


def participant_activity(participant) -> dict:
    """For the members app's participant page (wired in arbeitskreis/wiring.py): their invitations (one query)."""
    return {"invitations": list(participant.invitations.select_related("meeting").order_by("-meeting__start"))}


def personal_page_sections(participant) -> dict:
    """For the participant's own page (wired in arbeitskreis/wiring.py): the meetings they can answer."""
    return {"upcoming_meetings": personal_meetings(participant)}


# --- The handover --------------------------------------------------------------------------------------------------


def _account_name(user):
    return (user.get_full_name() or user.get_username()) if user else "–"


def _next_meeting_section(group, kwargs):
    section = {
        "columns": [_("Meeting"), _("When"), _("Place"), _("Status"), _("Answers")],
        "rows": [],
        "url": reverse("meetings:list", kwargs=kwargs),
    }
    upcoming = add_answer_counts(group.meetings.upcoming()[:1])
    if upcoming:
        meeting = upcoming[0]
        start, end = timezone.localtime(meeting.start), timezone.localtime(meeting.end)
        answers = meeting.answers
        section["rows"] = [
            [
                meeting.title,
                f"{formats.date_format(start, 'SHORT_DATE_FORMAT')}, {start:%H:%M}–{end:%H:%M}",
                meeting.place or meeting.online_link,
                str(meeting.get_status_display()),
                _("%(accepted)s yes, %(tentative)s maybe, %(declined)s no, %(open)s open") % answers.__dict__
                if answers.total
                else _("no invitations sent yet"),
            ]
        ]
        section["url"] = reverse("meetings:detail", kwargs={**kwargs, "pk": meeting.pk})
    return section


def handover_sections(group) -> dict:
    """For the handover (wired in arbeitskreis/wiring.py): the next meeting with its state and answers, the agenda
    templates and focus questions the group uses, and the group's calendar subscription links with who made them
    (six queries)."""
    kwargs = group.url_kwargs()
    templates = (
        AgendaTemplate.objects.available_to(group)
        .annotate(item_count=Count("items"))
        .order_by("working_group", "name", "pk")
    )
    questions = FocusQuestion.objects.available_to(group).order_by("working_group", "pk")
    feeds = group.calendar_feeds.filter(participant=None).select_related("created_by").order_by("label", "pk")
    personal = group.calendar_feeds.filter(participant__isnull=False).count()

    def origin(row):
        return _("library (every working group)") if row.working_group_id is None else _("the working group's own")

    return {
        "next_meeting": _next_meeting_section(group, kwargs),
        "templates": {
            "columns": [_("Template"), _("Items"), _("Source")],
            "rows": [[t.name, str(t.item_count), origin(t)] for t in templates],
            "url": reverse("meetings:templates", kwargs=kwargs),
        },
        "focus_questions": {
            "columns": [_("Focus question"), _("Source")],
            "rows": [[q.text, origin(q)] for q in questions],
            "url": reverse("meetings:focus-questions", kwargs=kwargs),
        },
        "feeds": {
            "columns": [_("Link for"), _("Made by"), _("Made on")],
            "rows": [
                [
                    feed.label or "–",
                    _account_name(feed.created_by),
                    formats.date_format(timezone.localtime(feed.created_at).date(), "SHORT_DATE_FORMAT"),
                ]
                for feed in feeds
            ],
            "note": " ".join(
                [
                    _("Whoever has a link sees the meetings. Renew or switch off the links of people who leave."),
                    ngettext(
                        "%(count)s participant subscribes with their own personal link.",
                        "%(count)s participants subscribe with their own personal link.",
                        personal,
                    )
                    % {"count": personal}
                    if personal
                    else "",
                ]
            ).strip(),
            "url": reverse("meetings:feeds", kwargs=kwargs),
        },
    }
