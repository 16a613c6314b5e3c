"""Row locks of the Integreat content, tried with two calls at the same moment (PostgreSQL only, see
tests/concurrency.py): two fetch buttons pressed at once start one fetch; a page marked twice at once becomes one
content gap; two snapshots stored at once leave one complete snapshot."""

import pytest

from findings.models import ContentArea, Finding
from integreat import services, validation
from integreat.models import Page, Region
from integreat.services import FetchRefused
from tests.concurrency import at_once, meet_after, row_lock_test
from tests.integreat.api import demo_answers, generated_answers
from tests.integreat.conftest import SLUG, load
from tests.meetings.factories import MeetingFactory

pytestmark = row_lock_test


@pytest.fixture
def seeded(data_migration_rows):
    """The content areas of the data migration (flushed by the previous test)."""


def test_two_fetch_buttons_at_once_start_one_fetch(world, municipality, seeded):
    Region.objects.create(municipality=municipality)  # the row both lock
    with meet_after("integreat.services._locked_region"):
        outcomes = at_once(
            lambda: services.request_fetch(municipality=municipality, by=world.coordinator),
            lambda: services.request_fetch(municipality=municipality, by=world.coordinator),
        )
    refused = [outcome.error for outcome in outcomes if outcome.error is not None]
    assert len(refused) == 1 and isinstance(refused[0], FetchRefused)


def test_a_page_marked_twice_at_once_becomes_one_content_gap(world, municipality, seeded):
    load(municipality)
    meeting = MeetingFactory(working_group=world.group)
    validation.add_areas(meeting=meeting, data={"areas": [ContentArea.objects.get(working_group=None, name="Wohnen")]})
    item = meeting.validation_items.get(title="Kaution")
    data = {"result": "outdated", "languages": [], "note": ""}
    with meet_after("integreat.validation._locked_item"):
        outcomes = at_once(
            lambda: validation.mark_page(item=item, data=data, by=world.coordinator),
            lambda: validation.mark_page(item=item, data=data, by=world.coordinator),
        )
    assert sum(1 for outcome in outcomes if outcome.error is not None) == 1
    assert Finding.objects.count() == 1


def test_two_snapshots_stored_at_once_leave_one_complete_snapshot(world, municipality, seeded):
    region = load(municipality)
    small = services.build_from_files(
        slug=SLUG,
        regions_data=generated_answers(SLUG, pages=20)[0],
        pages_files=[(f"{code}.json", data) for code, data in generated_answers(SLUG, pages=20)[1].items()],
    )
    regions, pages = demo_answers(SLUG)
    full = services.build_from_files(slug=SLUG, regions_data=regions, pages_files=list(pages.items()))
    outcomes = at_once(
        lambda: services.store_snapshot(region=region, built=small, source="upload"),
        lambda: services.store_snapshot(region=region, built=full, source="upload"),
    )
    assert all(outcome.error is None for outcome in outcomes)
    stored = Region.objects.get()
    assert Page.objects.count() == stored.page_count in (20, 44)
