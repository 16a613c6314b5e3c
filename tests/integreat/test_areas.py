"""Content areas suggested from the titles of top-level pages (pure), and the coverage per language for the network
report."""

from dataclasses import dataclass

import pytest

from integreat.areas import suggest
from integreat.coverage import coverage_by_municipality


@dataclass
class Area:
    name: str


AREAS = [
    Area(name)
    for name in (
        "Ankommen",
        "Arbeit",
        "Ausbildung und Studium",
        "Beratung",
        "Bildung",
        "Deutsch lernen",
        "Familie und Kinder",
        "Freizeit",
        "Gesundheit",
        "Wohnen",
        "Behörden",
        "Notfall",
    )
]
OWN = Area("Mobilität")


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Willkommen in Karlsruhe", "Ankommen"),
        ("Job und Beruf", "Arbeit"),
        ("Ausbildung & Studium", "Ausbildung und Studium"),
        ("Gesundheit & Ärzte", "Gesundheit"),
        ("Ärztinnen und Ärzte", "Gesundheit"),
        ("Kindergärten und Schulen", "Familie und Kinder"),
        ("Deutsch lernen", "Deutsch lernen"),
        ("Sprachkurse", "Deutsch lernen"),
        ("Hilfe im Notfall", "Notfall"),
        ("Ämter und Aufenthalt", "Behörden"),
        ("Arbeit und Wohnen", "Arbeit"),
        ("Mobilität und Verkehr", "Mobilität"),
        ("Impressum", None),
    ],
)
def test_a_title_suggests_an_area(title, expected):
    area = suggest(title, [*AREAS, OWN])
    assert (area.name if area else None) == expected


def test_coverage_by_municipality_for_the_network_report(snapshot, municipality, django_assert_num_queries):
    with django_assert_num_queries(2):
        rows = coverage_by_municipality([municipality.pk])[municipality.pk]
    pages = list(snapshot.pages.all())
    assert [row["code"] for row in rows] == ["en", "ar", "fa", "uk", "ro", "tr"]
    romanian = rows[4]
    translated = sum(1 for page in pages if "ro" in page.language_codes)
    assert romanian == {
        "code": "ro",
        "label": "Rumänisch (ro)",
        "translated": translated,
        "stale": sum(1 for page in pages if "ro" in page.stale_codes),
        "percent": round(100 * translated / len(pages)),
    }


def test_no_coverage_without_a_snapshot(municipality):
    assert coverage_by_municipality([municipality.pk]) == {}
