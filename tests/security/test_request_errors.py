"""Requests the app refuses while reading them get a German page in the layout, never a 500: a form without a valid
CSRF token (403), too many fields (400), a body over the limits (413)."""

import pytest
from django.test import Client
from django.urls import reverse


@pytest.fixture
def settings_url(world):
    return reverse("groups:settings", kwargs=world.group.url_kwargs())


def _in_layout(response):
    html = response.content.decode()
    assert '<nav class="navbar' in html and "</footer>" in html  # base.html: the page in the app's layout
    assert 'lang="de"' in html
    return html


def test_a_form_without_csrf_token_gets_the_explanation_and_a_way_back(world, settings_url):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.coordinator)
    name_before = world.group.name
    response = client.post(settings_url, {"name": "Übernommen"}, HTTP_REFERER="http://testserver" + settings_url)
    assert response.status_code == 403
    html = _in_layout(response)
    assert "Das Formular konnte nicht gesendet werden" in html
    assert "Laden Sie die Seite neu und senden Sie sie erneut." in html
    assert f'href="http://testserver{settings_url}">Zurück zum Formular</a>' in html
    assert "CSRF" not in html  # Django's English diagnosis stays in the log
    world.group.refresh_from_db()
    assert world.group.name == name_before


def test_the_csrf_page_links_no_other_site(world, settings_url):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.coordinator)
    response = client.post(settings_url, {}, HTTP_REFERER="https://evil.example.com/form")
    assert response.status_code == 403
    html = _in_layout(response)
    assert "evil.example.com" not in html and "Zurück zum Formular" not in html
    assert "Zur Übersicht" in html or "Zurück zur Übersicht" in html


def test_too_many_fields_get_a_german_page(client, world, settings_url, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 1_000
    client.force_login(world.coordinator)
    response = client.post(settings_url, {f"field{n}": "x" for n in range(1_001)})
    assert response.status_code == 400
    assert "mehr Felder" in _in_layout(response)


def test_a_form_larger_than_the_memory_limit_gets_the_413_page(client, world, settings_url, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client.force_login(world.coordinator)
    response = client.post(settings_url, {"name": "x" * 20_000})
    assert response.status_code == 413
    assert "Die gesendeten Daten sind zu groß" in _in_layout(response)


def test_an_upload_over_the_request_limit_is_refused_before_it_is_read(client, world, settings):
    settings.REQUEST_MAX_BYTES = 50_000
    client.force_login(world.coordinator)
    url = reverse("members:import-upload", kwargs=world.group.url_kwargs())
    response = client.post(url, data=b"x" * 60_000, content_type="text/csv")
    assert response.status_code == 413
    assert "Die gesendeten Daten sind zu groß" in _in_layout(response)


def test_the_configured_limits_take_the_largest_pages(settings):
    # Attendance and invitations of 300 participants: about 1,000 fields; the participant list upload.
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS >= 1_000 * 2
    assert settings.REQUEST_MAX_BYTES > settings.MEMBERS_IMPORT_MAX_BYTES
    assert settings.REQUEST_MAX_BYTES > settings.INTEGREAT_API_MAX_MB * 1024 * 1024


def test_an_attendance_sized_form_is_accepted(client, world, settings_url):
    client.force_login(world.coordinator)
    response = client.post(settings_url, {f"field{n}": "x" for n in range(1_200)})
    assert response.status_code != 400  # the form itself answers (invalid without its fields), no refusal
