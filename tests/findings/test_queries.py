"""Query counts stay flat: the register and the Wirkung page with 10 and with 1,000 findings."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from findings.models import ContentArea, Finding
from tests.members.factories import OrganizationFactory, ParticipantFactory


def make_findings(group, n):
    areas = list(ContentArea.objects.filter(working_group=None))
    participant = ParticipantFactory(working_group=group)
    organization = OrganizationFactory(working_group=group)
    now = timezone.now()
    Finding.objects.bulk_create(
        Finding(
            working_group=group,
            title=f"Lücke {i}",
            content_area=areas[i % len(areas)],
            languages=[",ar,", ",uk,ru,", ",ro,", ""][i % 4],
            status=["open", "in_progress", "resolved", "rejected"][i % 4],
            priority=1 + i % 3,
            assignee_participant=participant if i % 3 == 0 else None,
            assignee_organization=organization if i % 3 == 1 else None,
            due_date=timezone.localdate() + datetime.timedelta(days=(i % 20) - 10),
            created_at=now - datetime.timedelta(days=i % 700),
            closed_at=now if i % 4 >= 2 else None,
        )
        for i in range(n)
    )


def count_queries(client, url, params=None):
    """The queries of one request with an empty cache (a Wirkung page that finds its counts in the cache runs one
    query fewer: tests/findings/test_impact.py)."""
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(context)


@pytest.mark.parametrize(
    "params", [{}, {"status": "active", "language": "ar", "sort": "due", "q": "Lücke", "overdue": "on"}]
)
def test_register_queries_do_not_grow(coordinator_client, world, params):
    make_findings(world.group, 10)
    url = reverse("findings:list", kwargs=world.group.url_kwargs())
    few = count_queries(coordinator_client, url, params)
    make_findings(world.group, 990)
    many = count_queries(coordinator_client, url, params)
    assert few == many
    assert many <= 15


def test_impact_queries_do_not_grow(coordinator_client, world):
    make_findings(world.group, 10)
    url = reverse("findings:impact", kwargs=world.group.url_kwargs())
    few = count_queries(coordinator_client, url)
    make_findings(world.group, 990)
    many = count_queries(coordinator_client, url)
    assert few == many
    assert many <= 12


def test_staff_overview_queries_do_not_grow(client, world):
    client.force_login(world.staff)
    make_findings(world.group, 10)
    url = reverse("findings-overview:impact")
    few = count_queries(client, url)
    make_findings(world.other_group, 990)
    assert count_queries(client, url) == few
    # More working groups (without findings, in other Bundesländer) add rows, not queries.
    from tests.factories import MunicipalityFactory, WorkingGroupFactory

    for state in ("BY", "HH", "SN"):
        WorkingGroupFactory(municipality=MunicipalityFactory(state=state))
    assert count_queries(client, url) == few


def test_register_page_with_1000_findings(coordinator_client, world, django_assert_max_num_queries):
    make_findings(world.group, 1000)
    with django_assert_max_num_queries(15):
        response = coordinator_client.get(reverse("findings:list", kwargs=world.group.url_kwargs()))
    assert len(response.context["page"].object_list) == 50


def test_triage_page_queries_do_not_grow(coordinator_client, world, next_meeting):
    from tests.findings.factories import SuggestionFactory

    participant = ParticipantFactory(working_group=world.group)
    url = reverse("findings:suggestions", kwargs=world.group.url_kwargs())
    SuggestionFactory.create_batch(2, participant=participant, kind="agenda_topic")
    few = count_queries(coordinator_client, url)
    SuggestionFactory.create_batch(20, participant=participant, kind="agenda_topic")
    SuggestionFactory.create_batch(20, participant=participant, kind="gap", status="declined", decline_note="Nein")
    response = coordinator_client.get(url)
    # Every agenda topic offers the meeting (22 selects), still with the same number of queries.
    assert response.content.decode().count(f'<option value="{next_meeting.pk}"') == 22
    assert count_queries(coordinator_client, url) == few


def test_finding_page_queries_do_not_grow_with_history(coordinator_client, world):
    from findings import services

    make_findings(world.group, 1)
    finding = Finding.objects.get(working_group=world.group)
    participant = ParticipantFactory(working_group=world.group, given_name="Olena", family_name="Kovalenko")
    url = reverse("findings:detail", kwargs={**world.group.url_kwargs(), "pk": finding.pk})
    services.change_finding(finding=finding, by=world.coordinator, data={"priority": 3})
    few = count_queries(coordinator_client, url)
    for day in range(1, 11):
        services.change_finding(
            finding=finding,
            by=world.coordinator,
            data={"assignee_participant": participant if day % 2 else None, "priority": 1 + day % 3},
        )
    response = coordinator_client.get(url)
    assert response.content.decode().count("Kovalenko") >= 10
    assert count_queries(coordinator_client, url) == few


@pytest.mark.parametrize("name", ["findings:export-csv", "findings:export-xlsx"])
def test_export_queries_do_not_grow(coordinator_client, world, name):
    from tests.meetings.factories import MeetingFactory

    url = reverse(name, kwargs=world.group.url_kwargs())
    make_findings(world.group, 10)
    meeting = MeetingFactory(working_group=world.group)
    raiser = ParticipantFactory(working_group=world.group)
    Finding.objects.update(raised_in_meeting=meeting, raised_by=raiser)
    few = count_queries(coordinator_client, url)
    make_findings(world.group, 190)
    Finding.objects.update(raised_in_meeting=meeting, raised_by=raiser)
    response = coordinator_client.get(url)
    assert response.content  # 200 rows with meeting, raiser, area and assignee
    assert count_queries(coordinator_client, url) == few


def test_the_participants_suggestion_list_does_not_grow(client, world):
    """The suggestion page behind the personal link lists the participant's suggestions and what became of them."""
    from tests.findings.factories import SuggestionFactory
    from tests.personal import open_personal_link

    participant = ParticipantFactory(working_group=world.group)
    open_personal_link(client, participant)
    url = reverse("personal:suggest")

    def suggest(count):
        for number in range(count):
            finding = Finding.objects.create(working_group=world.group, title=f"Lücke {number}")
            SuggestionFactory(participant=participant, status="accepted", finding=finding, title=f"Angenommen {number}")
            SuggestionFactory(participant=participant, status="declined", decline_note="Gibt es schon.")

    suggest(1)
    few = count_queries(client, url)
    suggest(20)
    page = client.get(url).content.decode()
    assert page.count("Gibt es schon.") == 21 and "Angenommen 19" in page
    assert count_queries(client, url) == few
