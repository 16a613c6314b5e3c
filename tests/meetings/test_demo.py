"""The demo data: every group has held meetings with agendas and an upcoming one; running it twice changes nothing."""

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from arbeitskreis.models import WorkingGroup
from meetings.models import AgendaItem, Meeting, MeetingStatus


def test_seed_demo_adds_past_and_upcoming_meetings_idempotently(client, db):
    call_command("seed_demo")
    first = {m.calendar_uid: m.pk for m in Meeting.objects.all()}
    items = AgendaItem.objects.count()
    call_command("seed_demo")
    assert {m.calendar_uid: m.pk for m in Meeting.objects.all()} == first
    assert AgendaItem.objects.count() == items
    now = timezone.now()
    for group in WorkingGroup.objects.local():  # the regional network: tests/networks/test_demo.py
        upcoming = list(group.meetings.upcoming(now))
        past = list(group.meetings.past(now))
        assert len(upcoming) == 1 and len(past) == 2
        assert all(m.status in (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED) for m in past)
        assert all(m.agenda_items.exists() and m.start.weekday() < 5 for m in [*past, *upcoming])
        assert 1 <= upcoming[0].focus_questions.count() <= 2

    # Through the login page: django-axes needs the request (Client.login gives none).
    client.post("/accounts/login/", {"username": "koordination-karlsruhe", "password": "demo-arbeitskreis"})
    content = client.get(reverse("dashboard")).content.decode()
    assert (
        WorkingGroup.objects.get(municipality__slug="landkreis-karlsruhe").meetings.upcoming().get().get_absolute_url()
        in content
    )
