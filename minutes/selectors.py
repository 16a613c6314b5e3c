"""Reads of the minutes app: the content of a protocol, from the live tables or from an approved version.

The protocol's content is one plain structure (:func:`protocol`): the page, the PDF, the mails and the kept versions
(:class:`minutes.models.MinutesVersion` stores it as JSON) are all made from it, so that an old version is shown
exactly as it was approved. Dates travel as ISO strings; :func:`hydrate` turns them back for the templates.
"""

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from arbeitskreis.collation import sort_key
from arbeitskreis.hooks import Hook
from meetings import selectors as meeting_selectors
from meetings.models import Answer, Meeting, MeetingStatus
from minutes.models import Attendance, AttendanceStatus, Measure, Minutes, MinutesStatus, MinutesVersion

# What later apps recorded in a meeting for its protocol (e.g. the pages validated), as named lists.
protocol_sources = Hook("protocol sections")

# The attendance a participant's answer suggests before anyone records it.
ANSWER_ATTENDANCE = {
    Answer.ACCEPTED: AttendanceStatus.PRESENT,
    Answer.TENTATIVE: AttendanceStatus.ABSENT,
    Answer.DECLINED: AttendanceStatus.EXCUSED,
    Answer.NEEDS_ACTION: AttendanceStatus.ABSENT,
}


# What the later apps show next to the minutes (wired in arbeitskreis/wiring.py): each connected function takes a list
# of minutes and sets its attributes on them (the networks app: ``team_feedback``, passed on to the Integreat team).
minutes_sources = Hook("minutes shown")


def minutes_of(meeting) -> Minutes | None:
    """The meeting's minutes (or None), knowing their meeting as it was passed in (no second read of it)."""
    minutes = Minutes.objects.filter(meeting=meeting).select_related("approved_by", "approved_in").first()
    if minutes is not None:
        minutes.meeting = meeting
    return minutes


def attendance_rows(meeting) -> list[dict]:
    """Everyone whose attendance the recording page asks for, in German order of names: each invited participant and
    each active participant of the group, with the recorded status or the one their answer suggests (3 queries).

    Each row: ``participant``, ``status``, ``answer`` (their answer to the invitation or None), ``recorded``."""
    recorded = dict(meeting.attendances.filter(participant__isnull=False).values_list("participant_id", "status"))
    invitations = {invitation.participant_id: invitation for invitation in meeting.invitations.all()}
    people = (
        meeting.working_group.participants.filter(pk__in=set(invitations) | set(recorded))
        | meeting.working_group.participants.active()
    )
    rows = []
    people = sorted(
        people.select_related("organization").distinct(), key=lambda person: (sort_key(person.sort_name), person.pk)
    )
    for person in people:
        invitation = invitations.get(person.pk)
        suggested = ANSWER_ATTENDANCE[invitation.answer] if invitation else AttendanceStatus.ABSENT
        rows.append(
            {
                "participant": person,
                "status": recorded.get(person.pk, suggested),
                "answer": invitation.get_answer_display()
                if invitation and invitation.answer != Answer.NEEDS_ACTION
                else None,
                "recorded": person.pk in recorded,
            }
        )
    return rows


def guests_text(meeting) -> str:
    """The guests as the recording page's text field shows them: one per line, "Name; Organisation"."""
    guests = meeting.attendances.filter(participant__isnull=True).order_by("pk")
    return "\n".join(
        f"{g.guest_name}; {g.guest_organization}" if g.guest_organization else g.guest_name for g in guests
    )


def _iso(value):
    return value.isoformat() if value else None


def next_meeting(meeting):
    return (
        meeting.working_group.meetings.filter(start__gt=meeting.start)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("start")
        .values_list("start", flat=True)
        .first()
    )


