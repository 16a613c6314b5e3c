"""Invitation letters and attendance sheets as PDF: the text read back (pdfminer; pypdf for Arabic and Persian), one
document with a page per letter, the personal link and its QR code, who may see the links, the cache, and query
counts that stay flat with 2 and 40 participants."""

import datetime
from urllib.parse import urlsplit

import pytest
import segno
from django.urls import reverse
from django.utils import timezone

import documents.cache
from documents.models import RenderedDocument
from minutes import letters
from tests.documents.conftest import pdf_reader, pdf_text
from tests.meetings.factories import AgendaItemFactory, MeetingFactory, at
from tests.members.factories import OrganizationFactory, ParticipantFactory

ARABIC = ("محمد", "العلي")
PERSIAN = ("زهرا", "حسینی")
CYRILLIC = ("Олена", "Шевченко")


def url(world, name, meeting, **query):
    address = reverse(f"minutes:{name}", kwargs={**world.group.url_kwargs(), "pk": meeting.pk})
    return address + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def logical_text(pdf):
    """The text in reading order (pypdf): right-to-left names as they were typed."""
    return "\n".join(page.extract_text() for page in pdf_reader(pdf).pages)


@pytest.fixture
def meeting(world):
    meeting = MeetingFactory(
        working_group=world.group,
        title="Herbsttreffen",
        start=at(timezone.localdate() + datetime.timedelta(days=21)),
        place="Landratsamt, Sitzungssaal 1.07",
    )
    for title in ("Begrüßung", "Kita-Anmeldung auf Arabisch", "Nächster Termin"):
        AgendaItemFactory(meeting=meeting, title=title, planned_minutes=20)
    return meeting


@pytest.fixture
def without_email(world):
    """Three people without email, in three scripts, and one with email (who gets no letter)."""
    caritas = OrganizationFactory(working_group=world.group, name="Caritasverband Karlsruhe")
    people = [
        ParticipantFactory(working_group=world.group, given_name=given, family_name=family, email="", organization=org)
        for (given, family), org in [(ARABIC, caritas), (PERSIAN, None), (CYRILLIC, caritas)]
    ]
    ParticipantFactory(working_group=world.group, given_name="Petra", family_name="Wagner")
    return people


def test_letters_for_everyone_without_email_are_one_document(coordinator_client, world, meeting, without_email):
    response = coordinator_client.get(url(world, "letters", meeting))
    assert response["Content-Type"] == "application/pdf"
    assert "Einladungsschreiben" in response["Content-Disposition"]
    pdf = response.content
    pages = pdf_reader(pdf).pages
    assert len(pages) == 3  # one page per letter, one file
    text, logical = pdf_text(pdf), logical_text(pdf)
    assert "Олена Шевченко" in text and "Petra Wagner" not in text
    assert "محمد العلي" in logical and "زهرا حسینی" in logical
    for page in pages:
        page_text = page.extract_text()
        assert "Einladung zum Treffen „Herbsttreffen“" in page_text
        for title in ("Begrüßung", "Kita-Anmeldung auf Arabisch", "Nächster Termin"):
            assert title in page_text
        assert "Landratsamt, Sitzungssaal 1.07" in page_text
    # Every letter carries its person's own answer link, which the QR code holds too.
    squeezed = ["".join(page.extract_text().split()) for page in pages]
    for person in without_email:
        link = letters.answer_link(person, meeting)
        assert link.endswith(f"/meetings/{meeting.pk}/") and person.token in link
        assert sum(link in text for text in squeezed) == 1
    html = letters.letters_html(meeting=meeting, letters=letters.letters_for(without_email, meeting, with_links=True))
    for person in without_email:
        assert segno.make(letters.answer_link(person, meeting), error="m").svg_data_uri(scale=1, border=4) in html
    assert html.count('<div class="page-break"></div>') == 2


