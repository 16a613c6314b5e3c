"""Approved minutes say what was approved: their page and PDF show the kept version, not later changes of names,
measures or dates; an erasure removes the person's name from the kept versions too, deletes their remarks and
empties the PDF cache."""

import io

from django.urls import reverse
from pypdf import PdfReader

from documents.models import RenderedDocument
from members import services as member_services
from minutes import services
from minutes.models import MeasureStatus, Minutes, MinutesComment, MinutesStatus
from tests.members.factories import ParticipantFactory
from tests.minutes.factories import MeasureFactory, held_meeting, record


def url(name, meeting, **kwargs):
    return reverse(f"minutes:{name}", kwargs={**meeting.working_group.url_kwargs(), "pk": meeting.pk, **kwargs})


def pdf_text(response):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def _approved(world, olena):
    meeting = held_meeting(world.group)
    measure = MeasureFactory(
        working_group=world.group, meeting=meeting, title="Flyer drucken", responsible_participant=olena
    )
    minutes = record(meeting, attendance={olena.pk: "present"}, decisions=["Flyer werden gedruckt."])
    minutes = services.send_for_review(minutes=minutes, by=world.coordinator)
    services.add_comment(minutes=minutes, participant=olena, text="Bitte meinen Namen richtig schreiben.")
    minutes = services.approve(minutes=Minutes.objects.get(pk=minutes.pk), by=world.coordinator)
    return meeting, measure, minutes


def test_approved_minutes_show_what_was_approved_not_later_changes(coordinator_client, world):
    olena = ParticipantFactory(working_group=world.group, given_name="Олена", family_name="Шевченко")
    meeting, measure, _minutes = _approved(world, olena)
    olena.family_name = "Koval"
    olena.save()
    measure.status = MeasureStatus.DONE
    measure.save()

    page = coordinator_client.get(url("detail", meeting)).content.decode()
    text = pdf_text(coordinator_client.get(url("pdf", meeting)))

    before, remarks = page.split('id="comments-heading"')
    protocol = before + remarks.split("</section>", 1)[1]  # the page without the remarks section
    for shown in (protocol, text):
        assert "Олена Шевченко" in shown and "Koval" not in shown
    assert "Олена Koval" in page  # the remark shows who wrote it as they are called now
    assert "offen" in text and "erledigt" not in text  # the measure's status as it was approved


def test_an_erasure_removes_the_name_from_kept_versions_remarks_and_cached_pdfs(coordinator_client, world):
    olena = ParticipantFactory(working_group=world.group, given_name="Олена", family_name="Шевченко")
    other = ParticipantFactory(working_group=world.other_group, given_name="Олена", family_name="Шевченко")
    meeting, _measure, minutes = _approved(world, olena)
    coordinator_client.get(url("pdf", meeting))
    assert RenderedDocument.objects.exists()

    member_services.erase_participant(participant=olena)

    (version,) = minutes.versions.all()
    names = [row["name"] for row in version.content["attendance"]]
    assert "Олена Шевченко" not in names and "Gelöschte Person" in names
    assert [row["responsible"] for row in version.content["measures"]] == ["Gelöschte Person"]
    assert not MinutesComment.objects.exists() and not RenderedDocument.objects.exists()
    text = pdf_text(coordinator_client.get(url("pdf", meeting)))
    assert "Шевченко" not in text and "Gelöschte Person" in text
    other.refresh_from_db()
    assert other.family_name == "Шевченко"  # another group's person of the same name is untouched
    assert Minutes.objects.get().status == MinutesStatus.APPROVED
