"""Demo meetings for ``manage.py seed_demo``: per group two held meetings with agendas and an upcoming one.

Idempotent: each demo meeting has a stable calendar UID derived from the group and a key. A new one is created
through the services the pages use; running the command again keeps the row (and its address) and moves the
scenario with today — dates and status, which no page may change on a held meeting — and gives it its template's
agenda again.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from meetings import services
from meetings.models import AgendaItem, AgendaTemplate, FocusQuestion, Meeting, MeetingStatus, TemplateKind
from meetings.scheduling import BERLIN, next_working_day

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
    ("regular-2", None, "Halbjährliches Treffen", TemplateKind.REGULAR, MeetingStatus.INVITED, [3], {}),
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
            count += 1
    if stdout is not None:
        stdout.write(f"Treffen: {count} Demo-Treffen angelegt oder aktualisiert.")
