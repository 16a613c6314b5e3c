"""The register: filters, search (SQLite and PostgreSQL), sorting, pagination, overdue marking, exports."""

import datetime
import io

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from findings.models import Finding
from findings.selectors import register
from tests.findings.factories import FindingFactory, area

TODAY = timezone.localdate()


def url(name, group):
    return reverse(name, kwargs=group.url_kwargs())


@pytest.fixture
def findings(world, participant, organization, past_meeting):
    return {
        "kita": FindingFactory(
            working_group=world.group,
            title="Kita-Anmeldung fehlt",
            description="Eltern finden die Anmeldung für Kindergärten nicht.",
            content_area=area("Familie und Kinder"),
            languages=",ar,uk,",
            priority=3,
            assignee_participant=participant,
            raised_in_meeting=past_meeting,
            due_date=TODAY - datetime.timedelta(days=5),
        ),
        "wohnung": FindingFactory(
            working_group=world.group,
            title="Wohnungssuche veraltet",
            description="Die Liste der Wohnungsbaugesellschaften ist von 2019.",
            content_area=area("Wohnen"),
            languages=",de,",
            kind="outdated",
            priority=2,
            status="in_progress",
            assignee_organization=organization,
            due_date=TODAY + datetime.timedelta(days=30),
        ),
        "arbeit": FindingFactory(
            working_group=world.group,
            title="Arbeit auf Rumänisch",
            description="Seiten zur Arbeitssuche fehlen auf Rumänisch.",
            content_area=area("Arbeit"),
            languages=",ro,",
            kind="missing_translation",
            priority=1,
            status="resolved",
            closed_at=timezone.now(),
            due_date=TODAY - datetime.timedelta(days=50),
        ),
        "fremd": FindingFactory(working_group=world.other_group, title="Kita in Bielefeld", languages=",ar,"),
    }


def titles(group, **filters):
    return sorted(f.title for f in register(group, filters))


def test_register_only_shows_own_group(world, findings):
    assert titles(world.group) == ["Arbeit auf Rumänisch", "Kita-Anmeldung fehlt", "Wohnungssuche veraltet"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"status": "open"}, ["Kita-Anmeldung fehlt"]),
        ({"status": "active"}, ["Kita-Anmeldung fehlt", "Wohnungssuche veraltet"]),
        ({"status": "closed"}, ["Arbeit auf Rumänisch"]),
        ({"language": "ar"}, ["Kita-Anmeldung fehlt"]),
        ({"language": "ro"}, ["Arbeit auf Rumänisch"]),
        ({"language": "r"}, []),
        ({"priority": 3}, ["Kita-Anmeldung fehlt"]),
        ({"assignee": "none"}, ["Arbeit auf Rumänisch"]),
        ({"overdue": True}, ["Kita-Anmeldung fehlt"]),
    ],
)
def test_filters(world, findings, filters, expected):
    assert titles(world.group, **filters) == expected


def test_filters_by_objects(world, findings, participant, organization, past_meeting):
    assert titles(world.group, area=area("Wohnen")) == ["Wohnungssuche veraltet"]
    assert titles(world.group, assignee=f"p:{participant.pk}") == ["Kita-Anmeldung fehlt"]
    assert titles(world.group, assignee=f"o:{organization.pk}") == ["Wohnungssuche veraltet"]
    assert titles(world.group, meeting=past_meeting) == ["Kita-Anmeldung fehlt"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kita", ["Kita-Anmeldung fehlt"]),
        ("Rumänisch", ["Arbeit auf Rumänisch"]),
        ("Wohnungsbaugesellschaften", ["Wohnungssuche veraltet"]),  # only in the description
        ("Bielefeld", []),  # another group's finding
        ("gibtesnicht", []),
    ],
)
def test_search_in_title_and_description(world, findings, text, expected):
    assert titles(world.group, q=text) == expected


@pytest.mark.parametrize("text", ["über", "Über", "ÜBER", "übersetzung", "ÄRZTE", "straße", "STRASSE"])
def test_search_ignores_the_case_of_umlauts(world, text):
    """Capitalised umlauts are found in lower case and the other way round (SQLite folds only ASCII itself)."""
    FindingFactory(working_group=world.group, title="Übersetzung der Ärzteliste", description="Über die Straße")
    FindingFactory(working_group=world.group, title="Kita", description="nichts")
    assert titles(world.group, q=text) == ["Übersetzung der Ärzteliste"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="German full-text search runs on PostgreSQL")
def test_postgresql_search_finds_word_forms(world, findings):
    # "Kindergarten" is found in "Kindergärten" through the German stemmer (not a substring match).
    assert titles(world.group, q="Kindergarten") == ["Kita-Anmeldung fehlt"]
    assert titles(world.group, q="Eltern Anmeldung") == ["Kita-Anmeldung fehlt"]


