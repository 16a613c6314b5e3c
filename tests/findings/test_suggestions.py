"""Suggestions through the personal link, and their triage by the coordination."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from findings.models import Finding, Suggestion
from members import services as member_services
from tests.findings.factories import SuggestionFactory, area
from tests.meetings.factories import MeetingFactory
from tests.members.factories import ParticipantFactory
from tests.personal import open_personal_link, personal_link


def suggest_url(client, participant):
    """The suggestion page, after ``client`` followed the participant's personal link."""
    open_personal_link(client, participant)
    return reverse("personal:suggest")


def test_participant_suggests_gap_without_login(client, world, participant):
    response = client.get(suggest_url(client, participant))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Vorschlag machen" in page
    assert world.group.name in page
    response = client.post(
        suggest_url(client, participant),
        {
            "kind": "gap",
            "title": "Arbeitssuche auf Rumänisch",
            "description": "Die Seiten zur Arbeitssuche gibt es nicht auf Rumänisch.",
            "language": "ro",
            "content_area": area("Arbeit").pk,
        },
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get()
    assert (suggestion.participant, suggestion.working_group, suggestion.status) == (
        participant,
        world.group,
        "pending",
    )
    assert suggestion.language == "ro"
    page = client.get(suggest_url(client, participant)).content.decode()
    assert "Arbeitssuche auf Rumänisch" in page
    assert "wartet auf Entscheidung" in page
    assert client.get(suggest_url(client, participant))["Referrer-Policy"] == "same-origin"


def test_unknown_language_is_refused(client, participant):
    response = client.post(suggest_url(client, participant), {"kind": "gap", "title": "X", "language": "xx"})
    assert response.status_code == 200
    assert "Unbekannter Sprachcode" in response.content.decode()
    assert not Suggestion.objects.exists()


def _invalid(response):
    return response.status_code == 404 and "Link nicht mehr gültig" in response.content.decode()


def test_wrong_renewed_revoked_or_erased_link_is_refused(client, world, participant):
    assert _invalid(client.get("/p/" + "x" * 43 + "/suggest/"))
    assert _invalid(client.get(reverse("personal:suggest")))  # no session
    # Renewed: the old link and the session opened with it stop working; the new link works.
    old_link = personal_link(participant, "suggest/")
    page = suggest_url(client, participant)
    member_services.rotate_token(participant=participant)
    assert _invalid(client.get(old_link))
    assert _invalid(client.post(page, {"kind": "gap", "title": "X"}))
    assert client.get(suggest_url(client, participant)).status_code == 200
    # Switched off: the current link and its session stop working.
    current_link = personal_link(participant, "suggest/")
    member_services.revoke_token(participant=participant)
    assert _invalid(client.get(current_link))
    assert _invalid(client.post(page, {"kind": "gap", "title": "X"}))
    # Erased: a new link given before the erasure stops working too.
    member_services.rotate_token(participant=participant)
    erased_link = personal_link(participant, "suggest/")
    assert client.get(suggest_url(client, participant)).status_code == 200
    member_services.erase_participant(participant=participant)
    assert _invalid(client.get(erased_link))
    assert _invalid(client.post(page, {"kind": "gap", "title": "X"}))
    assert not Suggestion.objects.exists()


def test_area_of_another_group_cannot_be_suggested(client, world, participant):
    from findings.models import ContentArea

    foreign = ContentArea.objects.create(working_group=world.other_group, name="Fremd")
    response = client.post(suggest_url(client, participant), {"kind": "gap", "title": "X", "content_area": foreign.pk})
    assert response.status_code == 200
    assert not Suggestion.objects.exists()


def test_coordinator_accepts_gap(coordinator_client, world, participant):
    suggestion = SuggestionFactory(participant=participant, title="Arbeit auf Rumänisch")
    page = coordinator_client.get(reverse("findings:suggestions", kwargs=world.group.url_kwargs())).content.decode()
    assert "Arbeit auf Rumänisch" in page
    assert "Als Inhaltslücke übernehmen" in page
    response = coordinator_client.post(
        reverse("findings:suggestion-accept", kwargs={**world.group.url_kwargs(), "pk": suggestion.pk})
    )
    finding = Finding.objects.get()
    assert response["Location"] == finding.get_absolute_url()
    assert finding.raised_by == participant


def test_coordinator_declines_and_participant_sees_note(coordinator_client, client, world, participant):
    suggestion = SuggestionFactory(participant=participant, title="Mehr Freizeitangebote")
    decline_url = reverse("findings:suggestion-decline", kwargs={**world.group.url_kwargs(), "pk": suggestion.pk})
    response = coordinator_client.post(decline_url, {f"s{suggestion.pk}-note": ""})
    assert "Bitte schreiben Sie" in [str(m) for m in get_messages(response.wsgi_request)][0]
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"
    coordinator_client.post(decline_url, {f"s{suggestion.pk}-note": "Das steht schon unter Freizeit."})
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.decline_note) == ("declined", "Das steht schon unter Freizeit.")
    page = client.get(suggest_url(client, participant)).content.decode()
    assert "Das steht schon unter Freizeit." in page
    assert "abgelehnt" in page