def protocol(meeting, minutes=None) -> dict:
    """The protocol's content from the live tables, JSON-ready, in a fixed number of queries."""
    minutes = minutes if minutes is not None else minutes_of(meeting)
    group = meeting.working_group
    agenda = meeting_selectors.agenda(meeting)
    notes = {note.agenda_item_id: note.text for note in minutes.notes.all()} if minutes else {}
    answers = {answer.question_id: answer.text for answer in minutes.answers.all()} if minutes else {}
    attendances = sorted(
        meeting.attendances.select_related("participant__organization"),
        key=lambda row: (
            row.participant_id is None,  # the participants in German order, then the guests
            sort_key(row.participant.sort_name if row.participant_id else row.guest_name),
            row.pk,
        ),
    )
    measures = list(
        Measure.objects.filter(meeting=meeting).select_related("responsible_participant", "responsible_organization")
    )
    findings = meeting_selectors.meeting_records(meeting).get("raised_findings", [])
    content = {
        "meeting": {
            "title": meeting.title,
            "start": _iso(meeting.start),
            "end": _iso(meeting.end),
            "place": meeting.place,
            "online_link": meeting.online_link,
            "group": group.name,
            "municipality": group.scope_name,
        },
        "attendance": [
            {
                "name": row.participant.display_name if row.participant_id else row.guest_name,
                "organization": (
                    row.participant.organization.name
                    if row.participant_id and row.participant.organization_id and not row.participant.is_erased
                    else row.guest_organization
                ),
                "status": row.status,
                "guest": row.participant_id is None,
            }
            for row in attendances
        ],
        "agenda": [
            {
                "number": row.number,
                "title": row.item.title,
                "presenter": row.item.presenter,
                "start": _iso(row.start),
                "end": _iso(row.end),
                "notes": notes.get(row.item.pk, ""),
            }
            for row in agenda.rows
        ],
        "answers": [
            {"question": question.text, "answer": answers.get(question.pk, "")}
            for question in meeting.focus_questions.all()
        ],
        "decisions": [decision.text for decision in minutes.decisions.all()] if minutes else [],
        "measures": [
            {
                "title": measure.title,
                "responsible": str(measure.responsible) if measure.responsible else "",
                "due_date": _iso(measure.due_date),
                "status": measure.status,
                "budget": str(measure.budget) if measure.budget is not None else "",
                "funding_source": measure.funding_source,
            }
            for measure in measures
        ],
        "findings": [
            {
                "title": finding.title,
                "area": finding.content_area.name if finding.content_area else "",
                "status": finding.status,
            }
            for finding in findings
        ],
        "next_meeting": _iso(next_meeting(meeting)),
        "status": minutes.status if minutes else MinutesStatus.DRAFT,
        "version": minutes.version if minutes else 1,
        "correction_reason": minutes.correction_reason if minutes else "",
        "approved_at": _iso(minutes.approved_at) if minutes else None,
        "approved_in": _iso(minutes.approved_in.start) if minutes and minutes.approved_in else None,
    }
    for part in protocol_sources(meeting):
        content.update(part)
    return content


def current_content(meeting, minutes) -> dict:
    """What the minutes say now: once approved, the version kept at the approval — the approved protocol no longer
    follows later changes (a renamed participant, a measure done since, the next meeting moved); before, the live
    tables (:func:`protocol`)."""
    if minutes is not None and minutes.status == MinutesStatus.APPROVED:
        version = minutes.versions.filter(number=minutes.version).first()
        if version is not None:
            return version.content
    return protocol(meeting, minutes)


DATETIMES = ("start", "end")


