"""A meeting's validation checklist: picking areas and pages (due ones first), marking pages, the content gaps that
follow, the last check of each page, the agenda section and what the minutes will list."""

import datetime
import json

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse

from findings.models import ContentArea, EventField, Finding
from integreat import checklist, validation
from integreat.models import PageCheck, ValidationItem
from minutes import selectors as minutes_selectors
from tests.integreat.api import generated_answers
from tests.integreat.conftest import NOW, load
from tests.meetings.factories import MeetingFactory, at
from tests.members.factories import OrganizationFactory, ParticipantFactory
from tests.snapshot import database_rows


@pytest.fixture(autouse=True)
def fixed_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def meeting(world):
    return MeetingFactory(working_group=world.group, title="Herbsttreffen", start=at("2026-04-14"))


def area(name):
    return ContentArea.objects.get(working_group=None, name=name)


def checklist_url(world, meeting, name="validation", **kwargs):
    return reverse(f"integreat:{name}", kwargs={**world.group.url_kwargs(), "pk": meeting.pk, **kwargs})


def picked(meeting):
    return list(meeting.validation_items.order_by("position").values_list("title", flat=True))


def add_area(client, world, meeting, name="Wohnen"):
    response = client.post(checklist_url(world, meeting, "validation-add-areas"), {"areas": [area(name).pk]})
    assert response.status_code == 302
    return response


def mark(client, world, meeting, item, **data):
    values = {f"item{item.pk}-{key}": value for key, value in data.items()}
    return client.post(checklist_url(world, meeting), {"item": item.pk, **values})


def test_an_area_puts_its_pages_on_the_checklist_due_ones_first(coordinator_client, world, snapshot, meeting):
    earlier = MeetingFactory(working_group=world.group, start=at("2024-01-10"), status="held")
    keys = dict(snapshot.pages.values_list("title", "key"))
    PageCheck.objects.create(
        working_group=world.group,
        page_key=keys["Wohnungssuche"],
        checked_at=NOW - datetime.timedelta(days=30),
        meeting=earlier,
        result="checked",
    )
    PageCheck.objects.create(
        working_group=world.group,
        page_key=keys["Kaution"],
        checked_at=NOW - datetime.timedelta(days=800),
        meeting=earlier,
        result="checked",
    )
    add_area(coordinator_client, world, meeting)
    # Never checked (tree order), then checked two years ago, then checked a month ago.
    assert picked(meeting) == [
        "Wohnen",
        "Wohnberechtigungsschein",
        "Mietvertrag",
        "Nebenkosten",
        "Kaution",
        "Wohnungssuche",
    ]
    item = meeting.validation_items.get(title="Mietvertrag")
    assert (item.content_area, item.url) == (
        area("Wohnen"),
        "https://integreat.app/landkreis-karlsruhe/de/wohnen/mietvertrag/",
    )
    # The same area again adds nothing.
    add_area(coordinator_client, world, meeting)
    assert len(picked(meeting)) == 6