def test_coordinator_accepts_topic_into_meeting(coordinator_client, world, participant, next_meeting):
    """The triage page offers the meeting in a select; posting that select's own field adds the agenda item."""
    import re

    suggestion = SuggestionFactory(participant=participant, kind="agenda_topic", title="Rumänische Community")
    accept = reverse("findings:suggestion-accept", kwargs={**world.group.url_kwargs(), "pk": suggestion.pk})
    response = coordinator_client.post(accept, {})
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"
    page = coordinator_client.get(reverse("findings:suggestions", kwargs=world.group.url_kwargs())).content.decode()
    assert "Planen Sie zuerst ein Treffen" not in page
    select = re.search(r'<select name="(s\d+-meeting)"[^>]*>(.*?)</select>', page, re.S)
    assert select, "the page offers no meeting to choose"
    field_name, options = select.groups()
    assert f'value="{next_meeting.pk}"' in options
    assert "Herbsttreffen" in options
    response = coordinator_client.post(accept, {field_name: next_meeting.pk})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.agenda_item.meeting == next_meeting
    assert next_meeting.agenda_items.get().title == "Rumänische Community"


def test_triage_offers_only_meetings_not_yet_held(coordinator_client, world, participant, next_meeting, past_meeting):
    from meetings import services as meeting_services

    held_today = MeetingFactory(working_group=world.group, title="Läuft gerade", start=timezone.now())
    meeting_services.change_status(meeting=held_today, to="invited")
    meeting_services.change_status(meeting=held_today, to="held")
    other = MeetingFactory(working_group=world.other_group, title="Fremdes Treffen")
    SuggestionFactory(participant=participant, kind="agenda_topic")
    page = coordinator_client.get(reverse("findings:suggestions", kwargs=world.group.url_kwargs())).content.decode()
    assert f'value="{next_meeting.pk}"' in page
    for meeting in (past_meeting, held_today, other):
        assert f'value="{meeting.pk}"' not in page


def test_triage_without_meetings_asks_to_schedule_one(coordinator_client, world, participant):
    SuggestionFactory(participant=participant, kind="agenda_topic")
    page = coordinator_client.get(reverse("findings:suggestions", kwargs=world.group.url_kwargs())).content.decode()
    assert "-meeting" not in page
    assert "Planen Sie zuerst ein Treffen" in page


def test_other_groups_meeting_cannot_be_chosen(coordinator_client, world, participant):
    from tests.meetings.factories import MeetingFactory

    foreign = MeetingFactory(working_group=world.other_group)
    suggestion = SuggestionFactory(participant=participant, kind="agenda_topic")
    accept = reverse("findings:suggestion-accept", kwargs={**world.group.url_kwargs(), "pk": suggestion.pk})
    coordinator_client.post(accept, {f"s{suggestion.pk}-meeting": foreign.pk})
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"
    assert not foreign.agenda_items.exists()


def test_participant_of_other_group_sees_only_own_suggestions(client, world, participant):
    SuggestionFactory(participant=participant, title="Geheimer Vorschlag")
    other = ParticipantFactory(working_group=world.other_group)
    page = client.get(suggest_url(client, other)).content.decode()
    assert "Geheimer Vorschlag" not in page


def test_observer_sees_suggestions_without_decision_buttons(observer_client, world, participant):
    suggestion = SuggestionFactory(participant=participant, title="Beobachteter Vorschlag")
    page = observer_client.get(reverse("findings:suggestions", kwargs=world.group.url_kwargs())).content.decode()
    assert "Beobachteter Vorschlag" in page
    assert "Ablehnen" not in page and "übernehmen" not in page
    accept = reverse("findings:suggestion-accept", kwargs={**world.group.url_kwargs(), "pk": suggestion.pk})
    assert observer_client.post(accept).status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.status == "pending"


def test_overlong_description_is_refused(client, participant):
    response = client.post(
        suggest_url(client, participant), {"kind": "gap", "title": "Lang", "description": "x" * 5001}
    )
    assert response.status_code == 200
    assert "höchstens 5000 Zeichen" in response.content.decode()
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize("page", ["findings:list", "findings:suggestions", "findings:impact", "findings:areas"])
def test_waiting_badge_on_every_findings_tab(coordinator_client, world, participant, page):
    SuggestionFactory.create_batch(3, participant=participant)
    SuggestionFactory(participant=participant, status="declined", decline_note="Nein")
    SuggestionFactory(participant=ParticipantFactory(working_group=world.other_group))
    content = coordinator_client.get(reverse(page, kwargs=world.group.url_kwargs())).content.decode()
    assert '<span class="badge text-bg-warning">3<span class="visually-hidden"> warten</span>' in content
