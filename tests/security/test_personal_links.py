"""The participant side's one door (arbeitskreis.access.personal_link_view): every page behind the personal link,
its language and headers, the exchange of the link for a session, and where the token must never appear."""

import logging
import types

import pytest
from django.core import signing
from django.urls import reverse

from arbeitskreis.access import PARTICIPANT_COOKIE, PARTICIPANT_COOKIE_SALT
from arbeitskreis.log import GunicornLogger, MaskTokens, mask_tokens
from members import services
from members.models import Participant
from tests.matrix import load_entries
from tests.members.factories import ParticipantFactory
from tests.personal import open_personal_link, personal_link

# Every page behind the personal link, from the permission matrix (a new page joins the matrix, and thereby here).
ENTRIES = load_entries()
PAGES = sorted(name for name, case in ENTRIES.items() if case.participant)
READABLE = [name for name in PAGES if ENTRIES[name].get["anonymous"] == 200]


def _address(world, name):
    return reverse(name, kwargs=ENTRIES[name].kwargs(world, world.group, world.group))


def test_the_matrix_knows_the_participant_pages():
    assert {"personal:page", "personal:data-json", "personal:deletion-request", "personal:suggest"} <= set(PAGES)


@pytest.fixture
def ana(world):
    return ParticipantFactory(working_group=world.group, given_name="Ana", family_name="Popescu")


@pytest.mark.parametrize("name", READABLE)
@pytest.mark.parametrize(("language", "html_lang"), [("de", "de"), ("en", "en")])
def test_each_page_speaks_the_participants_language_and_sends_private_headers(
    client, world, ana, name, language, html_lang
):
    Participant.objects.filter(pk=ana.pk).update(preferred_language=language)
    open_personal_link(client, ana)
    response = client.get(_address(world, name))
    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "Cookie" in response["Vary"]
    # The address carries no token, so the project's same-origin policy leaks nothing (and forms keep their Origin).
    assert response["Referrer-Policy"] == "same-origin"
    if response["Content-Type"].startswith("text/html"):
        page = response.content.decode()
        assert f'<html lang="{html_lang}">' in page
        assert ana.token not in page


@pytest.mark.parametrize("name", PAGES)
def test_each_page_without_a_session_shows_the_invalid_link_page(client, world, name):
    address = _address(world, name)
    response = client.get(address) if name != "personal:deletion-request" else client.post(address)
    assert response.status_code == 404
    page = response.content.decode()
    assert "Link nicht mehr gültig" in page
    assert world.group.name not in page and "Anmelden" not in page


def test_the_link_is_exchanged_for_a_session_cookie_and_redirects_without_the_token(client, ana, settings):
    settings.SESSION_COOKIE_SECURE = True
    response = client.get(personal_link(ana, "suggest/") + "?kind=gap")
    assert response.status_code == 302
    assert response["Location"] == "/p/suggest/?kind=gap"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-store" in response["Cache-Control"]
    cookie = response.cookies[PARTICIPANT_COOKIE]
    assert cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "Lax" and cookie["path"] == "/p/"
    assert ana.token not in cookie.value
    # The link keeps working as often as it is used.
    assert client.get(personal_link(ana)).status_code == 302
    assert client.get(personal_link(ana)).status_code == 302


def test_a_get_of_the_link_records_nothing(client, ana):
    """Mail scanners fetch every link: following it only opens the session."""
    before = Participant.objects.filter(pk=ana.pk).values().get()
    client.get(personal_link(ana), follow=True)
    after = Participant.objects.filter(pk=ana.pk).values().get()
    assert before == after


@pytest.mark.parametrize(
    "end", [services.rotate_token, services.revoke_token, services.erase_participant], ids=lambda f: f.__name__
)
def test_renewing_switching_off_or_erasing_the_link_ends_the_session(client, ana, end):
    old_link = personal_link(ana)
    open_personal_link(client, ana)
    assert client.get(reverse("personal:page")).status_code == 200
    end(participant=Participant.objects.get(pk=ana.pk))
    response = client.get(reverse("personal:page"))
    assert response.status_code == 404 and "Link nicht mehr gültig" in response.content.decode()
    assert client.get(old_link).status_code == 404


def test_a_forged_or_tampered_session_is_refused(client, ana, world):
    other = ParticipantFactory(working_group=world.group)
    open_personal_link(client, ana)
    value = client.cookies[PARTICIPANT_COOKIE].value
    # Another participant's id with Ana's fingerprint, signed correctly: the fingerprint does not match.
    forged = signing.get_cookie_signer(salt=PARTICIPANT_COOKIE + PARTICIPANT_COOKIE_SALT).sign(
        f"{other.pk}:{value.split(':')[1]}"
    )
    client.cookies[PARTICIPANT_COOKIE] = forged
    assert client.get(reverse("personal:page")).status_code == 404
    client.cookies[PARTICIPANT_COOKIE] = value[:-2] + ("AA" if not value.endswith("AA") else "BB")
    assert client.get(reverse("personal:page")).status_code == 404


def test_one_persons_session_shows_only_their_page(client, ana, world):
    other = ParticipantFactory(working_group=world.other_group, given_name="Olena", family_name="Kovalenko")
    open_personal_link(client, ana)
    open_personal_link(client, other)
    page = client.get(reverse("personal:page")).content.decode()
    assert "Olena Kovalenko" in page and "Ana Popescu" not in page


def test_tokens_are_masked_in_the_projects_log_lines(db, client, caplog, settings):
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["mask_tokens"]
    assert settings.LOGGING["loggers"]["django.server"]["handlers"] == ["console"]
    token = "A" * 43
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get(f"/p/{token}/")  # a wrong link: Django logs "Not Found: <path>"
    messages = []
    for record in caplog.records:
        MaskTokens().filter(record)
        messages.append(record.getMessage())
    assert any("/p/…" in message for message in messages)
    assert not any(token in message for message in messages)


def test_tokens_are_masked_in_gunicorns_access_log():
    token = "b" * 43
    logger = GunicornLogger.__new__(GunicornLogger)
    response = types.SimpleNamespace(status="302 Found", sent=0, headers=[("Location", "/p/")])
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/p/{token}/suggest/",
        "PATH_INFO": f"/p/{token}/suggest/",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": f"https://ak.example.org/p/{token}/",
        "QUERY_STRING": "",
    }
    request = types.SimpleNamespace(headers=[("REFERER", f"https://ak.example.org/p/{token}/")])
    atoms = logger.atoms(response, request, environ, types.SimpleNamespace(seconds=0, microseconds=1500))
    assert atoms["r"] == "GET /p/…/suggest/ HTTP/1.1"
    assert not any(token in value for value in atoms.values() if isinstance(value, str))
    assert mask_tokens(f"/p/{token}") == "/p/…"
