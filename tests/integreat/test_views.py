"""The pages of the Integreat content: the tree and its filters, coverage, content areas, upload and the fetch button
— what the coordinator sees and what is stored afterwards."""

import json
import re

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from findings.models import ContentArea
from integreat.models import AreaMapping, AttemptStatus, Page, Region
from tests.integreat.api import demo_answers, generated_answers
from tests.integreat.conftest import NOW, SLUG, TODAY, load
from tests.snapshot import database_rows


@pytest.fixture(autouse=True)
def fixed_time():
    with time_machine.travel(NOW, tick=False):
        yield


def url(world, name, **kwargs):
    return reverse(f"integreat:{name}", kwargs={**world.group.url_kwargs(), **kwargs})


def titles(response):
    return [row.title for row in response.context["tree"].rows]


def message_texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def post_and_read(client, address):
    """POST a button, follow its redirect, and return the messages the page shows."""
    response = client.post(address, follow=True)
    assert response.redirect_chain and response.status_code == 200
    return [str(message) for message in response.context["messages"]]


def test_without_a_region_the_page_says_who_enters_it(coordinator_client, world):
    page = coordinator_client.get(url(world, "tree")).content.decode()
    assert "Für diese Kommune ist keine Integreat-Region eingetragen." in page
    assert "Seiten von Integreat laden" not in page


def test_before_the_first_snapshot_the_coordinator_can_load_it(coordinator_client, world, municipality):
    page = coordinator_client.get(url(world, "tree")).content.decode()
    assert "Die Seitenstruktur wurde noch nicht geladen." in page
    assert "Seiten von Integreat laden" in page


def test_the_tree_shows_every_page_in_order_with_its_translations(coordinator_client, world, snapshot):
    response = coordinator_client.get(url(world, "tree"))
    assert titles(response) == list(Page.objects.order_by("position").values_list("title", flat=True))
    page = response.content.decode()
    assert "44 von 44 Seiten" in page
    assert "Region „Landkreis Karlsruhe“ (landkreis-karlsruhe): 44 Seiten in 7 Sprachen" in page
    first = response.context["tree"].rows[0]
    stored = Page.objects.get(key=first.key)
    assert first.missing == [code for code in ["en", "ar", "fa", "uk", "ro", "tr"] if code not in stored.languages]
    assert first.stale == stored.stale_codes
    assert first.area == "Ankommen"  # suggested from the title "Willkommen"


def test_the_area_filter(coordinator_client, world, snapshot):
    wohnen = ContentArea.objects.get(working_group=None, name="Wohnen")
    response = coordinator_client.get(url(world, "tree"), {"area": wohnen.pk})
    assert titles(response) == [
        "Wohnen",
        "Wohnungssuche",
        "Wohnberechtigungsschein",
        "Mietvertrag",
        "Nebenkosten",
        "Kaution",
    ]


def test_the_untranslated_filter_in_one_language(coordinator_client, world, snapshot):
    response = coordinator_client.get(url(world, "tree"), {"language": "ro", "untranslated": "on"})
    expected = [
        page.title
        for page in Page.objects.order_by("position")
        if "ro" not in page.language_codes or "ro" in page.stale_codes
    ]
    assert titles(response) == expected and 0 < len(expected) < 44


def test_the_untranslated_filter_in_any_language(coordinator_client, world, snapshot):
    response = coordinator_client.get(url(world, "tree"), {"untranslated": "on"})
    complete = [p.title for p in Page.objects.all() if len(p.language_codes) == 7 and not p.stale_codes]
    assert len(titles(response)) == 44 - len(complete)


def test_the_outdated_filter_counts_months(coordinator_client, world, snapshot):
    year = titles(coordinator_client.get(url(world, "tree"), {"outdated": "on"}))
    two_years = titles(coordinator_client.get(url(world, "tree"), {"outdated": "on", "months": "24"}))
    cutoff = NOW.replace(year=2025)
    assert year == [p.title for p in Page.objects.order_by("position") if p.last_updated < cutoff]
    assert set(two_years) < set(year) and two_years


def test_an_unknown_filter_value_is_ignored(coordinator_client, world, snapshot):
    response = coordinator_client.get(url(world, "tree"), {"area": "999999", "language": "xx", "months": "abc"})
    assert response.status_code == 200
    assert len(titles(response)) == 44


def test_coverage_per_language_and_area(coordinator_client, world, snapshot):
    response = coordinator_client.get(url(world, "coverage"))
    coverage = response.context["coverage"]
    pages = list(Page.objects.all())
    arabic = next(row for row in coverage["by_language"] if row["code"] == "ar")
    translated = sum(1 for page in pages if "ar" in page.language_codes)
    assert arabic == {
        "code": "ar",
        "label": "Arabisch (ar)",
        "translated": translated,
        "stale": sum(1 for page in pages if "ar" in page.stale_codes),
        "percent": round(100 * translated / 44),
    }
    assert coverage["total"]["pages"] == 44
    assert coverage["total"]["outdated"] == sum(1 for page in pages if page.last_updated < NOW.replace(year=2025))
    assert [row["label"] for row in coverage["areas"]][:3] == ["Ankommen", "Arbeit", "Bildung"]
    assert sum(row["pages"] for row in coverage["areas"]) == 44
    page = response.content.decode()
    assert "Übersetzte Seiten je Sprache, in Prozent" in page and 'role="img"' in page


