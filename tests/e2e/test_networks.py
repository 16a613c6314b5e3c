"""The regional network end to end in a browser: staff create the network of Nordrhein-Westfalen, plan its meeting and
invite its members; the coordinator of Bielefeld answers from the mail's link; staff record and approve the minutes
and download the network report as a PDF. Then a newcomer answers the feedback form from the QR code's link on a
phone. axe on every page; no page sets a cookie for the newcomer."""

import datetime
import io
import re

from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from pdfminer.high_level import extract_text
from playwright.sync_api import expect

from arbeitskreis.models import WorkingGroup
from meetings.models import Invitation, Meeting
from networks import newcomer_selectors
from networks.models import NewcomerAnswer, NewcomerLink
from tests.e2e.conftest import assert_accessible, log_in
from tests.mail import links, text

COORDINATOR_EMAIL = "m.demir@bielefeld.example.de"


def _answer_link(answer):
    (message,) = [message for message in mail.outbox if message.to == [COORDINATOR_EMAIL]]
    assert "Regionales Netzwerk Nordrhein-Westfalen" in text(message)
    return next(link for link in links(text(message)) if link.endswith(f"answer={answer}"))


def _pdf_text(download):
    with open(download.path(), "rb") as pdf:
        return re.sub(r"-\s+", "-", " ".join(extract_text(io.BytesIO(pdf.read())).split()))


def test_staff_run_a_network_meeting_and_a_coordinator_answers(page, browser, live_server):
    call_command("seed_demo")
    mail.outbox.clear()
    log_in(page, "admin")

    # Staff create the network of Nordrhein-Westfalen: the coordinator of Bielefeld is its member at once.
    page.get_by_role("link", name="Regionale Netzwerke").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Regionale Netzwerke")
    assert_accessible(page, "networks-list")
    page.get_by_role("link", name="Netzwerk Nordrhein-Westfalen anlegen").click()
    expect(page.get_by_label("Bundesland")).to_have_value("NW")
    assert_accessible(page, "networks-create")
    page.get_by_label("Online-Link der Treffen").fill("https://meet.example.org/netzwerk-nrw")
    page.get_by_role("button", name="Netzwerk anlegen").click()
    expect(page.locator(".alert-success")).to_contain_text("mit 1 Koordinationen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Regionales Netzwerk Nordrhein-Westfalen")
    assert page.url.endswith("/netz/nw/")
    assert_accessible(page, "network-home")

    # The network meeting, from the seeded template, online.
    page.get_by_role("link", name="Netzwerktreffen planen").click()
    template = page.get_by_label("Vorlage für die Tagesordnung")
    expect(template.locator("option:checked")).to_have_text("Regionales Netzwerktreffen")
    expect(page.get_by_label("Online-Link")).to_have_value("https://meet.example.org/netzwerk-nrw")
    expect(page.get_by_label("Ort", exact=True)).to_have_value("")
    assert_accessible(page, "network-meeting-create")
    day = timezone.localdate() + datetime.timedelta(days=30)
    page.get_by_label("Titel").fill("Netzwerktreffen NRW")
    page.get_by_label("Datum").fill(day.isoformat())
    page.get_by_role("button", name="Treffen planen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Netzwerktreffen NRW")
    expect(page.locator("main")).to_contain_text("Austausch: Fördermittel, Sprachauswahl, Marketing, Einführung")
    assert_accessible(page, "network-meeting")

    page.get_by_role("link", name="Einladungen verschicken").click()
    page.get_by_role("button", name="Einladungen verschicken").click()
    expect(page.locator(".alert-success")).to_contain_text("unterwegs")
    assert_accessible(page, "network-invitations")
    meeting = Meeting.objects.get(title="Netzwerktreffen NRW")

    # The coordinator of Bielefeld answers from the mail, without logging in.
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    other = context.new_page()
    other.goto(_answer_link("accepted"))
    expect(other.get_by_role("heading", level=1)).to_have_text("Netzwerktreffen NRW")
    assert_accessible(other, "network-answer")
    other.get_by_role("button", name="Meine Antwort speichern").click()
    expect(other.get_by_text("Vielen Dank, Ihre Antwort wurde gespeichert.")).to_be_visible()
    context.close()
    assert Invitation.objects.get(meeting=meeting).answer == "accepted"

    # The day of the meeting has passed: staff record and approve the minutes.
    start = timezone.now() - datetime.timedelta(days=1, hours=2)
    Meeting.objects.filter(pk=meeting.pk).update(start=start, end=start + datetime.timedelta(hours=2))
    page.goto(meeting.get_absolute_url())
    page.locator("main").get_by_role("link", name="Protokoll", exact=True).click()
    page.get_by_role("link", name="Protokoll schreiben").click()
    expect(page.get_by_role("cell", name="Mehmet Demir Stadt Bielefeld")).to_be_visible()
    page.locator("textarea[name^='note_']").first.fill("Vorstellungsrunde: Bielefeld berichtet vom Rumänisch-Angebot.")
    page.locator("#id_decisions").fill("Die Kommunen teilen ihre Marketingideen im Verteiler.")
    assert_accessible(page, "network-minutes-edit")
    page.get_by_role("button", name="Protokoll speichern").click()
    expect(page.locator(".alert-success")).to_contain_text("gespeichert")
    page.goto(f"{meeting.get_absolute_url().replace('/meetings/', '/minutes/')}")
    expect(page.locator("main")).to_contain_text("Die Kommunen teilen ihre Marketingideen im Verteiler.")
    page.get_by_label("Trotzdem genehmigen", exact=False).check()
    page.get_by_role("button", name="Protokoll genehmigen").click()
    expect(page.locator(".minutes-status")).to_contain_text("genehmigt")
    assert_accessible(page, "network-minutes")

    # The network report, as a page and as a PDF.
    network = WorkingGroup.objects.networks().get(state="NW")
    page.goto(f"/netz/{network.slug}/")
    page.get_by_role("link", name="Netzwerkbericht").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Netzwerkbericht")
    expect(page.locator(".report-table")).to_contain_text("Stadt Bielefeld")
    assert_accessible(page, "network-report")
    with page.expect_download() as download:
        page.get_by_role("link", name="Als PDF herunterladen").click()
    content = _pdf_text(download.value)
    assert "Netzwerkbericht Nordrhein-Westfalen" in content and "Stadt Bielefeld" in content
    assert "Landkreis Karlsruhe" not in content


