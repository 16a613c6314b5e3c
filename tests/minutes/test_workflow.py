"""The minutes' workflow: draft → sent for review (a PDF to those who attended, remarks from their personal page) →
approved (locked, the meeting "minutes approved") → a correction as a new version, the old one unchanged; sending
the approved minutes; the archive."""

import io
import zipfile

import pytest
from django.core import mail
from django.urls import reverse
from pypdf import PdfReader

from meetings.models import MeetingStatus
from minutes import services
from minutes.models import Minutes, MinutesComment, MinutesStatus, MinutesVersion
from outbox.models import OutboxMail
from tests.mail import parsed, text
from tests.meetings.factories import MeetingFactory
from tests.meetings.helpers import messages_of
from tests.members.factories import ParticipantFactory
from tests.minutes.factories import held_meeting, record
from tests.personal import open_personal_link

CONSENT = "2025-01-15"


def url(name, meeting, **kwargs):
    return reverse(f"minutes:{name}", kwargs={**meeting.working_group.url_kwargs(), "pk": meeting.pk, **kwargs})


@pytest.fixture
def people(world):
    """Two who attended (one without consent: no mail), one who was excused."""
    return {
        "olena": ParticipantFactory(
            working_group=world.group, given_name="Олена", family_name="Шевченко", consent_given_at=CONSENT
        ),
        "mohammad": ParticipantFactory(working_group=world.group, given_name="محمد", family_name="الأحمد"),
        "ayse": ParticipantFactory(
            working_group=world.group, given_name="Ayşe", family_name="Yılmaz", consent_given_at=CONSENT
        ),
    }


@pytest.fixture
def minutes(world, people):
    meeting = held_meeting(world.group)
    attendance = {people["olena"].pk: "present", people["mohammad"].pk: "present", people["ayse"].pk: "excused"}
    return record(meeting, attendance=attendance, decisions=["Die Kita-Seite wird übersetzt."])


def _pdf_text(data):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_draft_goes_to_those_who_attended_with_the_pdf(coordinator_client, minutes, people, commit):
    with commit():
        response = coordinator_client.post(url("review", minutes.meeting), follow=True)
    assert "Der Entwurf wurde an die Anwesenden zur Durchsicht verschickt." in messages_of(response)
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.IN_REVIEW and minutes.sent_for_review_at
    (message,) = mail.outbox  # Olena; Mohammad has given no consent, Ayşe was excused
    assert message.to == [people["olena"].email]
    assert message.subject.startswith("Protokollentwurf zur Durchsicht: Frühjahrstreffen")
    assert f"/p/{people['olena'].token}/minutes/{minutes.meeting.pk}/" in text(message)
    (pdf,) = [part for part in parsed(message).walk() if part.get_content_type() == "application/pdf"]
    assert "Die Kita-Seite wird übersetzt." in _pdf_text(pdf.get_content())
    assert OutboxMail.objects.get().kind == "minutes-review"


def test_those_who_attended_remark_on_the_draft_from_their_page(client, minutes, people):
    services.send_for_review(minutes=minutes)
    open_personal_link(client, people["olena"], f"minutes/{minutes.meeting.pk}/")
    page = reverse("personal:minutes", kwargs={"pk": minutes.meeting.pk})
    assert "Ihre Anmerkung zum Entwurf" in client.get(page).content.decode()
    client.post(page, {"text": "Mein Name ist falsch geschrieben."})
    assert MinutesComment.objects.get().text == "Mein Name ist falsch geschrieben."
    # Someone who was not there does not see the draft.
    other = ParticipantFactory(working_group=minutes.meeting.working_group)
    open_personal_link(client, other)
    assert client.get(page).status_code == 404
    assert client.post(page, {"text": "x"}).status_code == 404


def test_approving_warns_about_items_without_notes_then_locks_the_minutes(coordinator_client, world, people):
    meeting = held_meeting(world.group)
    first, second = meeting.agenda_items.order_by("position")
    minutes = record(meeting, notes={first.pk: "Alles besprochen."})
    response = coordinator_client.post(url("approve", meeting), {"approved_in": ""}, follow=True)
    assert any(f"„{second.title}“ hat keine Notizen" in message for message in messages_of(response))
    assert Minutes.objects.get().status == MinutesStatus.DRAFT
    response = coordinator_client.post(url("approve", meeting), {"confirm_missing_notes": "on"}, follow=True)
    assert "Das Protokoll wurde genehmigt und ist jetzt gesperrt." in messages_of(response)
    minutes.refresh_from_db()
    meeting.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED and minutes.approved_by == world.coordinator
    assert meeting.status == MeetingStatus.MINUTES_APPROVED
    assert MinutesVersion.objects.get().number == 1
    # Locked: the recording page sends back, a save is refused, nothing changes.
    response = coordinator_client.get(url("edit", meeting), follow=True)
    assert "Das Protokoll ist genehmigt und gesperrt." in messages_of(response)[0]
    with pytest.raises(Exception, match="genehmigt und gesperrt"):
        record(meeting, notes={first.pk: "Nachträglich geändert"})
    assert minutes.notes.get(agenda_item=first).text == "Alles besprochen."


def test_approval_names_the_meeting_it_was_approved_in(coordinator_client, world, minutes):
    later = held_meeting(world.group, days_ago=2, title="Herbsttreffen")
    coordinator_client.post(url("approve", minutes.meeting), {"approved_in": later.pk, "confirm_missing_notes": "on"})
    minutes.refresh_from_db()
    assert minutes.approved_in == later
    page = coordinator_client.get(url("detail", minutes.meeting)).content.decode()
    assert f"genehmigt in der Sitzung vom {later.start:%d.%m.%Y}" in page


