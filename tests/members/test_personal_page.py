"""The participant's personal page behind the secret link: their data, JSON download, deletion request."""

import datetime
import json

import pytest
from django.core import mail
from django.urls import reverse

from members.models import ConsentMethod, Participant
from tests.members.factories import OrganizationFactory, ParticipantFactory


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


def test_page_shows_all_stored_data_without_login(client, olena):
    response = client.get(reverse("personal:page", kwargs={"token": olena.token}))
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
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


@pytest.mark.parametrize("token", ["x" * 43, "kurz", "1"])
def test_wrong_token_is_not_found(client, olena, token):
    assert client.get(reverse("personal:page", kwargs={"token": token})).status_code == 404


def test_json_download(client, olena):
    response = client.get(reverse("personal:data-json", kwargs={"token": olena.token}))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["family_name"] == "Kovalenko"
    assert data["languages"] == ["uk", "ru", "de"]
    assert data["consent_given_on"] == "2025-02-01" and data["consent_method"] == "email"
    assert data["organization"] == "Ukrainischer Verein"
    assert data["working_group"] == "Arbeitskreis Karlsruhe"
    assert data["notes"] == "Übersetzt gern."


def test_deletion_request_is_recorded_and_the_organiser_told(client, olena, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("personal:deletion-request", kwargs={"token": olena.token}), follow=True)
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
    assert f"/members/{olena.pk}/" in message.body
    # A second request changes nothing and sends nothing.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("personal:deletion-request", kwargs={"token": olena.token}), follow=True)
    assert "Ihr Antrag ist bereits eingegangen." in response.content.decode()
    assert len(mail.outbox) == 1


def test_coordinator_sees_the_request(coordinator_client, olena, world):
    Participant.objects.filter(pk=olena.pk).update(
        deletion_requested_at=datetime.datetime(2025, 5, 2, 10, tzinfo=datetime.UTC)
    )
    page = coordinator_client.get(olena.get_absolute_url()).content.decode()
    assert "Diese Person hat am 02.05.2025 die Löschung ihrer Daten beantragt." in page


def test_deletion_request_refuses_get(client, olena):
    assert client.get(reverse("personal:deletion-request", kwargs={"token": olena.token})).status_code == 405
    olena.refresh_from_db()
    assert olena.deletion_requested_at is None


def test_left_participant_still_sees_their_data(client, olena):
    Participant.objects.filter(pk=olena.pk).update(left_on=datetime.date(2025, 1, 1))
    page = client.get(reverse("personal:page", kwargs={"token": olena.token})).content.decode()
    assert "Ausgeschieden am" in page


def test_page_links_to_the_suggestion_form_when_the_findings_app_offers_it(client, olena):
    from django.urls import NoReverseMatch

    try:
        suggest_url = reverse("suggest:create", kwargs={"token": olena.token})
    except NoReverseMatch:
        pytest.skip("no suggestion form yet")
    page = client.get(reverse("personal:page", kwargs={"token": olena.token})).content.decode()
    assert f'href="{suggest_url}"' in page and "Vorschlag machen" in page


def test_page_and_json_include_records_of_other_apps(client, olena):
    from tests.findings.factories import FindingFactory, SuggestionFactory

    FindingFactory(working_group=olena.working_group, title="Mietrecht auf Ukrainisch fehlt", raised_by=olena)
    # A relation of which the participant has only one (suggestions): its label is a lazy translation.
    SuggestionFactory(participant=olena, title="Sprachcafé in Bruchsal")
    page = client.get(reverse("personal:page", kwargs={"token": olena.token})).content.decode()
    assert "Weitere Einträge, in denen Sie genannt sind" in page
    assert "Mietrecht auf Ukrainisch fehlt" in page
    data = json.loads(client.get(reverse("personal:data-json", kwargs={"token": olena.token})).content)
    assert ["Mietrecht auf Ukrainisch fehlt"] in data["related_records"].values()
    assert any("Sprachcafé in Bruchsal" in text for texts in data["related_records"].values() for text in texts)


def test_page_speaks_the_preferred_language_unless_the_visitor_switched(client, olena):
    Participant.objects.filter(pk=olena.pk).update(preferred_language="en")
    page_url = reverse("personal:page", kwargs={"token": olena.token})
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
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("personal:deletion-request", kwargs={"token": olena.token}), HTTP_HOST="internal:8000")
    assert f"https://ak.example.org{olena.get_absolute_url()}" in mail.outbox[-1].body
