"""Links and details a new user tripped over: the favicon, language names and Dari, the link to record a gap for a
meeting, the package's licence."""

import tomllib
from pathlib import Path

from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from arbeitskreis import languages
from findings.forms import SuggestionForm
from tests.findings.factories import FindingFactory
from tests.meetings.factories import MeetingFactory

ROOT = Path(__file__).resolve().parents[2]


def test_favicon_is_shipped_and_linked(client, world):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.ico")
    assert finders.find("favicon.ico") and finders.find("apple-touch-icon.png")
    page = client.get(reverse("login")).content.decode()
    assert '<link rel="icon" href="/static/favicon.ico"' in page


def test_dari_and_amharic_are_languages_as_in_integreat(world):
    assert languages.name("prs") == "Dari" and languages.name("am") == "Amharisch"
    assert languages.pack(["prs", "fa"]) == ",fa,prs,"
    form = SuggestionForm(
        data={"kind": "gap", "title": "Kita-Anmeldung", "language": "prs", "content_area": ""}, group=world.group
    )
    assert form.is_valid(), form.errors


def test_register_shows_language_names(coordinator_client, world):
    FindingFactory(working_group=world.group, languages=",uk,ru,")
    page = coordinator_client.get(reverse("findings:list", kwargs=world.group.url_kwargs())).content.decode()
    assert "Ukrainisch, Russisch" in page and "<abbr" not in page


def test_meeting_page_links_to_record_a_gap_for_it(coordinator_client, world):
    meeting = MeetingFactory(working_group=world.group)
    create = reverse("findings:create", kwargs=world.group.url_kwargs())
    page = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert f'href="{create}?meeting={meeting.pk}">Inhaltslücke zu diesem Treffen erfassen</a>' in page
    form = coordinator_client.get(f"{create}?meeting={meeting.pk}").context["form"]
    assert str(form.initial["raised_in_meeting"]) == str(meeting.pk)
    observer = Client()
    observer.force_login(world.observer)
    assert "Inhaltslücke zu diesem Treffen erfassen" not in observer.get(meeting.get_absolute_url()).content.decode()


def test_the_licence_is_an_spdx_expression():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "AGPL-3.0-or-later"
    assert any(requirement.startswith("setuptools>=77") for requirement in project["build-system"]["requires"])
