"""The snapshot builder (pure): the tree from the source language, translations joined, what counts as stale,
and answers that differ from the documented shape."""

import copy

import pytest

from integreat import snapshot
from integreat.problems import SnapshotProblem
from tests.integreat.api import demo_answers

SLUG = "landkreis-karlsruhe"


def built(regions=None, pages=None):
    demo_regions, demo_pages = demo_answers(SLUG)
    regions, pages = regions or demo_regions, pages or demo_pages
    region = snapshot.find_region(regions, SLUG)
    entries = {code: snapshot.entries(data, code) for code, data in pages.items()}
    return snapshot.build(region, entries, slug=SLUG)


def test_the_tree_comes_from_the_german_pages_in_order():
    result = built()
    assert result.source_language == "de"
    assert [language["code"] for language in result.languages] == ["de", "en", "ar", "fa", "uk", "ro", "tr"]
    assert result.languages[2] == {"code": "ar", "name": "العربية", "dir": "rtl"}
    assert len(result.pages) == 44
    assert [page.position for page in result.pages] == list(range(44))
    first, second, third = result.pages[:3]
    assert (first.title, first.depth, first.parent_key) == ("Willkommen", 0, "")
    assert (second.title, second.depth, second.parent_key) == ("Erste Schritte", 1, first.key)
    assert second.top_key == first.key == "/landkreis-karlsruhe/de/willkommen/"
    nested = next(page for page in result.pages if page.title == "Bürgerbüro")
    assert nested.depth == 2 and nested.top_key == first.key
    assert all(page.url.startswith("https://integreat.app/landkreis-karlsruhe/de/") for page in result.pages)


def test_translations_are_joined_and_stale_ones_found():
    regions, pages = demo_answers(SLUG)
    result = built(regions, pages)
    page = result.pages[0]
    german = next(entry for entry in pages["de"] if entry["path"] == page.key)
    expected = set(german["available_languages"])
    assert set(page.language_codes) == {"de", *expected}
    for code in expected:
        translation = next(e for e in pages[code] if e["id"] == german["available_languages"][code]["id"])
        assert page.translations[code]["url"] == translation["url"]
        older = translation["last_updated"] < german["last_updated"]
        assert (code in page.stale_codes) == older
    assert any(p.stale_languages for p in result.pages) and any(len(p.language_codes) < 7 for p in result.pages)


def test_a_parent_is_found_by_its_id_when_the_path_is_missing():
    """The documentation calls ``id`` the id of the page; an answer where ``parent`` only has it still works."""
    regions, pages = demo_answers(SLUG)
    pages = copy.deepcopy(pages)
    for number, entry in enumerate(pages["de"], start=1):
        entry["id"] = 5000 + number
    ids = {entry["path"]: entry["id"] for entry in pages["de"]}
    for entry in pages["de"]:
        if entry["parent"]["path"]:
            entry["parent"] = {"id": ids[entry["parent"]["path"]], "url": None, "path": None}
    assert [page.depth for page in built(regions, pages).pages] == [page.depth for page in built().pages]


def test_a_translation_is_found_from_its_reference_back_to_the_german_page():
    regions, pages = demo_answers(SLUG)
    pages = copy.deepcopy(pages)
    for entry in pages["de"]:
        entry["available_languages"] = {}
    result = built(regions, pages)
    assert result.pages[0].language_codes == built().pages[0].language_codes


def test_addresses_other_than_http_are_dropped():
    regions, pages = demo_answers(SLUG)
    pages = copy.deepcopy(pages)
    pages["de"][0]["url"] = "javascript:alert(1)"
    assert built(regions, pages).pages[0].url == ""


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda p: p["de"].__setitem__(0, "Seite"), "page 1 is not an object"),
        (lambda p: p["de"][1].pop("title"), "page 2 has no title"),
        (lambda p: p["de"][2].__setitem__("id", "7"), "page 3 has no numeric id"),
        (lambda p: p["de"][3].__setitem__("path", p["de"][4]["path"]), "two pages have the path"),
        (lambda p: p["ar"][0].__setitem__("available_languages", ["de"]), "available_languages of page 1"),
        (lambda p: p.__setitem__("en", {"error": "x"}), "a list of pages was expected"),
    ],
)
def test_an_answer_of_another_shape_is_refused_with_the_reason(change, message):
    regions, pages = demo_answers(SLUG)
    pages = copy.deepcopy(pages)
    change(pages)
    with pytest.raises(SnapshotProblem) as caught:
        built(regions, pages)
    assert caught.value.code == "bad_shape"
    assert message in caught.value.details["detail"]


def test_parents_that_form_a_cycle_are_refused():
    regions, pages = demo_answers(SLUG)
    pages = copy.deepcopy(pages)
    first, second = pages["de"][0], pages["de"][1]
    first["parent"] = {"id": 1, "url": None, "path": second["path"]}
    with pytest.raises(SnapshotProblem, match="bad_shape"):
        built(regions, pages)


def test_a_region_without_languages_or_pages_is_refused():
    regions, pages = demo_answers(SLUG)
    regions = copy.deepcopy(regions)
    regions[0]["languages"] = []
    with pytest.raises(SnapshotProblem) as caught:
        built(regions, pages)
    assert caught.value.code == "no_languages"
    with pytest.raises(SnapshotProblem) as caught:
        built(pages={**pages, "de": []})
    assert caught.value.code == "no_pages"
    with pytest.raises(SnapshotProblem) as caught:
        snapshot.find_region(regions, "atlantis")
    assert caught.value.code == "region_unknown"


def test_the_language_of_an_uploaded_file():
    _regions, pages = demo_answers(SLUG)
    codes = ["de", "en", "ar", "de-si"]
    assert snapshot.language_of_file(pages["ar"], slug=SLUG, codes=codes) == "ar"
    assert snapshot.language_of_file([], slug=SLUG, codes=codes, filename="pages-en.json") == "en"
    assert snapshot.language_of_file([], slug=SLUG, codes=codes, filename="karlsruhe_de-si.json") == "de-si"
    assert snapshot.language_of_file([], slug=SLUG, codes=codes, filename="seiten.json") is None
    assert snapshot.language_of_file(pages["ar"] + pages["en"], slug=SLUG, codes=codes) is None