def hydrate(content: dict) -> dict:
    """The content with its ISO strings turned back into dates and datetimes, and amounts into decimals (for the
    templates); the stored JSON stays untouched."""
    meeting = {**content["meeting"]}
    for key in DATETIMES:
        meeting[key] = _datetime(meeting.get(key))
    result = {**content, "meeting": SimpleNamespace(**meeting)}
    result["agenda"] = [
        {**row, "start": _datetime(row["start"]), "end": _datetime(row["end"])} for row in content["agenda"]
    ]
    result["measures"] = [
        {
            **row,
            "due_date": datetime.date.fromisoformat(row["due_date"]) if row["due_date"] else None,
            "budget": Decimal(row["budget"]) if row["budget"] else None,
        }
        for row in content["measures"]
    ]
    for key in ("next_meeting", "approved_at", "approved_in"):
        result[key] = _datetime(content.get(key))
    result["present"] = [row for row in content["attendance"] if row["status"] == AttendanceStatus.PRESENT]
    result["excused"] = [row for row in content["attendance"] if row["status"] == AttendanceStatus.EXCUSED]
    result["absent"] = [row for row in content["attendance"] if row["status"] == AttendanceStatus.ABSENT]
    return result


def _datetime(value):
    return datetime.datetime.fromisoformat(value) if value else None


def items_without_notes(content) -> list[str]:
    """The titles of agenda items without notes (approving warns about them)."""
    return [row["title"] for row in content["agenda"] if not row["notes"].strip()]


def minutes_overview(group) -> list[Meeting]:
    """The group's meetings that have begun, with their minutes (or None), latest first (one query)."""
    return list(
        group.meetings.filter(status__in=[MeetingStatus.INVITED, MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED])
        .select_related("minutes")
        .order_by("-start")
    )


def approval_meetings(meeting):
    """The meetings the minutes can be approved in: later meetings of the group that have begun (not cancelled),
    the latest first — approval happens in a meeting that takes place, usually the next one."""
    return (
        meeting.working_group.meetings.filter(start__gt=meeting.start, start__lte=timezone.now())
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-start")
    )


def versions_of(minutes) -> list:
    return list(minutes.versions.order_by("number")) if minutes else []


def comments_of(minutes) -> list:
    return list(minutes.comments.select_related("participant").order_by("created_at")) if minutes else []


def attendees(meeting):
    """The participants recorded as present (for sending the draft for review)."""
    return [
        row.participant
        for row in meeting.attendances.filter(
            participant__isnull=False, status=AttendanceStatus.PRESENT
        ).select_related("participant")
    ]


def approved_versions(minutes_queryset) -> list[tuple]:
    """``[(minutes, its latest approved version)]`` of the minutes that have one, by meeting date (two queries)."""
    rows = (
        minutes_queryset.filter(versions__isnull=False)
        .distinct()
        .select_related("meeting__working_group__municipality")
        .prefetch_related("versions")
        .order_by("meeting__start")
    )
    return [(minutes, max(minutes.versions.all(), key=lambda version: version.number)) for minutes in rows]


# --- Other apps' pages ----------------------------------------------------------------------------------


def participant_activity(participant) -> dict:
    """For the members app's participant page (wired in arbeitskreis/wiring.py): the meetings they attended and
    the measures they are responsible for (two queries)."""
    attendances = participant.attendances.filter(status=AttendanceStatus.PRESENT).select_related("meeting")
    return {
        "attendances": list(attendances.order_by("-meeting__start")),
        "measures_owned": list(participant.measures.order_by("status", F("due_date").asc(nulls_last=True), "pk")),
    }


def personal_minutes(participant) -> list[Minutes]:
    """The minutes a participant can read on their page, latest meeting first (one query): approved ones (also
    while a correction is written), and those under review of meetings they attended."""
    attended = Attendance.objects.filter(
        meeting=OuterRef("meeting"), participant=participant, status=AttendanceStatus.PRESENT
    )
    approved_once = MinutesVersion.objects.filter(minutes=OuterRef("pk"))
    return list(
        Minutes.objects.filter(meeting__working_group_id=participant.working_group_id)
        .alias(attended=Exists(attended))
        .filter(Q(Exists(approved_once)) | Q(status=MinutesStatus.IN_REVIEW, attended=True))
        .select_related("meeting")
        .order_by("-meeting__start")
    )


def personal_page_sections(participant) -> dict:
    """For the participant's own page (wired in arbeitskreis/wiring.py): the minutes they can read."""
    return {"minutes": personal_minutes(participant)}