def test_a_newcomer_answers_on_a_phone_from_the_qr_link(page, browser, live_server):
    call_command("seed_demo")
    link = NewcomerLink.objects.get(working_group__municipality__slug="landkreis-karlsruhe")
    address = newcomer_selectors.public_url(link)
    assert address.startswith(live_server.url)
    before = NewcomerAnswer.objects.count()
    context = browser.new_context(
        base_url=live_server.url,
        locale="de-DE",
        viewport={"width": 375, "height": 667},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    phone = context.new_page()
    phone.goto(address)  # what the QR code on the poster says
    expect(phone.get_by_role("heading", level=1)).to_have_text("Haben Sie gefunden, was Sie brauchen?")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(phone, "newcomer-form-phone")
    phone.get_by_label("Welches Thema haben Sie gesucht?").select_option(label="Gesundheit")
    phone.get_by_label("In welcher Sprache haben Sie die App gelesen?").select_option("ro")
    phone.get_by_label("Nein, ich habe es nicht gefunden.").check()
    phone.get_by_label("Was hat gefehlt?").fill("Kinderärzte, die Rumänisch sprechen")
    phone.get_by_role("button", name="Absenden").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Vielen Dank!")
    assert_accessible(phone, "newcomer-thanks-phone")
    assert context.cookies() == []
    context.close()
    assert NewcomerAnswer.objects.count() == before + 1
    stored = NewcomerAnswer.objects.latest("pk")
    assert (stored.language, stored.found, stored.content_area.name) == ("ro", "no", "Gesundheit")