def test_the_wirkung_page_shows_the_coverage_chart(coordinator_client, world, snapshot):
    page = coordinator_client.get(reverse("findings:impact", kwargs=world.group.url_kwargs())).content.decode()
    assert "Integreat-Seiten: Übersetzungen" in page
    assert "44 Seiten (Stand" in page and "Arabisch (ar)" in page


def test_without_a_snapshot_the_wirkung_page_has_no_coverage(coordinator_client, world):
    page = coordinator_client.get(reverse("findings:impact", kwargs=world.group.url_kwargs())).content.decode()
    assert "Integreat-Seiten: Übersetzungen" not in page


def test_areas_are_suggested_and_saved(coordinator_client, world, snapshot):
    response = coordinator_client.get(url(world, "areas"))
    page = response.content.decode()
    assert "Die Themenbereiche von 10 Seiten sind Vorschläge aus ihren Titeln" in page
    rows = response.context["form"].rows()
    assert [(a.title, a.area.name) for a, _field in rows][:3] == [
        ("Willkommen", "Ankommen"),
        ("Arbeit und Beruf", "Arbeit"),
        ("Wohnen", "Wohnen"),
    ]
    beratung = ContentArea.objects.get(working_group=None, name="Beratung")
    data = {field.html_name: field.value() for _a, field in rows}
    data[rows[0][1].html_name] = beratung.pk  # "Willkommen" → Beratung
    data[rows[-1][1].html_name] = ""  # "Notfall" → no area
    response = coordinator_client.post(url(world, "areas"), data)
    assert response.status_code == 302
    assert AreaMapping.objects.count() == 10
    assert AreaMapping.objects.get(page_key=rows[0][0].page_key).content_area == beratung
    assert AreaMapping.objects.get(page_key=rows[-1][0].page_key).content_area is None
    tree = coordinator_client.get(url(world, "tree")).context["tree"]
    assert tree.rows[0].area == "Beratung"
    assert "Die Themenbereiche von" not in coordinator_client.get(url(world, "areas")).content.decode()


def test_observers_see_the_areas_without_a_form(observer_client, world, snapshot):
    page = observer_client.get(url(world, "areas")).content.decode()
    assert 'name="top_0"' not in page and "Themenbereiche speichern" not in page
    assert "Ankommen" in page


def _files(answers, skip=()):
    regions, pages = answers
    upload = [SimpleUploadedFile(f"pages-{code}.json", json.dumps(data).encode()) for code, data in pages.items()]
    return {
        "regions": SimpleUploadedFile("regions.json", json.dumps(regions).encode()),
        "pages": [file for file in upload if not any(file.name.endswith(f"-{code}.json") for code in skip)],
    }


def test_uploaded_files_replace_the_snapshot(coordinator_client, world, municipality):
    response = coordinator_client.post(url(world, "upload"), _files(demo_answers(SLUG, today=TODAY)))
    assert response.status_code == 302
    region = Region.objects.get()
    assert (region.page_count, region.taken_from, region.taken_by) == (44, "upload", world.coordinator)
    assert "Die Seitenstruktur wurde übernommen: 44 Seiten in 7 Sprachen." in message_texts(response)


def test_a_missing_language_file_changes_nothing(coordinator_client, world, municipality):
    load(municipality, generated_answers(SLUG, pages=20, languages=("de", "en")))
    before = list(Page.objects.values_list("key", flat=True))
    response = coordinator_client.post(url(world, "upload"), _files(demo_answers(SLUG, today=TODAY), skip=["tr"]))
    assert response.status_code == 200
    assert response.context["form"].errors["pages"] == [
        "Die Datei mit den Seiten auf Türkisch (tr) fehlt. Es wurde nichts geändert."
    ]
    assert list(Page.objects.values_list("key", flat=True)) == before
    region = Region.objects.get()
    assert (region.attempt_status, region.attempt_problem, region.page_count) == (
        AttemptStatus.FAILED,
        "file_missing",
        20,
    )
    page = coordinator_client.get(url(world, "tree")).content.decode()
    assert "Die Datei mit den Seiten auf Türkisch (tr) fehlt." in page
    assert "Die bisherige Seitenstruktur bleibt gültig." in page


