"""Demo meetings for ``manage.py seed_demo``: per group two held meetings with agendas and an upcoming one.

Idempotent: each demo meeting has a stable calendar UID derived from the group and a key. A new one is created
through the services the pages use; running the command again keeps the row (and its address) and moves the
scenario with today — dates and status, which no page may change on a held meeting — and gives it its template's
agenda again.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from meetings import invitations, mails, services
from meetings.models import AgendaItem, AgendaTemplate, Answer, FocusQuestion, Meeting, MeetingStatus, TemplateKind
from meetings.scheduling import BERLIN, next_working_day
from outbox.models import MailStatus, OutboxMail

# key, months from today, title, template kind, status, indexes of library focus questions, presenters by position
DEMO_MEETINGS = [
    (
        "first",
        -12,
        "Auftakt: Erstes Treffen des Arbeitskreises",
        TemplateKind.FIRST,
        MeetingStatus.MINUTES_APPROVED,
        [0],
        {},
    ),
    (
        "regular-1",
        -6,
        "Halbjährliches Treffen",
        TemplateKind.REGULAR,
        MeetingStatus.HELD,
        [1, 2],
        {5: "Integreat-Team (Tür an Tür – Digitalfabrik)"},
    ),
    # Planned here; the demo then invites through the services (see _invitations), which makes it "invited".
    ("regular-2", None, "Halbjährliches Treffen", TemplateKind.REGULAR, MeetingStatus.PLANNED, [3], {}),
]

# The answers of the first invited people of the upcoming meeting (the rest have not answered yet).
DEMO_ANSWERS = [
    (Answer.ACCEPTED, "Ich komme etwas später, gegen 16:30 Uhr."),
    (Answer.ACCEPTED, ""),
    (Answer.DECLINED, "Ich bin im Urlaub – meine Kollegin kommt für mich."),
    (Answer.TENTATIVE, "Hängt von einem Termin im Amt ab."),
    (Answer.ACCEPTED, "Ich bringe Flyer auf Arabisch mit."),
    (Answer.DECLINED, ""),
]

# The steps from "planned" to each demo status, taken through services.change_status.
STEPS = {
    MeetingStatus.PLANNED: [],
    MeetingStatus.INVITED: [MeetingStatus.INVITED],
    MeetingStatus.HELD: [MeetingStatus.INVITED, MeetingStatus.HELD],
    MeetingStatus.MINUTES_APPROVED: [MeetingStatus.INVITED, MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED],
}


def _start(group, months, today):
    # The upcoming meeting (months=None) is three weeks from today.
    day = today + (datetime.timedelta(days=21) if months is None else relativedelta(months=months))
    day, _ = next_working_day(day, state=group.municipality.state)
    return datetime.datetime.combine(day, group.default_start_time, tzinfo=BERLIN)


def seed(*, groups, stdout=None):
    """Create (or create again) the demo meetings of every group in ``groups`` (municipality slug → WorkingGroup)."""
    today = timezone.localdate()
    templates = {t.kind: t for t in AgendaTemplate.objects.filter(working_group=None).prefetch_related("items")}
    library = list(FocusQuestion.objects.filter(working_group=None).order_by("pk"))
    count = 0
    for slug, group in groups.items():
        for key, months, title, kind, status, questions, presenters in DEMO_MEETINGS:
            uid = f"demo-{slug}-{group.slug}-{key}@arbeitskreis"
            start = _start(group, months, today)
            data = {
                "title": title,
                "start": start,
                "end": start + datetime.timedelta(minutes=group.default_duration_minutes),
                "place": group.default_place,
                "online_link": group.default_online_link,
            }
            focus_questions = [library[index] for index in questions if index < len(library)]
            template = templates.get(kind)
            meeting = Meeting.objects.filter(calendar_uid=uid).first()
            if meeting is None:
                meeting = services.create_meeting(
                    group=group,
                    data={**data, "focus_questions": focus_questions},
                    template=template,
                    calendar_uid=uid,
                )
                for step in STEPS[status]:
                    meeting = services.change_status(meeting=meeting, to=step)
            else:
                Meeting.objects.filter(pk=meeting.pk).update(**data, status=status)
                meeting.focus_questions.set(focus_questions)
                if template is not None:
                    services.copy_template(meeting=meeting, template=template)
            presenters = {1: group.organizer_name, **presenters}
            for item in meeting.agenda_items.filter(position__in=presenters):
                AgendaItem.objects.filter(pk=item.pk).update(presenter=presenters[item.position])
            if months is None:
                _invitations(meeting)
            count += 1
    reminders = invitations.send_reminders(days=30)
    _worker_done()
    if stdout is not None:
        stdout.write(f"Treffen: {count} Demo-Treffen angelegt oder aktualisiert, {reminders} Erinnerungen verschickt.")


def _invitations(meeting):
    """The upcoming meeting's invitations, through the services: sent, answered (mixed, with comments), the room
    changed and the update sent. Starts over on every run."""
    old = list(meeting.invitations.all())
    OutboxMail.objects.about_any(old).delete()
    meeting.invitations.all().delete()
    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.PLANNED, sequence=0)
    meeting.refresh_from_db()
    sent = invitations.send_invitations(meeting=meeting)
    for invitation, (answer, comment) in zip(sent, DEMO_ANSWERS, strict=False):
        invitations.record_answer(meeting=meeting, participant=invitation.participant, answer=answer, comment=comment)
    place = meeting.working_group.default_place or "Rathaus"
    services.update_meeting(meeting=meeting, data={"place": f"{place} (neuer Raum, bitte beachten)"})
    invitations.send_update(meeting=meeting)


def _worker_done():
    """What the mail worker would have done with the demo's mails: sent — all but one, which the mail server refused.

    Marked before the command's transaction commits, so the worker finds nothing due and ``make run`` prints no mails.
    """
    queued = OutboxMail.objects.filter(status=MailStatus.QUEUED, kind__in=mails.KINDS)
    refused = queued.filter(kind=mails.UPDATE).order_by("pk").first()
    queued.update(status=MailStatus.SENT, sent_at=timezone.now(), attempts=1)
    if refused is not None:
        OutboxMail.objects.filter(pk=refused.pk).update(
            status=MailStatus.FAILED,
            sent_at=None,
            last_error="550 5.1.1 Recipient address rejected: User unknown in virtual mailbox table",
        )