def test_minutes_are_approved_only_in_a_meeting_that_has_begun(coordinator_client, world, minutes):
    """Approval happens in a meeting that takes place: the next meeting is offered (and chosen) once it has begun;
    one still to come is neither offered nor accepted."""
    upcoming = MeetingFactory(working_group=world.group, title="Wintertreffen", status=MeetingStatus.INVITED)
    page = coordinator_client.get(url("detail", minutes.meeting)).content.decode()
    assert "Wintertreffen" not in page
    response = coordinator_client.post(
        url("approve", minutes.meeting), {"approved_in": upcoming.pk, "confirm_missing_notes": "on"}, follow=True
    )
    assert "Bitte wählen Sie ein Treffen dieses Arbeitskreises." in messages_of(response)
    assert Minutes.objects.get().status == MinutesStatus.DRAFT
    later = held_meeting(world.group, days_ago=1, title="Herbsttreffen")
    page = coordinator_client.get(url("detail", minutes.meeting)).content.decode()
    assert f'<option value="{later.pk}" selected>' in page


def test_a_correction_is_a_new_version_and_the_approved_one_stays(coordinator_client, world, minutes):
    services.approve(minutes=minutes, by=world.coordinator)
    meeting = minutes.meeting
    response = coordinator_client.post(url("correct", meeting), {"reason": ""}, follow=True)
    assert "Bitte geben Sie den Grund der Korrektur an." in messages_of(response)
    coordinator_client.post(url("correct", meeting), {"reason": "Ein Beschluss fehlte."})
    minutes.refresh_from_db()
    assert (minutes.version, minutes.status, minutes.correction_reason) == (2, "draft", "Ein Beschluss fehlte.")
    record(meeting, decisions=["Die Kita-Seite wird übersetzt.", "Die Seite zur Wohnungssuche wird überprüft."])
    services.approve(minutes=minutes, by=world.coordinator)
    first, second = MinutesVersion.objects.order_by("number")
    assert first.content["decisions"] == ["Die Kita-Seite wird übersetzt."]  # unchanged
    assert second.content["decisions"][1] == "Die Seite zur Wohnungssuche wird überprüft."
    old_page = coordinator_client.get(url("version", meeting, number=1)).content.decode()
    assert "Die Seite zur Wohnungssuche" not in old_page and "bleibt unverändert erhalten" in old_page
    old_pdf = coordinator_client.get(url("version-pdf", meeting, number=1))
    assert "Wohnungssuche" not in _pdf_text(old_pdf.content) and "Fassung 1" in _pdf_text(old_pdf.content)
    diff = coordinator_client.get(url("diff", meeting, number=1)).content.decode()
    assert (
        '<span class="diff-added"><span class="visually-hidden">hinzugefügt: </span>+ - Die Seite zur Wohnungssuche'
        in diff
    )


def test_the_approved_minutes_go_to_everyone_or_those_who_attended(coordinator_client, world, minutes, people, commit):
    services.approve(minutes=minutes, by=world.coordinator)
    with commit():
        response = coordinator_client.post(url("send", minutes.meeting), {"recipients": "all"}, follow=True)
    assert "Das Protokoll ist an 2 Personen unterwegs." in messages_of(response)
    assert sorted(message.to[0] for message in mail.outbox) == sorted([people["olena"].email, people["ayse"].email])
    message = mail.outbox[0]
    assert message.subject.startswith("Protokoll: Frühjahrstreffen")
    pdf = next(part for part in parsed(message).walk() if part.get_content_type() == "application/pdf")
    assert pdf.get_filename().startswith("Protokoll Arbeitskreis Karlsruhe")
    with commit():
        coordinator_client.post(url("send", minutes.meeting), {"recipients": "attendees"})
    assert len(mail.outbox) == 2  # Olena has it already (once per version and person); Ayşe was not there


def test_only_approved_minutes_are_sent_and_only_a_draft_is_reviewed(coordinator_client, minutes):
    response = coordinator_client.post(url("send", minutes.meeting), {"recipients": "all"}, follow=True)
    assert "Nur ein genehmigtes Protokoll wird an alle verschickt." in messages_of(response)
    services.send_for_review(minutes=minutes)
    response = coordinator_client.post(url("review", minutes.meeting), follow=True)
    assert "Nur ein Entwurf kann zur Durchsicht versandt werden." in messages_of(response)
    assert not mail.outbox


def test_the_archive_holds_every_approved_protocol_with_a_readable_name(coordinator_client, world, minutes):
    services.approve(minutes=minutes, by=world.coordinator)
    draft_only = record(held_meeting(world.group, days_ago=10, title="Entwurf"))
    response = coordinator_client.get(reverse("minutes:archive", kwargs=world.group.url_kwargs()))
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == [f"Protokoll Arbeitskreis Karlsruhe {minutes.meeting.start:%Y-%m-%d} v1.pdf"]
    assert draft_only.status == "draft"


def test_staff_export_a_year_across_groups(client, world, minutes):
    services.approve(minutes=minutes, by=world.staff)
    client.force_login(world.staff)
    year = minutes.meeting.start.year
    response = client.get(reverse("protocols:year", kwargs={"year": year}))
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert len(names) == 1 and names[0].startswith("Landkreis Karlsruhe – Arbeitskreis Karlsruhe/Protokoll")
    client.force_login(world.coordinator)
    assert client.get(reverse("protocols:year", kwargs={"year": year})).status_code == 403
