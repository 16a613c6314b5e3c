"""One language list for the project: codes, names, packing, and the words the import understands."""

from django.utils import translation

from arbeitskreis import languages
from members.importing import parse_languages


def test_pack_orders_and_deduplicates_known_codes():
    assert languages.pack(["RU", "uk", "de", "uk", " "]) == ",de,uk,ru,"
    assert languages.unpack(",de,uk,ru,") == ["de", "uk", "ru"]
    assert languages.pack([]) == ""


def test_names_follow_the_language():
    with translation.override("de"):
        assert languages.name("fa") == "Persisch (Farsi)"
        assert languages.name("sr") == "Serbisch"
    with translation.override("en"):
        assert languages.name("vi") == "Vietnamese"
    assert languages.name("xx") == "xx"


def test_import_understands_german_and_english_names_of_every_language():
    codes, unknown = parse_languages("Serbisch, Vietnamesisch / bosnian und Dari; xx")
    assert codes == ["sr", "vi", "bs", "prs"]  # Dari is a language of its own in Integreat
    assert unknown == ["xx"]