def test_single_pages_are_offered_due_first_and_added(coordinator_client, world, snapshot, meeting):
    response = coordinator_client.get(checklist_url(world, meeting), {"area": area("Gesundheit").pk})
    choices = [label for _key, label in response.context["pages_form"].fields["pages"].choices]
    assert choices[0] == "Gesundheit (noch nie geprüft)"
    assert "– Krankenversicherung (noch nie geprüft)" in choices
    keys = dict(snapshot.pages.values_list("title", "key"))
    response = coordinator_client.post(
        checklist_url(world, meeting, "validation-add-pages"),
        {"area": area("Gesundheit").pk, "pages": [keys["Krankenversicherung"], keys["Apotheken-Notdienst"]]},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["2 Seiten wurden der Prüfliste hinzugefügt."]
    assert picked(meeting) == ["Krankenversicherung", "Apotheken-Notdienst"]


def test_checked_is_recorded_as_the_last_check_without_a_gap(coordinator_client, world, snapshot, meeting):
    add_area(coordinator_client, world, meeting)
    item = meeting.validation_items.get(title="Wohnungssuche")
    response = mark(coordinator_client, world, meeting, item, result="checked", note="Alles aktuell.")
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{item.pk}")
    item.refresh_from_db()
    assert (item.result, item.note, item.checked_at, item.checked_by, item.finding) == (
        "checked",
        "Alles aktuell.",
        NOW,
        world.coordinator,
        None,
    )
    check = PageCheck.objects.get(page_key=item.page_key)
    assert (check.working_group, check.meeting, check.checked_at, check.result) == (
        world.group,
        meeting,
        NOW,
        "checked",
    )
    assert not Finding.objects.exists()
    tree = coordinator_client.get(reverse("integreat:tree", kwargs=world.group.url_kwargs())).context["tree"]
    row = next(row for row in tree.rows if row.key == item.page_key)
    assert (row.checked_at, row.check_result, row.due) == (NOW, "geprüft", False)


def test_a_missing_translation_becomes_a_content_gap_for_the_page(coordinator_client, world, snapshot, meeting):
    organization = OrganizationFactory(working_group=world.group, name="Caritasverband Karlsruhe")
    add_area(coordinator_client, world, meeting)
    item = meeting.validation_items.get(title="Mietvertrag")
    response = mark(
        coordinator_client,
        world,
        meeting,
        item,
        result="missing_translation",
        languages=["ar", "uk"],
        responsible=f"o:{organization.pk}",
        note="Fehlt auf Arabisch und Ukrainisch.",
    )
    assert response.status_code == 302
    finding = Finding.objects.get()
    assert (finding.title, finding.kind, finding.languages, finding.status) == (
        "Übersetzung fehlt: Mietvertrag",
        "missing_translation",
        ",ar,uk,",
        "open",
    )
    assert (finding.description, finding.content_area, finding.raised_in_meeting) == (
        "Fehlt auf Arabisch und Ukrainisch.",
        area("Wohnen"),
        meeting,
    )
    assert (finding.assignee_organization, finding.integreat_url) == (organization, item.url)
    assert list(finding.events.values_list("field", "actor")) == [(EventField.CREATED, world.coordinator.pk)]
    item.refresh_from_db()
    assert (item.finding, item.languages, item.responsible_organization) == (finding, ",ar,uk,", organization)
    # The tree counts the open gap on the page; the register finds it.
    tree = coordinator_client.get(reverse("integreat:tree", kwargs=world.group.url_kwargs())).context["tree"]
    assert next(row for row in tree.rows if row.key == item.page_key).open_gaps == 1


def test_outdated_and_missing_content_with_a_responsible_participant(coordinator_client, world, snapshot, meeting):
    person = ParticipantFactory(working_group=world.group, given_name="Olena", family_name="Koval")
    add_area(coordinator_client, world, meeting)
    items = {item.title: item for item in meeting.validation_items.all()}
    mark(coordinator_client, world, meeting, items["Nebenkosten"], result="outdated", responsible=f"p:{person.pk}")
    mark(coordinator_client, world, meeting, items["Kaution"], result="missing_content", note="Mietkaution fehlt.")
    findings = {f.title: f for f in Finding.objects.all()}
    assert findings["Veraltet: Nebenkosten"].kind == "outdated"
    assert findings["Veraltet: Nebenkosten"].assignee_participant == person
    assert findings["Inhalt fehlt: Kaution"].kind == "missing_content"


def test_a_missing_translation_without_a_language_is_refused_next_to_the_field(
    coordinator_client, world, snapshot, meeting
):
    add_area(coordinator_client, world, meeting)
    item = meeting.validation_items.get(title="Mietvertrag")
    before = database_rows()
    response = mark(coordinator_client, world, meeting, item, result="missing_translation")
    assert response.status_code == 200
    form = next(i.form for i in response.context["items"] if i.pk == item.pk)
    assert form.errors["languages"] == ["Bitte wählen Sie die Sprachen, in denen die Übersetzung fehlt."]
    assert "Bitte wählen Sie die Sprachen, in denen die Übersetzung fehlt." in response.content.decode()
    assert database_rows() == before


def test_a_page_with_a_content_gap_is_not_marked_again(coordinator_client, world, snapshot, meeting):
    add_area(coordinator_client, world, meeting)
    item = meeting.validation_items.get(title="Kaution")
    mark(coordinator_client, world, meeting, item, result="outdated")
    before = database_rows()
    response = mark(coordinator_client, world, meeting, item, result="missing_content")
    assert response.status_code == 302
    assert database_rows() == before
    messages = [str(m) for m in coordinator_client.get(response["Location"]).context["messages"]]
    assert messages[-1] == "Für diese Seite wurde bereits eine Inhaltslücke erfasst; bitte ändern Sie sie im Register."
    assert Finding.objects.count() == 1


def test_a_checked_page_can_be_marked_again_and_then_becomes_a_gap(coordinator_client, world, snapshot, meeting):
    add_area(coordinator_client, world, meeting)
    item = meeting.validation_items.get(title="Kaution")
    mark(coordinator_client, world, meeting, item, result="checked")
    mark(coordinator_client, world, meeting, item, result="outdated", note="Doch veraltet.")
    item.refresh_from_db()
    assert item.result == "outdated" and item.finding.title == "Veraltet: Kaution"
    assert PageCheck.objects.get(page_key=item.page_key).result == "outdated"


def test_only_an_unchecked_page_is_taken_off_the_list(coordinator_client, world, snapshot, meeting):
    add_area(coordinator_client, world, meeting)
    checked, other = meeting.validation_items.order_by("position")[:2]
    mark(coordinator_client, world, meeting, checked, result="checked")
    coordinator_client.post(checklist_url(world, meeting, "validation-remove", item_pk=checked.pk))
    coordinator_client.post(checklist_url(world, meeting, "validation-remove", item_pk=other.pk))
    assert ValidationItem.objects.filter(pk=checked.pk).exists()
    assert not ValidationItem.objects.filter(pk=other.pk).exists()


def test_the_checklist_of_an_approved_meeting_stays_as_it_is(coordinator_client, world, snapshot, meeting):
    add_area(coordinator_client, world, meeting)
    item = meeting.validation_items.first()
    meeting.status = "minutes_approved"
    meeting.save()
    before = database_rows()
    response = coordinator_client.post(
        checklist_url(world, meeting, "validation-add-areas"), {"areas": [area("Arbeit").pk]}, follow=True
    )
    assert [str(m) for m in response.context["messages"]][-1] == (
        "Die Prüfliste dieses Treffens kann nicht mehr geändert werden (Status: Protokoll genehmigt)."
    )
    page = coordinator_client.get(checklist_url(world, meeting)).content.decode()
    assert "Ergebnis speichern" not in page
    response = mark(coordinator_client, world, meeting, item, result="checked")
    assert database_rows() == before


def test_the_agenda_lists_the_pages_with_their_results(coordinator_client, world, snapshot, meeting):
    add_area(coordinator_client, world, meeting)
    item = meeting.validation_items.get(title="Kaution")
    mark(coordinator_client, world, meeting, item, result="outdated")
    page = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert "Inhaltsprüfung der Integreat-Seiten" in page
    assert "1 von 6 Seiten geprüft." in page
    assert "Wohnberechtigungsschein" in page and "☐ geprüft ☐ veraltet ☐ Inhalt fehlt ☐ Übersetzung fehlt" in page
    assert checklist_url(world, meeting) in page


def test_validated_in_lists_the_checked_pages_for_the_minutes(coordinator_client, world, snapshot, meeting):
    organization = OrganizationFactory(working_group=world.group, name="AWO Karlsruhe")
    add_area(coordinator_client, world, meeting)
    items = {item.title: item for item in meeting.validation_items.all()}
    mark(coordinator_client, world, meeting, items["Wohnen"], result="checked")
    mark(
        coordinator_client,
        world,
        meeting,
        items["Kaution"],
        result="missing_translation",
        languages=["fa"],
        responsible=f"o:{organization.pk}",
        note="Bitte übersetzen.",
    )
    pages = checklist.validated_in(meeting)
    assert [(page.title, page.result, page.result_label) for page in pages] == [
        ("Wohnen", "checked", "geprüft"),
        ("Kaution", "missing_translation", "Übersetzung fehlt"),
    ]
    kaution = pages[1]
    assert (kaution.area, kaution.languages, kaution.note, kaution.responsible) == (
        "Wohnen",
        [("fa", "Persisch (Farsi)")],
        "Bitte übersetzen.",
        "AWO Karlsruhe",
    )
    assert kaution.finding_title == "Übersetzung fehlt: Kaution"
    assert kaution.finding_url == Finding.objects.get().get_absolute_url()
    assert kaution.checked_at == NOW


def test_the_areas_offered_count_their_due_pages(coordinator_client, world, snapshot, meeting):
    response = coordinator_client.get(checklist_url(world, meeting))
    labels = dict(response.context["area_form"].fields["areas"].choices)
    assert labels[str(area("Wohnen").pk)] == "Wohnen (6 Seiten, davon 6 zur Prüfung fällig)"


def test_observers_read_the_checklist_without_forms(observer_client, world, snapshot, meeting):
    validation.add_areas(meeting=meeting, data={"areas": [area("Wohnen")]})
    page = observer_client.get(checklist_url(world, meeting)).content.decode()
    assert "Wohnberechtigungsschein" in page
    assert "Ergebnis speichern" not in page and "Seiten dieser Bereiche hinzufügen" not in page


def test_an_area_with_many_pages_adds_thirty_at_a_time(coordinator_client, world, municipality, meeting):
    load(municipality, generated_answers("landkreis-karlsruhe", pages=400))  # "Arbeit 0" and "Arbeit 5": 40 pages each
    response = coordinator_client.post(
        checklist_url(world, meeting, "validation-add-areas"), {"areas": [area("Arbeit").pk]}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "30 Seiten wurden der Prüfliste hinzugefügt.",
        "„Arbeit“ hat noch 50 weitere Seiten; fügen Sie sie ein anderes Mal oder einzeln hinzu.",
    ]
    response = coordinator_client.post(
        checklist_url(world, meeting, "validation-add-areas"), {"areas": [area("Arbeit").pk]}, follow=True
    )
    assert meeting.validation_items.count() == 60
    assert [str(m) for m in response.context["messages"]][-1].startswith("„Arbeit“ hat noch 20 weitere Seiten")


def test_the_protocol_lists_the_validated_pages(coordinator_client, world, snapshot, meeting):
    assert checklist.validated_for_protocol(meeting) == {}
    add_area(coordinator_client, world, meeting)
    item = meeting.validation_items.get(title="Kaution")
    mark(coordinator_client, world, meeting, item, result="missing_translation", languages=["ar"], note="Fehlt.")
    content = checklist.validated_for_protocol(meeting)
    assert json.loads(json.dumps(content)) == content
    (page,) = content["validated"]
    assert (page["title"], page["result"], page["result_code"], page["languages"], page["checked_at"]) == (
        "Kaution",
        "Übersetzung fehlt",
        "missing_translation",
        ["ar"],
        NOW.isoformat(),
    )
    # The protocol of the meeting lists it (minutes.selectors.protocol_sources, wired in arbeitskreis/wiring.py).
    assert minutes_selectors.protocol(meeting, None)["validated"] == content["validated"]
    html = render_to_string(
        "minutes/_protocol.html", {"c": minutes_selectors.hydrate(minutes_selectors.protocol(meeting, None))}
    )
    assert "Kaution – Übersetzung fehlt: Fehlt." in html


def test_the_meeting_row_is_locked_alone_even_when_the_group_has_no_municipality(world, meeting):
    """The lock takes the meeting row only: PostgreSQL refuses FOR UPDATE on the nullable side of the outer join
    to the municipality (a network group has none) — a server error on every change of the checklist."""
    assert validation._editable(meeting).pk == meeting.pk
