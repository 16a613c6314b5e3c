"""The participant's personal page behind the secret link: their data, JSON download, deletion request."""

import datetime
import json

import pytest
from django.core import mail
from django.urls import reverse

from members.models import ConsentMethod, Participant
from tests.findings.factories import FindingFactory, SuggestionFactory
from tests.mail import text as mail_text
from tests.members.factories import OrganizationFactory, ParticipantFactory
from tests.personal import open_personal_link, personal_link


@pytest.fixture
def olena(world):
    return ParticipantFactory(
        working_group=world.group,
        given_name="Olena",
        family_name="Kovalenko",
        email="olena@example.net",
        phone="0151 2345678",
        organization=OrganizationFactory(working_group=world.group, name="Ukrainischer Verein"),
        languages=",uk,ru,de,",
        consent_given_at=datetime.date(2025, 2, 1),
        consent_method=ConsentMethod.EMAIL,
        notes="Übersetzt gern.",
    )


def test_token_has_at_least_128_random_bits(world):
    tokens = {ParticipantFactory(working_group=world.group).token for _ in range(20)}
    assert len(tokens) == 20
    assert all(len(token) >= 43 for token in tokens)  # 32 bytes base64url = 256 bits


@pytest.fixture
def olena_client(client, olena):
    """A browser that followed Olena's personal link."""
    open_personal_link(client, olena)
    return client


def test_page_shows_all_stored_data_without_login(client, olena):
    response = client.get(personal_link(olena), follow=True)
    assert response.redirect_chain == [("/p/", 302)]
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    page = response.content.decode()
    for text in [
        "Guten Tag, Olena Kovalenko",
        "olena@example.net",
        "0151 2345678",
        "Ukrainischer Verein",
        "Ukrainisch, Russisch, Deutsch",
        "erteilt am 01.02.2025 (per E-Mail)",
        "Übersetzt gern.",
        "Sie wurden noch zu keinem Treffen eingeladen.",
        "Löschung beantragen",
    ]:
        assert text in page


@pytest.mark.parametrize("address", ["/p/" + "x" * 43 + "/", "/p/kurz/", "/p/1/", "/p/"])
def test_wrong_token_is_not_found(client, olena, address):
    response = client.get(address)
    assert response.status_code == 404
    assert "ak_participant" not in response.cookies


def test_json_download(olena_client, olena):
    response = olena_client.get(reverse("personal:data-json"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["family_name"] == "Kovalenko"
    assert data["languages"] == ["uk", "ru", "de"]
    assert data["consent_given_on"] == "2025-02-01" and data["consent_method"] == "email"
    assert data["organization"] == "Ukrainischer Verein"
    assert data["working_group"] == "Arbeitskreis Karlsruhe"
    assert data["notes"] == "Übersetzt gern."


def test_deletion_request_is_recorded_and_the_organiser_told(
    olena_client, olena, world, django_capture_on_commit_callbacks
):
    client = olena_client
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("personal:deletion-request"), follow=True)
    page = response.content.decode()
    assert "Ihr Antrag wurde an die Koordination des Arbeitskreises geschickt." in page
    assert "die Löschung Ihrer Daten beantragt" in page
    olena.refresh_from_db()
    assert olena.deletion_requested_at is not None
    assert olena.family_name == "Kovalenko"  # the coordinator erases, not the link
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.group.organizer_email]
    assert message.subject == "Löschantrag im Arbeitskreis Karlsruhe"
    assert f"/members/{olena.pk}/" in mail_text(message)
    # A second request changes nothing and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("personal:deletion-request"), follow=True)
    assert "Ihr Antrag ist bereits eingegangen." in response.content.decode()
    assert len(mail.outbox) == 1


def test_coordinator_sees_the_request(coordinator_client, olena, world):
    Participant.objects.filter(pk=olena.pk).update(
        deletion_requested_at=datetime.datetime(2025, 5, 2, 10, tzinfo=datetime.UTC)
    )
    page = coordinator_client.get(olena.get_absolute_url()).content.decode()
    assert "Diese Person hat am 02.05.2025 die Löschung ihrer Daten beantragt." in page


def test_deletion_request_refuses_get(olena_client, olena):
    assert olena_client.get(reverse("personal:deletion-request")).status_code == 405
    olena.refresh_from_db()
    assert olena.deletion_requested_at is None


def test_left_participant_still_sees_their_data(olena_client, olena):
    Participant.objects.filter(pk=olena.pk).update(left_on=datetime.date(2025, 1, 1))
    page = olena_client.get(reverse("personal:page")).content.decode()
    assert "Ausgeschieden am" in page


def test_page_links_to_the_suggestion_form(olena_client, olena):
    page = olena_client.get(reverse("personal:page")).content.decode()
    assert f'href="{reverse("personal:suggest")}"' in page and "Vorschlag machen" in page


def test_page_and_json_include_records_of_other_apps(olena_client, olena):
    client = olena_client
    FindingFactory(working_group=olena.working_group, title="Mietrecht auf Ukrainisch fehlt", raised_by=olena)
    # A relation of which the participant has only one (suggestions): its label is a lazy translation.
    SuggestionFactory(participant=olena, title="Sprachcafé in Bruchsal")
    page = client.get(reverse("personal:page")).content.decode()
    assert "Weitere Einträge, in denen Sie genannt sind" in page
    assert "Mietrecht auf Ukrainisch fehlt" in page
    data = json.loads(client.get(reverse("personal:data-json")).content)
    assert ["Mietrecht auf Ukrainisch fehlt"] in data["related_records"].values()
    assert any("Sprachcafé in Bruchsal" in text for texts in data["related_records"].values() for text in texts)


def test_page_speaks_the_preferred_language_unless_the_visitor_switched(olena_client, olena):
    client = olena_client
    Participant.objects.filter(pk=olena.pk).update(preferred_language="en")
    page_url = reverse("personal:page")
    response = client.get(page_url)
    page = response.content.decode()
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in page and "Hello Olena Kovalenko" in page and "Ask for deletion" in page
    client.cookies["django_language"] = "de"
    page = client.get(page_url).content.decode()
    assert '<html lang="de">' in page and "Guten Tag, Olena Kovalenko" in page


def test_links_for_people_use_the_public_address(
    client, coordinator_client, olena, settings, django_capture_on_commit_callbacks
):
    """The personal link shown to the coordinator and the link in the deletion email use BASE_URL, not the host the
    request came in on (behind a reverse proxy that may be an internal name)."""
    settings.BASE_URL = "https://ak.example.org"
    settings.ALLOWED_HOSTS = ["internal", "testserver"]
    page = coordinator_client.get(olena.get_absolute_url(), HTTP_HOST="internal:8000").content.decode()
    assert f"https://ak.example.org/p/{olena.token}/" in page
    assert "internal:8000" not in page
    coordinator_client.logout()
    open_personal_link(client, olena)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("personal:deletion-request"), HTTP_HOST="internal:8000")
    assert f"https://ak.example.org{olena.get_absolute_url()}" in mail_text(mail.outbox[-1])
