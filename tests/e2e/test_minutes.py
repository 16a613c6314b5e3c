"""Minutes in the browser: the coordinator records attendance (prefilled from the answers) and notes, records a
measure decided in the meeting, sends the draft for review, approves it and downloads the PDF — axe on every
minutes page."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from arbeitskreis.models import WorkingGroup
from meetings.models import Answer, MeetingStatus
from minutes.models import Attendance, Measure, Minutes, MinutesStatus
from outbox.models import OutboxMail
from tests.e2e.conftest import assert_accessible, log_in
from tests.meetings.factories import AgendaItemFactory, InvitationFactory, MeetingFactory, at

GROUP = "/ak/landkreis-karlsruhe/arbeitskreis-integreat"


def _meeting_two_days_ago():
    group = WorkingGroup.objects.get(municipality__slug="landkreis-karlsruhe")
    meeting = MeetingFactory(
        working_group=group,
        title="Sondertreffen Wohnen",
        start=at(timezone.localdate() - datetime.timedelta(days=2)),
        status=MeetingStatus.HELD,
    )
    for position, title in enumerate(("Begrüßung", "Wohnungssuche", "Verschiedenes"), start=1):
        AgendaItemFactory(meeting=meeting, position=position, title=title, planned_minutes=30)
    people = list(group.participants.active().exclude(email="").filter(consent_given_at__isnull=False).order_by("pk"))
    accepted, declined = people[0], people[1]
    InvitationFactory(meeting=meeting, participant=accepted, answer=Answer.ACCEPTED)
    InvitationFactory(meeting=meeting, participant=declined, answer=Answer.DECLINED)
    return meeting, accepted, declined


def _pdf_text(download):
    with open(download.path(), "rb") as pdf:
        reader = PdfReader(io.BytesIO(pdf.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_record_review_approve_and_download(page):
    call_command("seed_demo")
    meeting, accepted, declined = _meeting_two_days_ago()
    log_in(page, "koordination-karlsruhe")

    # The group's minutes: every meeting that has begun, the new one not written yet.
    page.goto(GROUP + "/")
    page.get_by_role("navigation").get_by_role("link", name="Protokoll", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Protokoll")
    row = page.get_by_role("row").filter(has_text="Sondertreffen Wohnen")
    expect(row).to_contain_text("noch nicht geschrieben")
    assert_accessible(page, "minutes-list")
    row.get_by_role("link", name="Sondertreffen Wohnen").click()
    page.get_by_role("link", name="Protokoll schreiben").click()

    # Attendance is prefilled from the answers: the decline is "excused", the acceptance "present".
    def attendance(person):
        return page.get_by_role("group", name=f"Anwesenheit von {person.display_name}")

    expect(attendance(accepted).get_by_label("anwesend")).to_be_checked()
    expect(attendance(declined).get_by_label("entschuldigt")).to_be_checked()
    assert_accessible(page, "minutes-edit")
    page.get_by_role("textbox", name="Gäste").fill("Svetlana Morozova; Jugendmigrationsdienst")
    items = list(meeting.agenda_items.order_by("position"))
    for item, note in zip(
        items, ("Begrüßung durch die Koordination.", "- **Wohnberechtigungsschein** erklären"), strict=False
    ):
        page.locator(f"textarea[name=note_{item.pk}]").fill(note)
    page.get_by_role("textbox", name="Beschlüsse").fill("Die Seite zur Wohnungssuche wird auf Ukrainisch übersetzt.")
    page.get_by_role("button", name="Protokoll speichern").click()
    # Saved, and the page stays open (the meeting goes on).
    expect(page.get_by_role("status")).to_have_text("Das Protokoll wurde gespeichert.")
    expect(page.locator(f"textarea[name=note_{items[1].pk}]")).to_have_value("- **Wohnberechtigungsschein** erklären")
    assert Attendance.objects.filter(meeting=meeting, participant=declined, status="excused").exists()

    # A measure decided in the meeting, recorded from the minutes (the meeting preselected).
    page.get_by_role("link", name="Eine in diesem Treffen beschlossene Maßnahme aufnehmen").click()
    expect(page.get_by_label("Beschlossen im Treffen")).to_have_value(str(meeting.pk))
    page.get_by_label("Was ist zu tun?").fill("Wohnungsbörse auf Ukrainisch verlinken")
    page.get_by_label("Budget (EUR)").fill("250")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wohnungsbörse auf Ukrainisch verlinken")
    assert Measure.objects.get(title="Wohnungsbörse auf Ukrainisch verlinken").meeting == meeting

    # The minutes page: the notes as formatted text, the measure decided in the meeting.
    page.goto(f"{GROUP}/minutes/{meeting.pk}/")
    expect(page.locator("strong", has_text="Wohnberechtigungsschein")).to_be_visible()
    expect(page.get_by_text("Wohnungsbörse auf Ukrainisch verlinken")).to_be_visible()
    assert_accessible(page, "minutes-detail-draft")

    # Sent for review: the PDF goes to those who attended and can be emailed (the excused person gets none).
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Zur Durchsicht versenden").click()
    expect(page.get_by_text("zur Durchsicht versandt").first).to_be_visible()
    review_mails = OutboxMail.objects.about_any([Minutes.objects.get(meeting=meeting)]).filter(kind="minutes-review")
    recipients = set(review_mails.values_list("to_address", flat=True))
    assert accepted.email in recipients and declined.email not in recipients
    assert_accessible(page, "minutes-detail-review")

    # Approved (the item without notes needs a confirmation first), then locked.
    page.get_by_role("button", name="Protokoll genehmigen").click()
    expect(page.get_by_role("status")).to_contain_text("„Verschiedenes“ hat keine Notizen")
    page.get_by_label("Trotzdem genehmigen, obwohl einige Tagesordnungspunkte keine Notizen haben").check()
    page.get_by_role("button", name="Protokoll genehmigen").click()
    expect(page.get_by_text("Fassung 1, genehmigt").first).to_be_visible()
    expect(page.get_by_role("link", name="Protokoll weiterschreiben")).to_have_count(0)
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == MinutesStatus.APPROVED and minutes.versions.count() == 1
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_APPROVED
    assert_accessible(page, "minutes-detail-approved")

    # The PDF: the meeting, who attended, the notes, the decision, the measure, approved.
    with page.expect_download() as download:
        page.get_by_role("link", name="Als PDF herunterladen").click()
    text = _pdf_text(download.value)
    for expected in (
        "Sondertreffen Wohnen",
        accepted.display_name,
        "Svetlana Morozova",
        "Wohnberechtigungsschein",
        "Die Seite zur Wohnungssuche wird auf Ukrainisch übersetzt.",
        "Wohnungsbörse auf Ukrainisch verlinken",
        "genehmigt",
        "Seite 1 von",
    ):
        assert expected in text, expected
