"""What the minutes app hands over (the core's hook ``handover_sections``): the open measures, most urgent first, and
the last approved minutes — which stay the last ones while a correction is written."""

import datetime

from django.utils import timezone

from arbeitskreis import handover
from minutes import handover as minutes_handover
from minutes import services
from minutes.models import MeasureStatus, MinutesStatus
from tests.members.factories import OrganizationFactory, ParticipantFactory
from tests.minutes.factories import MeasureFactory, held_meeting, minutes_in, record


def _section(group, key):
    return next(section for section in handover.compose(group) if section["key"] == key)


def test_open_measures_most_urgent_first_with_who_and_due(world):
    group, today = world.group, timezone.localdate()
    awo = OrganizationFactory(working_group=group, name="AWO Karlsruhe")
    olga = ParticipantFactory(working_group=group, given_name="Ольга", family_name="Петренко")
    MeasureFactory(working_group=group, title="Später", due_date=today + datetime.timedelta(days=40))
    MeasureFactory(
        working_group=group,
        title="Überfällig",
        due_date=today - datetime.timedelta(days=3),
        responsible_participant=olga,
    )
    MeasureFactory(
        working_group=group, title="Bald", due_date=today + datetime.timedelta(days=2), responsible_organization=awo
    )
    MeasureFactory(working_group=group, title="Erledigt", status=MeasureStatus.DONE)
    MeasureFactory(working_group=world.other_group, title="Anderer Arbeitskreis")

    section = _section(group, "open_measures")

    assert section["provided"] and section["columns"] == ["Was", "Wer", "Fällig"]
    assert [row[:2] for row in section["rows"]] == [
        ["Überfällig", "Ольга Петренко"],
        ["Bald", "AWO Karlsruhe"],
        ["Später", "noch niemand"],
    ]
    assert section["rows"][0][2] == (today - datetime.timedelta(days=3)).strftime("%d.%m.%Y")
    assert section["total"] == 3
    assert section["url"].endswith("/minutes/measures/?status=active&sort=urgency")


def test_the_last_approved_minutes_stay_while_a_correction_is_written(world):
    group = world.group
    first = minutes_in(group, MinutesStatus.APPROVED, by=world.coordinator)
    later = held_meeting(group, days_ago=5, title="Herbsttreffen")
    services.approve(minutes=record(later), by=world.coordinator, approved_in=None)
    corrected = services.start_correction(minutes=later.minutes, reason="Name falsch geschrieben", by=world.coordinator)

    section = _section(group, "last_minutes")

    (row,) = section["rows"]
    assert row[0] == "Herbsttreffen" and row[3] == "1"
    assert row[1] == timezone.localtime(later.start).strftime("%d.%m.%Y")
    assert "Herbsttreffen" in section["note"] and "Entwurf" in section["note"]
    assert corrected.version == 2 and first.status == MinutesStatus.APPROVED


def test_approved_in_a_meeting_names_its_date(world):
    group = world.group
    minutes = record(held_meeting(group, days_ago=200, title="Frühjahrstreffen"))
    next_meeting = held_meeting(group, days_ago=10, title="Herbsttreffen")
    services.approve(minutes=minutes, by=world.coordinator, approved_in=next_meeting)

    (row,) = _section(group, "last_minutes")["rows"]

    meeting_day = timezone.localtime(next_meeting.start).strftime("%d.%m.%Y")
    assert row[0] == "Frühjahrstreffen" and row[2].endswith(f"in der Sitzung vom {meeting_day}")


def test_nothing_approved_yet_is_an_empty_section_not_a_made_up_row(world):
    record(held_meeting(world.group))
    section = _section(world.group, "last_minutes")
    assert section["provided"] and section["rows"] == []
    assert section["empty"] == "Es wurde noch kein Protokoll genehmigt."


def test_queries_do_not_grow_with_measures_or_minutes(world, django_assert_num_queries):
    group = world.group

    def count():  # the open measures, the last approved version, the latest minutes not approved
        with django_assert_num_queries(3):
            minutes_handover.handover_sections(group)

    MeasureFactory(working_group=group)
    minutes_in(group, MinutesStatus.APPROVED)
    count()
    MeasureFactory.create_batch(30, working_group=group)
    for days in (60, 90, 120):
        record(held_meeting(group, days_ago=days))
    count()
