"""Anonymising people who left long ago, the dashboard figure, the demo data."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from members import services
from members.models import ImportBatch, Organization, Participant
from tests.members.factories import ParticipantFactory


def test_anonymise_command_erases_only_those_who_left_long_ago(world, settings):
    settings.MEMBERS_ANONYMISE_AFTER_MONTHS = 24
    today = datetime.date(2026, 11, 23)
    old = ParticipantFactory(working_group=world.group, family_name="Alt", left_on=datetime.date(2024, 11, 22))
    recent = ParticipantFactory(working_group=world.group, family_name="Neu", left_on=datetime.date(2024, 11, 23))
    active = ParticipantFactory(working_group=world.group, family_name="Aktiv")
    assert services.anonymise_left_participants(today=today, dry_run=True) == 1
    assert services.anonymise_left_participants(today=today) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    active.refresh_from_db()
    assert old.erased_at is not None and old.display_name == "Gelöschte Person" and old.email == ""
    assert old.left_on == datetime.date(2024, 11, 22)  # kept: attendance statistics stay consistent
    assert recent.family_name == "Neu" and active.family_name == "Aktiv"


def test_anonymise_command_output(world):
    ParticipantFactory(working_group=world.group, left_on=datetime.date(2000, 1, 31))
    out = StringIO()
    call_command("anonymise_participants", "--dry-run", stdout=out)
    assert "1 Person würde anonymisiert (ausgeschieden vor mehr als 24 Monaten)." in out.getvalue()
    call_command("anonymise_participants", "--months", "6", stdout=out)
    assert "1 Person anonymisiert (ausgeschieden vor mehr als 6 Monaten)." in out.getvalue()
    assert Participant.objects.get().erased_at is not None


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2026, 3, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2026, 1, 15), 24, datetime.date(2024, 1, 15)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2023, 2, 28)),
    ],
)
def test_months_before(day, months, expected):
    assert services._months_before(day, months) == expected


def test_dashboard_shows_active_participants_in_one_query(coordinator_client, world, django_assert_num_queries):
    ParticipantFactory.create_batch(3, working_group=world.group)
    ParticipantFactory(working_group=world.group, left_on=datetime.date(2025, 1, 1))
    ParticipantFactory.create_batch(2, working_group=world.other_group)
    from arbeitskreis import selectors

    groups = selectors.dashboard_groups(world.staff)
    figures = {group.name: group.figures for group in groups}
    assert {"label": "Aktive Teilnehmende", "value": 3} in [
        {"label": str(f["label"]), "value": f["value"]} for f in figures["Arbeitskreis Karlsruhe"]
    ]
    from members.selectors import add_dashboard_figures

    for group in groups:
        group.figures = []
    with django_assert_num_queries(1):
        add_dashboard_figures(groups)
    assert [f["value"] for f in groups[0].figures] + [f["value"] for f in groups[1].figures] in ([2, 3], [3, 2])
    page = coordinator_client.get(reverse("dashboard")).content.decode()
    assert "Aktive Teilnehmende" in page


def test_seed_demo_adds_participants_idempotently(db):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    for slug in ("landkreis-karlsruhe", "bielefeld"):
        people = Participant.objects.filter(working_group__municipality__slug=slug)
        assert 12 <= people.count() <= 16
        # As a municipality's list has them: names in Arabic, Persian and Cyrillic script.
        scripts = {"Arabic": "\u0600", "Cyrillic": "\u0400"}
        for script, first in scripts.items():
            assert any(
                first <= name[0] <= chr(ord(first) + 0xFF) for name in people.values_list("family_name", flat=True)
            ), script
        assert people.filter(email="").exists()
        assert people.filter(left_on__isnull=False).count() == 1
        assert people.filter(represents__isnull=False).count() == 1
        assert Organization.objects.filter(working_group__municipality__slug=slug).count() >= 6
    names = set(Participant.objects.values_list("family_name", flat=True))
    assert {"Yılmaz", "Haddad", "Kovalenko", "Ahmadi", "Popescu", "Shevchenko"} <= names


def test_unconfirmed_imports_older_than_a_day_are_discarded(world):
    from tests.members.factories import ImportBatchFactory

    stale = ImportBatchFactory(working_group=world.group)
    fresh = ImportBatchFactory(working_group=world.group)
    ImportBatch.objects.filter(pk=stale.pk).update(created_at=timezone.now() - datetime.timedelta(days=2))
    call_command("anonymise_participants", stdout=StringIO())
    assert list(ImportBatch.objects.values_list("pk", flat=True)) == [fresh.pk]
