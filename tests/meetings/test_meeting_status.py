"""The status of meetings, the list and the dashboard: allowed steps, refusals, query counts."""

import datetime

import pytest
from django.urls import reverse

from meetings import invitations, services
from meetings.models import FocusQuestion, MeetingStatus
from tests.meetings.factories import AgendaItemFactory, InvitationFactory, MeetingFactory, at
from tests.meetings.helpers import future_day, messages_of, url

# Status transitions


def test_the_page_offers_only_the_allowed_next_steps(coordinator_client, world):
    meeting = MeetingFactory(working_group=world.group)
    content = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert "Ohne E-Mails als eingeladen markieren" in content and "Treffen absagen" in content
    assert "Als stattgefunden markieren" not in content and "Protokoll als genehmigt markieren" not in content
    meeting.status = MeetingStatus.HELD
    meeting.start = meeting.start - datetime.timedelta(days=60)
    meeting.end = meeting.end - datetime.timedelta(days=60)
    meeting.save()
    content = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    # A held meeting leads to its minutes; there is no button that approves them without minutes.
    assert "Protokoll als genehmigt markieren" not in content
    minutes_url = f"/ak/{world.group.municipality.slug}/{world.group.slug}/minutes/{meeting.pk}/"
    assert f'href="{minutes_url}">Protokoll</a>' in content
    assert "Ohne E-Mails als eingeladen markieren" not in content and "Treffen absagen" not in content


def test_observer_sees_no_actions(observer_client, world):
    meeting = MeetingFactory(working_group=world.group)
    AgendaItemFactory(meeting=meeting)
    content = observer_client.get(meeting.get_absolute_url()).content.decode()
    for text in (
        "Ohne E-Mails als eingeladen markieren",
        "Treffen absagen",
        "Angaben bearbeiten",
        "nach oben verschieben",
    ):
        assert text not in content


def test_planned_to_invited_to_held_and_the_minutes_approved_only_through_their_workflow(coordinator_client, world):
    meeting = MeetingFactory(working_group=world.group, start=at(future_day(-1)))
    for target, label in [("invited", "eingeladen"), ("held", "stattgefunden")]:
        response = coordinator_client.post(
            url("meetings:status", world.group, pk=meeting.pk), {"to": target}, follow=True
        )
        assert f"Das Treffen ist jetzt als „{label}“ markiert." in messages_of(response)
        meeting.refresh_from_db()
        assert meeting.status == target
    page = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert "Protokoll genehmigt" not in page and "Protokoll" in page
    response = coordinator_client.post(
        url("meetings:status", world.group, pk=meeting.pk), {"to": "minutes_approved"}, follow=True
    )
    assert messages_of(response) == [
        "Das Protokoll wird auf seiner eigenen Seite genehmigt, sobald es geschrieben ist."
    ]
    meeting.refresh_from_db()
    assert meeting.status == "held"


def test_an_invalid_transition_is_refused_with_a_message(coordinator_client, world):
    meeting = MeetingFactory(working_group=world.group, start=at(future_day(-1)))
    response = coordinator_client.post(url("meetings:status", world.group, pk=meeting.pk), {"to": "held"}, follow=True)
    assert messages_of(response) == [
        "Ein Treffen mit dem Status „geplant“ kann nicht als „stattgefunden“ markiert werden."
    ]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_an_unknown_status_is_refused(coordinator_client, world):
    meeting = MeetingFactory(working_group=world.group)
    response = coordinator_client.post(url("meetings:status", world.group, pk=meeting.pk), {"to": "gone"}, follow=True)
    assert messages_of(response) == ["Diesen Status gibt es nicht."]


def test_a_future_meeting_cannot_be_marked_as_held(coordinator_client, world):
    meeting = MeetingFactory(working_group=world.group, status=MeetingStatus.INVITED)
    response = coordinator_client.post(url("meetings:status", world.group, pk=meeting.pk), {"to": "held"}, follow=True)
    assert "Ein Treffen kann erst als stattgefunden markiert werden, wenn es begonnen hat." in messages_of(response)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.INVITED


