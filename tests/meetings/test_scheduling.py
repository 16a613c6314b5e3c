"""The date suggestion: cadence after the last meeting, off weekends and the Bundesland's public holidays."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from meetings.scheduling import BERLIN, suggest_meeting
from tests.meetings.factories import MeetingFactory, at


def suggest(last, *, state="BW", today="2025-12-10", cadence=6, time=datetime.time(16, 0), minutes=90):
    return suggest_meeting(
        last_start=at(last) if last else None,
        cadence_months=cadence,
        start_time=time,
        duration_minutes=minutes,
        state=state,
        today=datetime.date.fromisoformat(today),
    )


def test_six_months_after_the_last_meeting_at_the_usual_time():
    suggestion = suggest("2025-11-20")  # + 6 months = Wednesday, 20 May 2026
    assert suggestion.start == datetime.datetime(2026, 5, 20, 16, 0, tzinfo=BERLIN)
    assert suggestion.end == datetime.datetime(2026, 5, 20, 17, 30, tzinfo=BERLIN)
    assert suggestion.skipped == []


def test_fronleichnam_in_baden_wuerttemberg_moves_to_the_next_working_day():
    suggestion = suggest("2025-12-04")  # + 6 months = Thursday, 4 June 2026 = Fronleichnam
    assert suggestion.start.date() == datetime.date(2026, 6, 5)
    assert [(day.day, day.holiday) for day in suggestion.skipped] == [(datetime.date(2026, 6, 4), "Fronleichnam")]


def test_fronleichnam_is_no_holiday_in_niedersachsen():
    assert suggest("2025-12-04", state="NI").start.date() == datetime.date(2026, 6, 4)


def test_reformationstag_counts_in_niedersachsen_but_not_in_baden_wuerttemberg():
    # + 7 months = Friday, 31 October 2025
    niedersachsen = suggest("2025-03-31", state="NI", today="2025-04-01", cadence=7)
    assert niedersachsen.start.date() == datetime.date(2025, 11, 3)
    assert niedersachsen.skipped[0].holiday == "Reformationstag"
    assert suggest("2025-03-31", state="BW", today="2025-04-01", cadence=7).start.date() == datetime.date(2025, 10, 31)


def test_a_sunday_moves_to_monday():
    suggestion = suggest("2025-09-08")  # + 6 months = Sunday, 8 March 2026
    assert suggestion.start.date() == datetime.date(2026, 3, 9)
    assert suggestion.skipped[0].holiday is None


def test_christmas_and_the_weekend_after_it_are_all_skipped():
    suggestion = suggest("2026-06-25", today="2026-07-01")  # + 6 months = Friday, 25 December 2026
    assert suggestion.start.date() == datetime.date(2026, 12, 28)
    assert [day.day.day for day in suggestion.skipped] == [25, 26, 27]


def test_without_a_meeting_four_weeks_from_today():
    assert suggest(None, today="2026-03-02").start.date() == datetime.date(2026, 3, 30)


def test_a_cadence_date_in_the_past_becomes_two_weeks_from_today():
    assert suggest("2024-01-10", today="2026-03-02").start.date() == datetime.date(2026, 3, 16)


def test_usual_time_and_duration_of_the_group():
    suggestion = suggest("2025-11-20", time=datetime.time(10, 0), minutes=120, cadence=3)
    assert suggestion.start == datetime.datetime(2026, 2, 20, 10, 0, tzinfo=BERLIN)
    assert suggestion.end - suggestion.start == datetime.timedelta(minutes=120)


@pytest.mark.django_db
@time_machine.travel(datetime.datetime(2026, 12, 10, 9, 0, tzinfo=BERLIN), tick=False)
def test_the_create_page_suggests_the_date_after_the_last_meeting(coordinator_client, world):
    group = world.group
    group.default_place = "Landratsamt, Saal 1"
    group.default_duration_minutes = 120
    group.save()
    last = MeetingFactory(working_group=group, start=at("2026-12-04"))
    MeetingFactory(working_group=group, start=at("2027-03-01"), status="cancelled")  # cancelled: ignored
    response = coordinator_client.get(reverse("meetings:create", kwargs=group.url_kwargs()))
    content = response.content.decode()
    # 4 June 2027 is a Friday; Fronleichnam 2027 is 27 May.
    assert last.start.date() == datetime.date(2026, 12, 4)
    assert "Vorgeschlagener Termin: Freitag, 4. Juni 2027, 16:00 Uhr." in content
    assert 'value="2027-06-04"' in content
    assert 'value="18:00"' in content  # 120 minutes
    assert 'value="Landratsamt, Saal 1"' in content
    assert "Regelmäßiges Treffen</option>" in content.replace('" selected>', '">')