def test_the_printed_link_opens_the_answer_page(client, world, meeting, without_email):
    meeting.status = "invited"
    meeting.save()
    link = letters.answer_link(without_email[2], meeting)
    # The link leads through the personal door to the meeting's answer page.
    response = client.get(urlsplit(link).path, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"/p/meetings/{meeting.pk}/"
    assert "Herbsttreffen" in response.content.decode()


def test_one_letter_for_one_person_and_a_blank_one(coordinator_client, world, meeting, without_email):
    person = without_email[2]
    one = coordinator_client.get(url(world, "letters", meeting, participant=person.pk))
    assert len(pdf_reader(one.content).pages) == 1
    assert "Guten Tag Олена Шевченко," in pdf_text(one.content)
    assert "Einladung" in one["Content-Disposition"] and "Shevchenko" not in one["Content-Disposition"]
    blank = coordinator_client.get(url(world, "letters", meeting, blank=1))
    text = pdf_text(blank.content)
    assert "Sehr geehrte Damen und Herren," in text and "Шевченко" not in text
    assert "QR-Code" not in text and "/p/" not in text


def test_an_observer_gets_the_letters_without_personal_links(observer_client, world, meeting, without_email):
    response = observer_client.get(url(world, "letters", meeting))
    text = pdf_text(response.content)
    assert "Олена Шевченко" in text
    assert "/p/" not in text and not any(person.token in text for person in without_email)
    assert "Bitte geben Sie uns telefonisch, per E-Mail oder persönlich Bescheid" in text


@pytest.mark.parametrize("participant", ["abc", "999999", "other-group"])
def test_unknown_people_are_not_found(coordinator_client, world, meeting, participant):
    if participant == "other-group":
        participant = ParticipantFactory(working_group=world.other_group, email="").pk
    assert coordinator_client.get(url(world, "letters", meeting, participant=participant)).status_code == 404


def test_the_attendance_sheet_lists_everyone_with_a_signature_column(coordinator_client, world, meeting, without_email):
    from meetings.models import Invitation

    left = ParticipantFactory(working_group=world.group, given_name="Sabine", family_name="Krüger")
    left.left_on = datetime.date(2025, 3, 31)
    left.save()
    Invitation.objects.create(meeting=meeting, participant=left, answer="declined")
    ParticipantFactory(working_group=world.group, given_name="Jonas", family_name="Gelöscht", erased_at=timezone.now())
    response = coordinator_client.get(url(world, "attendance-sheet", meeting))
    assert "Anwesenheitsliste" in response["Content-Disposition"]
    text, logical = pdf_text(response.content), logical_text(response.content)
    for expected in ("Anwesenheitsliste", "Herbsttreffen", "Unterschrift", "Gäste", "Олена Шевченко"):
        assert expected in text
    assert "Sabine Krüger" in text and "abgesagt" in text  # invited, though she left since
    assert "Petra Wagner" in text and "Caritasverband" in text
    assert "Gelöscht" not in text
    assert "محمد العلي" in logical and "زهرا حسینی" in logical
    # German order: Latin, then Cyrillic, then Arabic script.
    names = [row.name for row in letters.attendance_rows(meeting)]
    assert names == ["Sabine Krüger", "Petra Wagner", "Олена Шевченко", "محمد العلي", "زهرا حسینی"]


def test_a_second_download_is_not_rendered_again(coordinator_client, world, meeting, without_email, monkeypatch):
    renders = []
    original = documents.cache.render_pdf
    monkeypatch.setattr(documents.cache, "render_pdf", lambda html, **kw: renders.append(1) or original(html, **kw))
    first = coordinator_client.get(url(world, "attendance-sheet", meeting)).content
    second = coordinator_client.get(url(world, "attendance-sheet", meeting)).content
    assert first == second and len(renders) == 1
    AgendaItemFactory(meeting=meeting, title="Neu")  # the sheet does not show the agenda: still cached
    coordinator_client.get(url(world, "attendance-sheet", meeting))
    assert len(renders) == 1
    ParticipantFactory(working_group=world.group, given_name="Neue", family_name="Person")
    coordinator_client.get(url(world, "attendance-sheet", meeting))
    assert len(renders) == 2 and RenderedDocument.objects.count() == 2


@pytest.mark.parametrize("count", [2, 40])
def test_query_counts_are_flat(coordinator_client, world, meeting, django_assert_num_queries, monkeypatch, count):
    """With 2 and 40 people: the same queries (rendering itself is replaced: 40 letters are 40 pages)."""
    monkeypatch.setattr(documents.cache, "render_pdf", lambda html, **kw: html.encode())
    from meetings.models import Invitation

    for index in range(count):
        person = ParticipantFactory(working_group=world.group, email="")
        if index % 2:
            Invitation.objects.create(meeting=meeting, participant=person)
    # session, user, group with the role, meeting, focus questions, people, agenda, cache lookup, insert (savepoint)
    with django_assert_num_queries(11):
        letters_response = coordinator_client.get(url(world, "letters", meeting))
    assert letters_response.content.decode().count('class="letter"') == count
    # session, user, group with the role, meeting, focus questions, invitations, participants, cache lookup, insert
    with django_assert_num_queries(11):
        coordinator_client.get(url(world, "attendance-sheet", meeting))
