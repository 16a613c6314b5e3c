"""Fetching from a local Integreat API (tests/integreat/api.py): the snapshot is complete, or the previous one stays
and the region says why — never half. No request leaves the machine."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from integreat import services
from integreat.models import AttemptStatus, Page, Region
from integreat.selectors import attempt_message
from tests.integreat.api import Answer, demo_answers, generated_answers, json_answer
from tests.integreat.conftest import SLUG, load

REGIONS = "/api/v3/regions/"


def pages_path(code):
    return f"/api/v3/{SLUG}/{code}/pages/"


def rows():
    return list(Page.objects.order_by("pk").values_list("key", "title", "languages", "stale_languages"))


@pytest.fixture
def previous(municipality):
    """A snapshot taken earlier from a smaller tree, so that a replacement shows."""
    load(municipality, generated_answers(SLUG, pages=20, languages=("de", "en")))
    return rows()


def test_a_full_fetch_stores_every_page_in_every_language(integreat_api, municipality, previous):
    regions, pages = demo_answers(SLUG)
    integreat_api.serve(SLUG, regions, pages)
    region = services.fetch_now(municipality=municipality)
    assert region.attempt_status == AttemptStatus.SUCCEEDED
    assert (region.page_count, region.name, region.taken_from) == (44, "Landkreis Karlsruhe", "api")
    assert [language["code"] for language in region.languages] == ["de", "en", "ar", "fa", "uk", "ro", "tr"]
    assert Page.objects.count() == 44
    assert integreat_api.paths() == [
        REGIONS,
        *(pages_path(code) for code in ["de", "en", "ar", "fa", "uk", "ro", "tr"]),
    ]


def test_the_requests_name_the_application_and_say_development(integreat_api, municipality, settings):
    integreat_api.serve(SLUG, *demo_answers(SLUG))
    services.fetch_now(municipality=municipality)
    headers = integreat_api.requests[0][1]
    assert headers["User-Agent"].startswith("Arbeitskreis/")
    assert settings.BASE_URL in headers["User-Agent"]
    assert headers["X-Integreat-Development"] == "true"
    assert headers["Accept"] == "application/json"


def test_in_production_the_development_header_is_not_sent(integreat_api, municipality, settings):
    settings.INTEGREAT_API_DEVELOPMENT = False
    integreat_api.serve(SLUG, *demo_answers(SLUG))
    services.fetch_now(municipality=municipality)
    assert all("X-Integreat-Development" not in headers for _path, headers in integreat_api.requests)


def _fails_and_keeps(integreat_api, municipality, previous, code):
    region = services.fetch_now(municipality=municipality)
    assert region.attempt_status == AttemptStatus.FAILED
    assert region.attempt_problem == code
    assert rows() == previous, "the previous snapshot must stay as it was"
    assert Region.objects.get().page_count == 20
    return attempt_message(region)


def test_a_timeout_keeps_the_previous_snapshot(integreat_api, municipality, previous, settings):
    settings.INTEGREAT_API_TIMEOUT = 0.3
    regions, pages = demo_answers(SLUG)
    integreat_api.serve(SLUG, regions, pages)
    integreat_api.answer(pages_path("ar"), json_answer(pages["ar"], delay=3))
    message = _fails_and_keeps(integreat_api, municipality, previous, "timeout")
    assert message == "Der Integreat-Server hat für die Seiten auf Arabisch (ar) nicht rechtzeitig geantwortet."
    assert integreat_api.paths().count(pages_path("ar")) == 3  # tried again twice


def test_a_500_is_tried_again_and_then_keeps_the_previous_snapshot(integreat_api, municipality, previous):
    regions, pages = demo_answers(SLUG)
    integreat_api.serve(SLUG, regions, pages)
    integreat_api.answer(pages_path("fa"), Answer(status=500, body=b"Internal Server Error"))
    message = _fails_and_keeps(integreat_api, municipality, previous, "http_status")
    assert "mit dem Fehler 500" in message and "Persisch (Farsi) (fa)" in message
    assert integreat_api.paths().count(pages_path("fa")) == 3
    assert pages_path("uk") not in integreat_api.paths(), "nothing is fetched after a part failed"


def test_a_500_that_passes_is_only_a_delay(integreat_api, municipality, previous):
    regions, pages = demo_answers(SLUG)
    integreat_api.serve(SLUG, regions, pages)
    integreat_api.answer(pages_path("en"), Answer(status=503, headers={"Retry-After": "0"}), json_answer(pages["en"]))
    region = services.fetch_now(municipality=municipality)
    assert region.attempt_status == AttemptStatus.SUCCEEDED and region.page_count == 44


def test_a_404_is_not_tried_again(integreat_api, municipality, previous):
    regions, pages = demo_answers(SLUG)
    integreat_api.serve(SLUG, regions, pages)
    integreat_api.answer(pages_path("tr"), Answer(status=404, body=b'{"error": "language not active"}'))
    _fails_and_keeps(integreat_api, municipality, previous, "http_status")
    assert integreat_api.paths().count(pages_path("tr")) == 1


def test_broken_json_keeps_the_previous_snapshot(integreat_api, municipality, previous):
    regions, pages = demo_answers(SLUG)
    integreat_api.serve(SLUG, regions, pages)
    body = json.dumps(pages["uk"]).encode()[:-500]  # cut off in the middle
    integreat_api.answer(pages_path("uk"), Answer(body=body))
    message = _fails_and_keeps(integreat_api, municipality, previous, "broken_json")
    assert message.startswith("Die Antwort für die Seiten auf Ukrainisch (uk) ist kein gültiges JSON")


def test_an_answer_of_another_shape_keeps_the_previous_snapshot(integreat_api, municipality, previous):
    regions, pages = demo_answers(SLUG)
    integreat_api.serve(SLUG, regions, pages)
    integreat_api.answer(pages_path("ro"), json_answer({"pages": pages["ro"]}))
    message = _fails_and_keeps(integreat_api, municipality, previous, "bad_shape")
    assert "a list of pages was expected" in message


def test_a_region_without_a_language_keeps_the_previous_snapshot(integreat_api, municipality, previous):
    regions, pages = demo_answers(SLUG)
    regions[0]["languages"] = []
    integreat_api.serve(SLUG, regions, pages)
    message = _fails_and_keeps(integreat_api, municipality, previous, "no_languages")
    assert message == "Die Region „landkreis-karlsruhe“ hat keine Sprache."


def test_a_region_the_server_does_not_know(integreat_api, municipality, previous):
    regions, pages = demo_answers("bielefeld")
    integreat_api.serve("bielefeld", regions, pages)
    message = _fails_and_keeps(integreat_api, municipality, previous, "region_unknown")
    assert message == "Der Integreat-Server kennt die Region „landkreis-karlsruhe“ nicht."


def test_an_unreachable_server(municipality, previous, settings):
    settings.INTEGREAT_API_URL = "http://127.0.0.1:9"  # nothing listens there
    settings.INTEGREAT_API_BACKOFF_SECONDS = 0
    region = services.fetch_now(municipality=municipality)
    assert (region.attempt_status, region.attempt_problem) == (AttemptStatus.FAILED, "unreachable")
    assert rows() == previous


def test_an_answer_larger_than_the_limit_is_abandoned(integreat_api, municipality, previous, settings):
    regions, pages = demo_answers(SLUG)
    integreat_api.serve(SLUG, regions, pages)
    settings.INTEGREAT_API_MAX_MB = 1
    integreat_api.answer(pages_path("de"), Answer(body=b"[" + b" " * (2 * 1024 * 1024) + b"]"))
    _fails_and_keeps(integreat_api, municipality, previous, "too_large")


def test_five_thousand_pages(integreat_api, municipality, previous):
    regions, pages = generated_answers(SLUG, pages=5000, languages=("de", "en", "ar", "uk"))
    integreat_api.serve(SLUG, regions, pages)
    region = services.fetch_now(municipality=municipality)
    assert region.attempt_status == AttemptStatus.SUCCEEDED
    assert Page.objects.count() == region.page_count == 5000
    assert Page.objects.filter(depth=0).count() == 10
    # The last language broken: the 5,000 pages stay, not a mix.
    stored = rows()
    integreat_api.answer(pages_path("uk"), Answer(body=b"[{"))
    assert services.fetch_now(municipality=municipality).attempt_status == AttemptStatus.FAILED
    assert rows() == stored


def test_the_command_fetches_every_municipality_with_a_region(integreat_api, municipality, capsys):
    integreat_api.serve(SLUG, *demo_answers(SLUG))
    call_command("fetch_integreat_pages")
    assert "Landkreis Karlsruhe: 44 Seiten in 7 Sprachen geladen." in capsys.readouterr().out


def test_the_command_says_why_in_german_and_fails(integreat_api, municipality, previous, capsys):
    regions, pages = demo_answers(SLUG)
    integreat_api.serve(SLUG, regions, pages)
    integreat_api.answer(pages_path("ar"), Answer(status=502))
    with pytest.raises(CommandError, match="1 Kommune konnte nicht geladen werden."):
        call_command("fetch_integreat_pages", "landkreis-karlsruhe")
    out = capsys.readouterr().out
    assert "Landkreis Karlsruhe: nicht geladen. Der Integreat-Server hat für die Seiten auf Arabisch (ar)" in out
    assert "Die bisherige Seitenstruktur bleibt gültig." in out
    assert rows() == previous