def test_a_file_that_is_not_json_is_refused_next_to_its_field(coordinator_client, world, municipality):
    files = _files(demo_answers(SLUG, today=TODAY))
    files["regions"] = SimpleUploadedFile("regions.json", b"<html>Fehler</html>")
    before = database_rows()
    response = coordinator_client.post(url(world, "upload"), files)
    (error,) = response.context["form"].errors["regions"]
    assert error == (
        "Die Datei „regions.json“ ist kein gültiges JSON. "
        "Bitte speichern Sie die Antwort der Schnittstelle unverändert."
    )
    assert database_rows() == before


def test_a_pages_file_of_another_region(coordinator_client, world, municipality):
    regions, _pages = demo_answers(SLUG, today=TODAY)
    _regions, other = demo_answers("bielefeld", today=TODAY)
    files = _files((regions, other))
    response = coordinator_client.post(url(world, "upload"), files)
    (error,) = response.context["form"].errors["pages"]
    assert re.fullmatch(
        r"Die Sprache der Datei „pages-\w\w\.json“ lässt sich nicht erkennen\. Es wurde nichts geändert\.", error
    )
    assert not Page.objects.exists()


# The button's task runs after the commit (the immediate backend in the tests): real transactions, so that the
# redirect already knows the outcome, as in a request.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("data_migration_rows", "snapshot")
def test_the_fetch_button_loads_and_is_throttled(coordinator_client, world, integreat_api):
    integreat_api.serve(SLUG, *generated_answers(SLUG, pages=30, languages=("de", "en", "ar")))
    assert post_and_read(coordinator_client, url(world, "fetch")) == [
        "Die Seitenstruktur wurde von Integreat geladen: 30 Seiten in 3 Sprachen."
    ]
    assert Page.objects.count() == 30
    # A second click within INTEGREAT_FETCH_INTERVAL_MINUTES (10) is refused and says from when it works.
    requests = len(integreat_api.requests)
    assert post_and_read(coordinator_client, url(world, "fetch")) == [
        "Die Seiten wurden vor wenigen Minuten von Integreat geladen. Sie können sie ab 11:10 Uhr erneut laden."
    ]
    assert len(integreat_api.requests) == requests
    with time_machine.travel(NOW.replace(minute=11), tick=False):
        assert coordinator_client.post(url(world, "fetch")).status_code == 302
    assert len(integreat_api.requests) > requests


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("data_migration_rows", "snapshot")
def test_a_failed_fetch_says_why(coordinator_client, world, integreat_api):
    (text,) = post_and_read(coordinator_client, url(world, "fetch"))
    assert re.match(
        r"Die Seiten konnten nicht geladen werden\. Der Integreat-Server hat für die Liste der Regionen", text
    )
    assert text.endswith("Die bisherige Seitenstruktur bleibt gültig.")
    assert Page.objects.count() == 44


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("data_migration_rows", "snapshot")
def test_the_throttle_is_per_municipality(client, world, integreat_api):
    """Another municipality's fetch does not wait for this one's."""
    other = world.other_group.municipality
    other.integreat_region_slug = "bielefeld"
    other.save()
    karlsruhe, karlsruhe_pages = demo_answers(SLUG, today=TODAY)
    bielefeld, bielefeld_pages = demo_answers("bielefeld", today=TODAY)
    integreat_api.serve(SLUG, karlsruhe + bielefeld, karlsruhe_pages)
    integreat_api.serve("bielefeld", karlsruhe + bielefeld, bielefeld_pages)
    client.force_login(world.coordinator)
    assert "44 Seiten in 7 Sprachen" in post_and_read(client, url(world, "fetch"))[0]
    client.force_login(world.outsider)
    other = reverse("integreat:fetch", kwargs=world.other_group.url_kwargs())
    assert post_and_read(client, other) == ["Die Seitenstruktur wurde von Integreat geladen: 44 Seiten in 6 Sprachen."]


def test_an_uploaded_file_name_is_shown_escaped(coordinator_client, world, municipality):
    regions, _pages = demo_answers(SLUG, today=TODAY)
    name = "<img src=x onerror=alert(1)>.json"
    files = {
        "regions": SimpleUploadedFile("regions.json", json.dumps(regions).encode()),
        "pages": [SimpleUploadedFile(name, b"[]")],
    }
    response = coordinator_client.post(url(world, "upload"), files)
    assert "<img src=x" not in response.content.decode()
    assert "Die Sprache der Datei „&lt;img src=x onerror=alert(1)&gt;.json“" in response.content.decode()
    page = coordinator_client.get(url(world, "tree")).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;.json" in page


def test_nul_characters_from_the_api_are_not_stored(coordinator_client, world, municipality):
    regions, pages = demo_answers(SLUG, today=TODAY)
    regions[0]["name"] = "Landkreis\x00 Karlsruhe"
    pages["de"][0]["title"] = "Will\x00kommen"
    pages["de"][1]["url"] = "https://integreat.app/\x00"
    load(municipality, (regions, pages))
    assert Region.objects.get().name == "Landkreis Karlsruhe"
    first, second = Page.objects.order_by("position")[:2]
    assert (first.title, second.url) == ("Willkommen", "")
