"""The protocol as a PDF: what it says (names in Arabic, Persian and Cyrillic script among them), its pages with
"Seite X von Y", a tagged PDF with language and title, rendered once per content — a repeated download is served
without rendering, an edit renders anew —, kept versions unchanged, and the same queries for 5 and 40 items."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from documents import pdf as documents_pdf
from documents.models import RenderedDocument
from minutes import services
from minutes.models import Minutes
from tests.members.factories import ParticipantFactory
from tests.minutes.factories import held_meeting, record

HOSTILE_NOTE = "<script>alert(1)</script> [Klick](javascript:alert(2)) **fett**"


def url(name, meeting, **kwargs):
    return reverse(f"minutes:{name}", kwargs={**meeting.working_group.url_kwargs(), "pk": meeting.pk, **kwargs})


def read(response):
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def meeting(world):
    group = world.group
    people = [
        ParticipantFactory(working_group=group, given_name="Олена", family_name="Шевченко"),
        ParticipantFactory(working_group=group, given_name="محمد", family_name="العلي"),
        ParticipantFactory(working_group=group, given_name="زهرا", family_name="حسینی"),
        ParticipantFactory(working_group=group, given_name="Ayşe", family_name="Yılmaz"),
    ]
    meeting = held_meeting(group, title="Frühjahrstreffen", items=("Begrüßung", "Arbeit und Ausbildung"))
    first = meeting.agenda_items.order_by("position").first()
    record(
        meeting,
        notes={first.pk: HOSTILE_NOTE},
        attendance={person.pk: "present" for person in people[:3]} | {people[3].pk: "excused"},
        guests=[("Jonas Keller", "Volkshochschule")],
        decisions=["Die Seite zur Kita-Anmeldung wird übersetzt."],
    )
    return meeting


def test_the_pdf_holds_the_protocol_with_every_script(coordinator_client, meeting):
    reader, text = read(coordinator_client.get(url("pdf", meeting)))

    for expected in (
        "Protokoll: Frühjahrstreffen",
        "Landkreis Karlsruhe",
        "Олена Шевченко",  # Cyrillic
        "Ayşe Yılmaz",
        "Jonas Keller",
        "Volkshochschule",
        "Begrüßung",
        "Arbeit und Ausbildung",
        "Die Seite zur Kita-Anmeldung wird übersetzt.",
        "Entwurf",
    ):
        assert expected in text, expected
    # Arabic and Persian: the letters are in the text (pypdf gives them in their logical order).
    compact = text.replace(" ", "")
    for name in ("محمد", "العلي", "زهرا", "حسینی"):
        assert name in compact, name
    # The Markdown's script and javascript: link are harmless: shown as nothing, the link text kept, no address.
    assert "alert(1)" not in text and "javascript" not in text and "Klick" in text and "fett" in text
    pages = len(reader.pages)
    assert f"Seite 1 von {pages}" in text and f"Seite {pages} von {pages}" in text


def test_the_pdf_is_tagged_with_language_and_title(coordinator_client, meeting):
    reader, _text = read(coordinator_client.get(url("pdf", meeting)))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "de"
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert "Frühjahrstreffen" in reader.metadata.title


def test_a_repeated_download_is_not_rendered_again_but_an_edit_is(coordinator_client, world, meeting):
    before = documents_pdf.render_count
    first = coordinator_client.get(url("pdf", meeting)).content
    assert documents_pdf.render_count == before + 1
    assert coordinator_client.get(url("pdf", meeting)).content == first
    assert documents_pdf.render_count == before + 1 and RenderedDocument.objects.count() == 1

    minutes = Minutes.objects.get(meeting=meeting)
    services.save(
        meeting=meeting,
        revision=minutes.revision,
        data={"attendance": {}, "guests": [], "notes": {}, "answers": {}, "decisions": ["Ein neuer Beschluss."]},
        by=world.coordinator,
    )
    _reader, text = read(coordinator_client.get(url("pdf", meeting)))
    assert documents_pdf.render_count == before + 2 and "Ein neuer Beschluss." in text


def test_a_kept_version_stays_as_it_was_approved(coordinator_client, world, meeting):
    minutes = services.approve(minutes=Minutes.objects.get(meeting=meeting), by=world.coordinator)
    services.start_correction(minutes=minutes, reason="Beschluss ergänzt", by=world.coordinator)
    minutes.refresh_from_db()
    services.save(
        meeting=meeting,
        revision=minutes.revision,
        data={"attendance": {}, "guests": [], "notes": {}, "answers": {}, "decisions": ["Nachgetragen."]},
        by=world.coordinator,
    )
    _reader, old = read(coordinator_client.get(url("version-pdf", meeting, number=1)))
    _reader, current = read(coordinator_client.get(url("pdf", meeting)))
    assert "Nachgetragen." not in old and "Fassung 1" in old and "genehmigt" in old
    assert "Nachgetragen." in current and "Fassung 2" in current and "Beschluss ergänzt" in current


@pytest.mark.parametrize("items", [5, 40])
def test_the_pdf_takes_the_same_queries_for_any_number_of_items(
    coordinator_client, world, django_assert_num_queries, items
):
    meeting = held_meeting(world.group, items=[f"Punkt {n}" for n in range(items)])
    ParticipantFactory.create_batch(items, working_group=world.group)
    record(meeting, notes={item.pk: f"Notiz zu {item.title}" for item in meeting.agenda_items.all()})
    # session, user, group with the role, meeting + its focus questions, minutes, agenda, notes, answers, attendances,
    # measures, findings raised, decisions, next meeting, the pages validated (integreat); the cache lookup, and the
    # insert (in a savepoint: 3)
    with django_assert_num_queries(19):
        reader, text = read(coordinator_client.get(url("pdf", meeting)))
    assert f"Punkt {items - 1}" in text and f"Notiz zu Punkt {items - 1}" in text
    assert (len(reader.pages) > 2) == (items == 40)