def test_cancelling_raises_the_sequence_and_freezes_the_meeting(coordinator_client, world):
    meeting = MeetingFactory(working_group=world.group, status=MeetingStatus.INVITED)
    response = coordinator_client.post(url("meetings:cancel", world.group, pk=meeting.pk), follow=True)
    assert "Das Treffen wurde abgesagt." in messages_of(response)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence) == (MeetingStatus.CANCELLED, 1)
    response = coordinator_client.post(url("meetings:cancel", world.group, pk=meeting.pk), follow=True)
    assert messages_of(response) == ["Ein Treffen mit dem Status „abgesagt“ kann nicht als „abgesagt“ markiert werden."]
    response = coordinator_client.get(url("meetings:edit", world.group, pk=meeting.pk), follow=True)
    assert messages_of(response) == ["Dieses Treffen kann nicht mehr geändert werden (Status: abgesagt)."]


def test_a_held_meeting_cannot_be_cancelled_by_the_service(world):
    meeting = MeetingFactory(working_group=world.group, status=MeetingStatus.HELD)
    with pytest.raises(services.TransitionError):
        invitations.cancel_meeting(meeting=meeting)


def test_get_never_changes_the_status(coordinator_client, world):
    meeting = MeetingFactory(working_group=world.group)
    assert coordinator_client.get(url("meetings:status", world.group, pk=meeting.pk) + "?to=invited").status_code == 405
    assert coordinator_client.get(url("meetings:cancel", world.group, pk=meeting.pk)).status_code == 405
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_observer_cannot_change_the_status(observer_client, world):
    meeting = MeetingFactory(working_group=world.group)
    assert (
        observer_client.post(url("meetings:status", world.group, pk=meeting.pk), {"to": "invited"}).status_code == 403
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_the_other_groups_meeting_is_not_found(coordinator_client, world):
    foreign = MeetingFactory(working_group=world.other_group)
    assert coordinator_client.get(url("meetings:detail", world.group, pk=foreign.pk)).status_code == 404
    assert coordinator_client.post(url("meetings:cancel", world.group, pk=foreign.pk)).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == MeetingStatus.PLANNED


# Query counts


@pytest.mark.parametrize("meetings", [2, 40])
def test_list_query_count_does_not_grow(coordinator_client, world, django_assert_num_queries, meetings):
    for index in range(meetings):
        meeting = MeetingFactory(working_group=world.group, start=at(future_day(index * 7 - meetings * 3)))
        AgendaItemFactory.create_batch(2, meeting=meeting)
        InvitationFactory.create_batch(3, meeting=meeting, answer="accepted")
    # session, user, group with the role, meetings, answer counts
    with django_assert_num_queries(5):
        response = coordinator_client.get(url("meetings:list", world.group))
    assert len(response.context["upcoming"]) + len(response.context["past"]) == meetings


@pytest.mark.parametrize(("meetings", "items"), [(2, 2), (40, 20)])
def test_page_query_count_does_not_grow(coordinator_client, world, django_assert_num_queries, meetings, items):
    questions = FocusQuestion.objects.filter(working_group=None)[:2]
    created = MeetingFactory.create_batch(meetings, working_group=world.group, focus_questions=list(questions))
    meeting = created[0]
    AgendaItemFactory.create_batch(items, meeting=meeting, planned_minutes=5)
    InvitationFactory.create_batch(items, meeting=meeting, answer="tentative")
    # session, user, group with the role, meeting, focus questions, agenda items, follow-up findings and their total,
    # follow-up measures and their total, findings raised in it, invitations; the municipality's Integreat region
    # (no region, so no checklist to read)
    with django_assert_num_queries(13):
        response = coordinator_client.get(meeting.get_absolute_url())
    assert response.content.decode().count('class="agenda-row"') == items
    assert f"0 zugesagt · {items} vielleicht" in response.content.decode()


# Dashboard


def test_dashboard_shows_the_next_meeting_in_one_query(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.staff)
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("dashboard"))
    MeetingFactory(working_group=world.group, start=at("2040-05-10"), title="Später")
    soon = MeetingFactory(working_group=world.group, start=at("2040-03-15"))
    MeetingFactory(working_group=world.group, start=at("2040-01-10"), status="cancelled")
    MeetingFactory(working_group=world.group, start=at("2020-01-10"), status="held")
    with CaptureQueriesContext(connection) as after:
        response = client.get(reverse("dashboard"))
    meeting_queries = [q for q in after.captured_queries if '"meetings_meeting"' in q["sql"]]
    assert len(meeting_queries) == 1
    assert len(after.captured_queries) == len(before.captured_queries)
    content = response.content.decode()
    # Staff see every group in a table: the next meeting's date links to it; the other group has none.
    assert f'<a href="{soon.get_absolute_url()}">15.03.2040</a>' in content
    assert content.count('<td data-label="Nächstes Treffen">–</td>') == 1
