"""Demo meetings for ``manage.py seed_demo``: per group two held meetings with agendas and an upcoming one.

Idempotent: each demo meeting has a stable calendar UID derived from the group and a key, so running the
command again updates the same rows (dates move with today, so the demo always has past and upcoming meetings).
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.utils import timezone

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


def _start(group, months, today):
    # The upcoming meeting (months=None) is three weeks from today.
    day = today + (datetime.timedelta(days=21) if months is None else relativedelta(months=months))
    day, _ = next_working_day(day, state=group.municipality.state)
    return datetime.datetime.combine(day, group.default_start_time, tzinfo=BERLIN)


def seed(*, groups, stdout=None):
    """Create or update the demo meetings of every group in ``groups`` (municipality slug → WorkingGroup)."""
    today = timezone.localdate()
    templates = {t.kind: t for t in AgendaTemplate.objects.filter(working_group=None).prefetch_related("items")}
    library = list(FocusQuestion.objects.filter(working_group=None).order_by("pk"))
    count = 0
    for slug, group in groups.items():
        for key, months, title, kind, status, questions, presenters in DEMO_MEETINGS:
            start = _start(group, months, today)
            meeting, _ = Meeting.objects.update_or_create(
                calendar_uid=f"demo-{slug}-{group.slug}-{key}@arbeitskreis",
                defaults={
                    "working_group": group,
                    "title": title,
                    "start": start,
                    "end": start + datetime.timedelta(minutes=group.default_duration_minutes),
                    "place": group.default_place,
                    "online_link": group.default_online_link,
                    "status": status,
                },
            )
            meeting.focus_questions.set([library[index] for index in questions if index < len(library)])
            meeting.agenda_items.all().delete()
            template = templates.get(kind)
            if template is not None:
                AgendaItem.objects.bulk_create(
                    AgendaItem(
                        meeting=meeting,
                        position=position,
                        title=item.title,
                        description=item.description,
                        planned_minutes=item.minutes,
                        presenter=presenters.get(position, group.organizer_name if position == 1 else ""),
                    )
                    for position, item in enumerate(template.items.all(), start=1)
                )
            count += 1
    if stdout is not None:
        stdout.write(f"Treffen: {count} Demo-Treffen angelegt oder aktualisiert.")
