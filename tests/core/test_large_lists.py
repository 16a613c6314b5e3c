"""Pages that stay readable at a large municipality's size: the staff overview of every group (a compact table with
a Bundesland filter, a search and pages) and the participant list (50 to a page, like the gap register)."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arbeitskreis.models import State
from tests.factories import MunicipalityFactory, WorkingGroupFactory
from tests.members.factories import ParticipantFactory


def _rows(content):
    return re.findall(r'<td data-label="Bundesland">([^<]+)</td>', content)


def test_staff_overview_pages_filters_and_stays_flat(client, world):
    for n in range(30):
        state = State.BY if n % 3 == 0 else State.NI
        WorkingGroupFactory(municipality=MunicipalityFactory(name=f"Gemeinde {n:02d}", state=state))
    client.force_login(world.staff)
    with CaptureQueriesContext(connection) as first:
        response = client.get(reverse("dashboard"))
    content = response.content.decode()
    assert len(_rows(content)) == 25 and "32 Arbeitskreise" in content and "Seite 1 von 2" in content
    with CaptureQueriesContext(connection) as second:
        page_two = client.get(reverse("dashboard"), {"page": 2}).content.decode()
    assert len(_rows(page_two)) == 7
    assert len(second.captured_queries) == len(first.captured_queries)
    bavaria = client.get(reverse("dashboard"), {"state": "BY"}).content.decode()
    assert set(_rows(bavaria)) == {"Bayern"} and len(_rows(bavaria)) == 10
    found = client.get(reverse("dashboard"), {"q": "GEMEINDE 07"}).content.decode()
    assert len(_rows(found)) == 1
    # German order: the 30 "Gemeinde …" first, Karlsruhe and Bielefeld on page two. The figures link to the pages
    # that list what they count.
    group_kwargs = world.group.url_kwargs()
    assert reverse("members:participant-list", kwargs=group_kwargs) in page_two
    assert reverse("findings:list", kwargs=group_kwargs) + "?status=active" in page_two
    assert reverse("findings:suggestions", kwargs=group_kwargs) in page_two


def test_coordinators_keep_their_cards(coordinator_client, world):
    content = coordinator_client.get(reverse("dashboard")).content.decode()
    assert content.count('class="card h-100 group-card"') == 1 and "Bundesland" not in content


def test_participant_list_is_paginated(coordinator_client, world):
    for n in range(60):
        ParticipantFactory(working_group=world.group, family_name=f"Person {n:02d}", organization=None)
    url = reverse("members:participant-list", kwargs=world.group.url_kwargs())
    first = coordinator_client.get(url)
    content = first.content.decode()
    assert len(first.context["participants"]) == 50 and "60 Teilnehmende" in content and "Seite 1 von 2" in content
    second = coordinator_client.get(url, {"page": 2, "q": "person"})
    assert [p.family_name for p in second.context["participants"]] == [f"Person {n}" for n in range(50, 60)]
    # The exports keep everyone the filters find.
    export = coordinator_client.get(reverse("members:export-csv", kwargs=world.group.url_kwargs()))
    assert len(export.content.decode("utf-8-sig").splitlines()) == 61
