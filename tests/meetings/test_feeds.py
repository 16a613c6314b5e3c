"""Calendar subscriptions: the group's links and each participant's, what a calendar client receives, the
conditional requests answered without building the feed, and the links' life (renew, switch off, erase)."""

import datetime
import re

import icalendar
import pytest
from django.urls import reverse
from django.utils.http import http_date

from meetings import feeds, services
from meetings.models import CalendarFeed, MeetingStatus
from members import services as member_services
from tests.meetings.factories import AgendaItemFactory, InvitationFactory, MeetingFactory
from tests.meetings.helpers import messages_of, url
from tests.members.factories import ParticipantFactory
from tests.personal import open_personal_link


def fetch(client, feed, **headers):
    return client.get(reverse("feeds:calendar", kwargs={"token": feed.token}), **headers)


@pytest.fixture
def group_feed(world):
    return feeds.create_feed(group=world.group, label="Outlook des Integrationsbüros", by=world.coordinator)


def test_the_group_feed_has_every_meeting_and_no_attendee_addresses(client, world, group_feed):
    held = MeetingFactory(working_group=world.group, title="Frühjahr", status=MeetingStatus.HELD)
    upcoming = MeetingFactory(working_group=world.group, title="Herbst", status=MeetingStatus.INVITED)
    cancelled = MeetingFactory(working_group=world.group, title="Abgesagt", status=MeetingStatus.CANCELLED)
    MeetingFactory(working_group=world.other_group, title="Fremd")
    AgendaItemFactory(meeting=upcoming, title="Begrüßung", planned_minutes=10)
    InvitationFactory(meeting=upcoming, participant__email="geheim@example.org")
    response = fetch(client, group_feed)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith('inline; filename="arbeitskreis-karlsruhe.ics"')
    assert response["ETag"] and response["Last-Modified"]
    data = icalendar.Calendar.from_ical(response.content)
    assert data["METHOD"] == "PUBLISH" and data["X-WR-CALNAME"] == "Arbeitskreis Karlsruhe"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in response.content and b"X-PUBLISHED-TTL:PT1H" in response.content
    events = {str(event["SUMMARY"]): event for event in data.walk("VEVENT")}
    assert set(events) == {"Frühjahr", "Herbst", "Abgesagt"}
    assert events["Abgesagt"]["STATUS"] == "CANCELLED" and events["Herbst"]["STATUS"] == "CONFIRMED"
    assert events["Herbst"]["UID"] == upcoming.calendar_uid and events["Frühjahr"]["UID"] == held.calendar_uid
    assert "Begrüßung" in str(events["Herbst"]["DESCRIPTION"])
    assert b"ATTENDEE" not in response.content and b"geheim@example.org" not in response.content
    assert cancelled.calendar_uid.encode() in response.content


def test_a_participants_feed_has_their_meetings(client, world):
    mine = InvitationFactory(meeting__working_group=world.group, meeting__title="Meins")
    MeetingFactory(working_group=world.group, title="Nicht eingeladen")
    feed = feeds.create_feed(group=world.group, participant=mine.participant)
    data = icalendar.Calendar.from_ical(fetch(client, feed).content)
    assert [str(event["SUMMARY"]) for event in data.walk("VEVENT")] == ["Meins"]
    assert f"/p/{mine.participant.token}/meetings/{mine.meeting.pk}/" in str(data.walk("VEVENT")[0]["URL"])


