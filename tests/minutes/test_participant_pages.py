"""The minutes app on the participant's pages: the coordinator sees the meetings a person attended and the measures
they are responsible for; the person's own page lists the minutes they can read (approved ones; a draft under
review only if they attended) — in a fixed number of queries."""

import pytest
from django.urls import reverse

from minutes import services
from minutes.models import MeasureStatus, Minutes, MinutesStatus
from tests.members.factories import ParticipantFactory
from tests.minutes.factories import MeasureFactory, held_meeting, record
from tests.personal import open_personal_link

# the participant (with the group), the upcoming meetings and their invitations, the minutes; the person's copy of
# their data: one query per relation to the participant (invitations, gaps raised and assigned, suggestions,
# attendances, substitutes, … comments, measures)
QUERIES = 13


@pytest.fixture
def ayse(world):
    return ParticipantFactory(working_group=world.group, given_name="Ayşe", family_name="Yılmaz")


def _minutes(group, title, days_ago, attendance, status):
    minutes = record(held_meeting(group, title=title, days_ago=days_ago), attendance=attendance)
    if status in (MinutesStatus.IN_REVIEW, MinutesStatus.APPROVED):
        minutes = services.send_for_review(minutes=minutes)
    if status == MinutesStatus.APPROVED:
        minutes = services.approve(minutes=Minutes.objects.get(pk=minutes.pk), by=None)
    return minutes


@pytest.mark.parametrize("count", [1, 20])
def test_the_coordinator_sees_attendance_and_measures(
    coordinator_client, world, ayse, django_assert_num_queries, count
):
    for n in range(count):
        _minutes(world.group, f"Treffen {n}", 30 + n, {ayse.pk: "present"}, MinutesStatus.DRAFT)
        MeasureFactory(working_group=world.group, title=f"Aufgabe {n}", responsible_participant=ayse)
    _minutes(world.group, "Verpasstes Treffen", 400, {ayse.pk: "excused"}, MinutesStatus.DRAFT)
    MeasureFactory(
        working_group=world.group, title="Erledigte Aufgabe", status=MeasureStatus.DONE, responsible_participant=ayse
    )
    MeasureFactory(working_group=world.group, title="Aufgabe von jemand anderem")
    url = reverse("members:participant-detail", kwargs={**world.group.url_kwargs(), "pk": ayse.pk})

    with django_assert_num_queries(10):
        page = coordinator_client.get(url).content.decode()

    assert page.count(">Treffen ") == count and "Verpasstes Treffen" not in page
    assert page.count(">Aufgabe ") == count and "Erledigte Aufgabe" in page and "jemand anderem" not in page


@pytest.mark.parametrize("count", [1, 10])
def test_the_persons_page_lists_the_minutes_they_can_read(client, world, ayse, django_assert_num_queries, count):
    for n in range(count):
        _minutes(world.group, "Genehmigtes Treffen", 200 + n, {}, MinutesStatus.APPROVED)
    _minutes(world.group, "Besuchtes Treffen", 20, {ayse.pk: "present"}, MinutesStatus.IN_REVIEW)
    _minutes(world.group, "Fremde Durchsicht", 30, {ayse.pk: "excused"}, MinutesStatus.IN_REVIEW)
    _minutes(world.group, "Noch ein Entwurf", 10, {ayse.pk: "present"}, MinutesStatus.DRAFT)
    _minutes(world.other_group, "Anderer Arbeitskreis", 15, {}, MinutesStatus.APPROVED)

    open_personal_link(client, ayse)
    with django_assert_num_queries(QUERIES):
        page = client.get(reverse("personal:page")).content.decode()
    # The section of minutes (the copy of their data further down names every meeting they were recorded at).
    page = page.split('id="minutes-heading"')[1].split("</section>")[0]

    assert page.count("Genehmigtes Treffen") == count and "Besuchtes Treffen" in page
    assert "Entwurf zur Durchsicht" in page
    for hidden in ("Fremde Durchsicht", "Noch ein Entwurf", "Anderer Arbeitskreis"):
        assert hidden not in page
    assert page.index("Besuchtes Treffen") < page.index("Genehmigtes Treffen")  # the latest first
