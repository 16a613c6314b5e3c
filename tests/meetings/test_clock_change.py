"""The nights the clocks change in Germany: times are computed in UTC and shown on the clock in Berlin.

On 29 March 2026 the clocks jump from 2:00 to 3:00; on 25 October 2026 they go back from 3:00 to 2:00.
"""

from django.urls import reverse

from meetings import selectors
from meetings.models import Meeting
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, at


def url(name, group, **kwargs):
    return reverse(name, kwargs={**group.url_kwargs(), **kwargs})


def form_data(**overrides):
    data = {
        "title": "Nachttreffen",
        "day": "2026-03-29",
        "start_time": "01:00",
        "end_time": "04:00",
        "place": "Rathaus",
        "online_link": "",
        "organiser_notes": "",
        "template": "",
    }
    data.update(overrides)
    return data


def test_agenda_rows_skip_the_hour_that_does_not_exist(world):
    meeting = MeetingFactory(working_group=world.group, start=at("2026-03-29", 1, 30), end=at("2026-03-29", 4, 30))
    for position, minutes in enumerate([30, 60], 1):
        AgendaItemFactory(meeting=meeting, position=position, planned_minutes=minutes)
    meeting = Meeting.objects.get(pk=meeting.pk)
    rows = selectors.agenda(meeting).rows
    spans = [(f"{row.start:%H:%M}", f"{row.end:%H:%M}") for row in rows]
    # 01:30 + 30 min = 03:00 (02:00 does not exist), + 60 min = 04:00.
    assert spans == [("01:30", "03:00"), ("03:00", "04:00")]
    assert meeting.duration_minutes == 120


def test_duration_warning_counts_real_minutes(coordinator_client, world):
    """01:00–04:00 that night lasts 120 minutes, not 180: no warning about the length."""
    response = coordinator_client.post(url("meetings:create", world.group), form_data(), follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert not any("Minuten" in message and "dauert" in message for message in messages), messages
    meeting = Meeting.objects.get()
    assert meeting.duration_minutes == 120


def test_a_time_that_does_not_exist_is_refused_next_to_the_field(coordinator_client, world):
    response = coordinator_client.post(url("meetings:create", world.group), form_data(start_time="02:30"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["start_time"]
    assert "02:30" in errors["start_time"][0] and "gibt es an diesem Tag" in errors["start_time"][0]
    assert not Meeting.objects.exists()


def test_a_time_that_occurs_twice_is_refused_next_to_the_field(coordinator_client, world):
    response = coordinator_client.post(
        url("meetings:create", world.group), form_data(day="2026-10-25", start_time="01:00", end_time="02:30")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["end_time"]
    assert "zweimal" in errors["end_time"][0]
    assert not Meeting.objects.exists()


def test_the_edit_form_refuses_it_as_well(coordinator_client, world):
    meeting = MeetingFactory(working_group=world.group, start=at("2030-05-16", 16, 0))
    response = coordinator_client.post(
        url("meetings:edit", world.group, pk=meeting.pk), form_data(day="2027-03-28", start_time="02:15")
    )
    assert response.status_code == 200
    assert "start_time" in response.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.start == at("2030-05-16", 16, 0)
