"""The minutes part of the hostile build: a past meeting recorded, reviewed with a participant's remark, approved
and corrected — every text through the pages, as coordinators and participants type it."""

import datetime

from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from minutes.models import Minutes
from tests.escaping import FIELDS


def v(key):
    return FIELDS[key].value


def build_minutes(h, post, errors):
    """``post(client, name, group, data, **kwargs)`` posts and expects a redirect (tests/escaping/build.py)."""
    group, coordinator = h.group, h.coordinator
    day = timezone.localdate() - datetime.timedelta(days=20)
    post(
        coordinator,
        "meetings:create",
        group,
        {
            "title": v("meeting.title"),
            "day": day.isoformat(),
            "start_time": "16:00",
            "end_time": "17:30",
            "place": v("meeting.place"),
            "online_link": "",
            "organiser_notes": "",
            "focus_questions": [h.question.pk],
            "template": "",
        },
    )
    h.past = Meeting.objects.filter(working_group=group).order_by("start").first()
    post(
        coordinator,
        "meetings:agenda-item-add",
        group,
        {"title": v("item.title"), "planned_minutes": "30"},
        pk=h.past.pk,
    )
    for step in ("invited", "held"):
        post(coordinator, "meetings:status", group, {"to": step}, pk=h.past.pk)
    item = h.past.agenda_items.get()
    post(
        coordinator,
        "minutes:edit",
        group,
        {
            "revision": 0,
            **{f"attendance_{pk}": "present" for pk in h.group.participants.values_list("pk", flat=True)},
            "guests": f"{v('attendance.guest_name')}; {v('attendance.guest_organization')}",
            f"note_{item.pk}": v("note.text"),
            f"answer_{h.question.pk}": v("answer.text"),
            "decisions": v("decision.text"),
        },
        pk=h.past.pk,
    )
    post(coordinator, "minutes:review", group, {}, pk=h.past.pk)
    response = h.participant_client.post(
        reverse("personal:minutes", kwargs={"pk": h.past.pk}), {"text": v("comment.text")}
    )
    assert response.status_code == 302, errors(response)
    post(coordinator, "minutes:approve", group, {"approved_in": "", "confirm_missing_notes": "on"}, pk=h.past.pk)
    post(coordinator, "minutes:correct", group, {"reason": v("minutes.correction_reason")}, pk=h.past.pk)
    h.minutes = Minutes.objects.get(meeting=h.past)