def test_an_unchanged_feed_is_answered_with_304_without_building_it(
    client, world, group_feed, django_assert_num_queries
):
    meeting = MeetingFactory(working_group=world.group, title="Herbst")
    first = fetch(client, group_feed)
    # The feed by its token, and its fingerprint: nothing is built.
    with django_assert_num_queries(2):
        again = fetch(client, group_feed, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and not again.content
    assert fetch(client, group_feed, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    # A change (here an agenda item) changes the fingerprint: the next poll gets the new feed.
    services.add_agenda_item(meeting=meeting, data={"title": "Neuer Punkt", "planned_minutes": 10})
    changed = fetch(client, group_feed, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and b"Neuer Punkt" in changed.content
    assert changed["ETag"] != first["ETag"]
    old_date = http_date((meeting.updated_at - datetime.timedelta(days=1)).timestamp())
    assert fetch(client, group_feed, HTTP_IF_MODIFIED_SINCE=old_date).status_code == 200


@pytest.mark.parametrize("count", [2, 40])
def test_building_the_feed_takes_the_same_queries_for_any_number_of_meetings(
    client, world, group_feed, django_assert_num_queries, count
):
    for meeting in MeetingFactory.create_batch(count, working_group=world.group):
        AgendaItemFactory.create_batch(3, meeting=meeting)
        InvitationFactory.create_batch(2, meeting=meeting)
    # the feed, its fingerprint, the meetings, their agenda items
    with django_assert_num_queries(4):
        response = fetch(client, group_feed)
    assert response.content.count(b"BEGIN:VEVENT") == count


def test_wrong_renewed_or_revoked_addresses_give_404(client, world, group_feed):
    old = group_feed.token
    assert client.get(reverse("feeds:calendar", kwargs={"token": "x" * 43})).status_code == 404
    feeds.renew_feed(feed=group_feed)
    assert client.get(reverse("feeds:calendar", kwargs={"token": old})).status_code == 404
    assert fetch(client, group_feed).status_code == 200
    feeds.revoke_feed(feed=group_feed)
    assert fetch(client, group_feed).status_code == 404
    assert len(old) >= 43  # 256 bits


def test_the_coordination_makes_renews_and_switches_off_group_links(coordinator_client, world):
    response = coordinator_client.post(url("meetings:feeds", world.group), {"label": "Outlook Amt"}, follow=True)
    assert "Der neue Abo-Link ist fertig." in messages_of(response)
    feed = CalendarFeed.objects.get()
    page = response.content.decode()
    assert feed.token in page and "webcal://" in page and "Outlook Amt" in page
    coordinator_client.post(url("meetings:feed-renew", world.group, feed_pk=feed.pk))
    renewed = CalendarFeed.objects.get()
    assert renewed.token != feed.token
    coordinator_client.post(url("meetings:feed-revoke", world.group, feed_pk=feed.pk))
    assert not CalendarFeed.objects.exists()


def test_an_empty_label_is_refused_next_to_the_field(coordinator_client, world):
    response = coordinator_client.post(url("meetings:feeds", world.group), {"label": "  "})
    assert response.status_code == 200 and "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert not CalendarFeed.objects.exists()


def test_a_participant_subscribes_from_their_page(client, world):
    person = ParticipantFactory(working_group=world.group)
    open_personal_link(client, person)
    page = client.get(reverse("personal:calendar")).content.decode()
    assert "Meine Abo-Adresse anlegen" in page
    assert not CalendarFeed.objects.exists()  # a GET makes nothing
    client.post(reverse("personal:calendar"), {"action": "create"})
    feed = CalendarFeed.objects.get(participant=person)
    page = client.get(reverse("personal:calendar")).content.decode()
    assert feed.token in page and "Outlook" in page and "Google" in page and "Thunderbird" in page
    client.post(reverse("personal:calendar"), {"action": "renew"})
    assert CalendarFeed.objects.get(participant=person).token != feed.token
    client.post(reverse("personal:calendar"), {"action": "revoke"})
    assert not CalendarFeed.objects.exists()


def test_an_erased_participants_feed_is_gone_and_a_switched_off_link_stops_it(client, world):
    person = ParticipantFactory(working_group=world.group)
    feed = feeds.create_feed(group=world.group, participant=person)
    member_services.revoke_token(participant=person)
    assert fetch(client, feed).status_code == 404
    member_services.rotate_token(participant=person)
    assert fetch(client, feed).status_code == 200
    member_services.erase_participant(participant=person)
    assert not CalendarFeed.objects.exists()


def test_a_link_whose_maker_is_gone_is_listed_with_a_dash(coordinator_client, world):
    """A link made without a user (or whose user was deleted) is listed, not a server error."""
    feeds.create_feed(group=world.group, label="Kalender im Foyer")
    response = coordinator_client.get(url("meetings:feeds", world.group))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Kalender im Foyer" in content
    assert re.search(r"Angelegt am [0-9.]+ von –", content), content