def test_sorting(world, findings):
    by_priority = [f.title for f in register(world.group, {"sort": "priority"})]
    assert by_priority == ["Kita-Anmeldung fehlt", "Wohnungssuche veraltet", "Arbeit auf Rumänisch"]
    by_due = [f.title for f in register(world.group, {"sort": "due"})]
    assert by_due == ["Arbeit auf Rumänisch", "Kita-Anmeldung fehlt", "Wohnungssuche veraltet"]
    by_title = [f.title for f in register(world.group, {"sort": "title"})]
    assert by_title == sorted(by_title)


def test_page_filters_from_query_string_and_marks_overdue(coordinator_client, world, findings):
    response = coordinator_client.get(url("findings:list", world.group), {"language": "ar", "status": "active"})
    page = response.content.decode()
    assert [f.title for f in response.context["page"].object_list] == ["Kita-Anmeldung fehlt"]
    assert "1 Inhaltslücke" in page
    assert 'class="finding-overdue"' in page
    assert "überfällig" in page
    assert "Kita in Bielefeld" not in page


def test_page_ignores_bad_filter_values(coordinator_client, world, findings):
    response = coordinator_client.get(
        url("findings:list", world.group), {"area": "999999", "language": "xx", "priority": "9", "sort": "evil"}
    )
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 3


def test_page_search_and_pagination(coordinator_client, world):
    Finding.objects.bulk_create(
        Finding(working_group=world.group, title=f"Lücke {n:03}", content_area=area("Arbeit")) for n in range(120)
    )
    response = coordinator_client.get(url("findings:list", world.group), {"sort": "title", "page": "3"})
    assert [f.title for f in response.context["page"].object_list] == [f"Lücke {n:03}" for n in range(100, 120)]
    assert "Seite 3 von 3" in response.content.decode()
    response = coordinator_client.get(url("findings:list", world.group), {"q": "Lücke 042"})
    assert [f.title for f in response.context["page"].object_list] == ["Lücke 042"]


def test_csv_export_is_excel_friendly_and_filtered(coordinator_client, world, findings):
    response = coordinator_client.get(url("findings:export-csv", world.group), {"status": "active"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffNr.;Titel;Beschreibung;Themenbereich;Sprachen")
    assert "Kita-Anmeldung fehlt" in text
    assert "Wohnungssuche veraltet" in text
    assert "Arbeit auf Rumänisch" not in text
    assert "Caritasverband Karlsruhe" in text
    assert "ar, uk" in text


def test_xlsx_export(coordinator_client, world, findings):
    from openpyxl import load_workbook

    response = coordinator_client.get(url("findings:export-xlsx", world.group))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Nr.", "Titel", "Beschreibung")
    assert {row[1] for row in rows[1:]} == {"Kita-Anmeldung fehlt", "Wohnungssuche veraltet", "Arbeit auf Rumänisch"}
    assert rows[0][12] == "Überfällig"
    overdue = {row[1]: row[12] for row in rows[1:]}
    # Yes/no as words in the export's language (arbeitskreis.exports).
    assert overdue["Kita-Anmeldung fehlt"] == "ja"
    assert overdue["Arbeit auf Rumänisch"] == "nein"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_exports_in_english(coordinator_client, world, findings, kind):
    """Column headers and the overdue column follow the user's language; the file name is translated too."""
    import csv

    from openpyxl import load_workbook

    coordinator_client.cookies["django_language"] = "en"
    response = coordinator_client.get(url(f"findings:export-{kind}", world.group), HTTP_ACCEPT_LANGUAGE="en")
    assert "content-gaps-" in response["Content-Disposition"]
    if kind == "xlsx":
        rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    else:
        text = response.content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";" if text.count(";") > text.count(",") else ","))
    header = list(rows[0])
    assert header[:3] == ["No.", "Title", "Description"]
    assert header[12] == "Overdue"
    overdue = {row[1]: row[12] for row in rows[1:]}
    assert overdue["Kita-Anmeldung fehlt"] == "yes"
    assert overdue["Arbeit auf Rumänisch"] == "no"


def test_export_file_name_is_translated(coordinator_client, world, findings):
    response = coordinator_client.get(url("findings:export-csv", world.group))
    assert "inhaltsluecken-" in response["Content-Disposition"]


def test_csv_export_neutralises_formulas(coordinator_client, world):
    FindingFactory(working_group=world.group, title="=HYPERLINK(1)")
    text = coordinator_client.get(url("findings:export-csv", world.group)).content.decode("utf-8")
    assert "'=HYPERLINK(1)" in text


def test_register_in_english(coordinator_client, world, findings):
    coordinator_client.cookies["django_language"] = "en"
    page = coordinator_client.get(url("findings:list", world.group), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<h1 class="h2 mb-1">Content gaps</h1>' in page
    assert "in progress" in page
    assert "overdue" in page


@pytest.mark.parametrize(("page", "expected"), [("abc", 1), ("99999", 2), ("-1", 2), ("", 1)])
def test_register_page_numbers_out_of_range_show_a_sensible_page(coordinator_client, world, page, expected):
    """A page that is not a number shows the first page, one beyond the end the last: never a 404 or 500."""
    from findings.models import Finding

    Finding.objects.bulk_create(Finding(working_group=world.group, title=f"Lücke {i}") for i in range(60))
    response = coordinator_client.get(url("findings:list", world.group), {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number == expected
