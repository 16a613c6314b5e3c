"""Query counts stay flat: the tree, coverage, the Wirkung page, a meeting's checklist and its page with 50 and with
5,000 pages (and the checks and content gaps that go with them)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from findings.models import ContentArea, Finding
from integreat import validation
from integreat.models import Page, PageCheck
from tests.integreat.api import generated_answers
from tests.integreat.conftest import SLUG, load
from tests.meetings.factories import MeetingFactory

LANGUAGES = ("de", "en", "ar", "uk", "ro")


def build(world, municipality, pages, meeting):
    load(municipality, generated_answers(SLUG, pages=pages, languages=LANGUAGES))
    keys_and_urls = list(Page.objects.order_by("position").values_list("key", "url"))
    earlier = MeetingFactory(
        working_group=world.group, status="held", start=timezone.now() - datetime.timedelta(days=90)
    )
    PageCheck.objects.all().delete()
    PageCheck.objects.bulk_create(
        PageCheck(working_group=world.group, page_key=key, checked_at=timezone.now(), meeting=earlier, result="checked")
        for key, _url in keys_and_urls[::7]
    )
    Finding.objects.bulk_create(
        Finding(working_group=world.group, title=f"Lücke {n}", integreat_url=url)
        for n, (_key, url) in enumerate(keys_and_urls[::11])
    )
    area = ContentArea.objects.get(working_group=None, name="Arbeit")
    validation.add_areas(meeting=meeting, data={"areas": [area]})
    return area


def count(client, address, params=None):
    with CaptureQueriesContext(connection) as context:
        response = client.get(address, params or {})
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("integreat:tree", {}),
        ("integreat:tree", {"area": "AREA", "language": "ar", "untranslated": "on", "outdated": "on", "months": "6"}),
        ("integreat:coverage", {}),
        ("integreat:areas", {}),
        ("findings:impact", {}),
        ("integreat:validation", {"area": "AREA"}),
        ("meetings:detail", {}),
    ],
)
def test_queries_do_not_grow_with_the_pages(coordinator_client, world, municipality, name, params):
    meeting = MeetingFactory(working_group=world.group)
    kwargs = world.group.url_kwargs()
    if name in ("integreat:validation", "meetings:detail"):
        kwargs["pk"] = meeting.pk
    address = reverse(name, kwargs=kwargs)
    area = build(world, municipality, 50, meeting)
    params = {key: (area.pk if value == "AREA" else value) for key, value in params.items()}
    few = count(coordinator_client, address, params)
    build(world, municipality, 5000, meeting)
    assert Page.objects.count() == 5000
    many = count(coordinator_client, address, params)
    assert few == many, f"{name}: {few} queries with 50 pages, {many} with 5,000"
    assert many <= 25
