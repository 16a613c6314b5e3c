"""Schedule a meeting in the browser from the first-meeting template, pick two focus questions, reorder the
agenda without JavaScript and see the clock times; axe on every page, and the page in print media."""

import os
import re

from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, assert_accessible, log_in

GROUP = "/ak/landkreis-karlsruhe/arbeitskreis-integreat"


def test_coordinator_schedules_a_meeting_from_the_first_meeting_template(page):
    call_command("seed_demo")
    log_in(page)
    page.goto(f"{GROUP}/")
    page.get_by_role("link", name="Treffen", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Treffen")
    expect(page.get_by_role("heading", name="Anstehende Treffen")).to_be_visible()
    expect(page.get_by_role("cell", name="Protokoll genehmigt")).to_be_visible()
    assert_accessible(page, "meetings-list")

    page.get_by_role("link", name="Treffen planen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Treffen planen")
    expect(page.get_by_text(re.compile(r"Vorgeschlagener Termin: \w+, \d+\. \w+ \d{4}, 16:00 Uhr\."))).to_be_visible()
    assert_accessible(page, "meeting-create")

    # Three questions are one too many.
    page.get_by_label("Titel").fill("Erstes Treffen mit den neuen Akteur:innen")
    page.get_by_label("Wer genau ist unsere Zielgruppe", exact=False).check()
    page.get_by_label("Wer könnte als Multiplikator:in wirken", exact=False).check()
    page.get_by_label("Wie gestalten wir das regionale Marketing", exact=False).check()
    page.get_by_label("Vorlage für die Tagesordnung").select_option(
        label="Erstes Treffen: Kennenlernen und Erwartungen"
    )
    page.get_by_role("button", name="Treffen planen").click()
    expect(page.get_by_text("Bitte wählen Sie höchstens zwei Leitfragen.")).to_be_visible()
    assert_accessible(page, "meeting-create-error")

    page.get_by_label("Wie gestalten wir das regionale Marketing", exact=False).uncheck()
    page.get_by_role("button", name="Treffen planen").click()
    expect(page.get_by_text("Das Treffen wurde geplant.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Erstes Treffen mit den neuen Akteur:innen")
    questions = page.locator(".focus-questions li")
    expect(questions).to_have_count(2)
    expect(questions.first).to_contain_text("Wer genau ist unsere Zielgruppe")

    rows = page.locator("tr.agenda-row")
    expect(rows).to_have_count(4)
    expect(rows.nth(0)).to_contain_text("16:00–16:20")
    expect(rows.nth(0)).to_contain_text("Begrüßung und Vorstellungsrunde")
    expect(rows.nth(2)).to_contain_text("16:40–17:15")
    expect(page.locator(".agenda-total")).to_have_text("90 von 90 Minuten")
    assert_accessible(page, "meeting-detail")

    page.get_by_role(
        "button", name="„Austausch über Erwartungen, Wünsche und Anregungen“ nach oben verschieben"
    ).click()
    expect(
        page.get_by_text("„Austausch über Erwartungen, Wünsche und Anregungen“ wurde nach oben verschoben.")
    ).to_be_visible()
    expect(rows.nth(1)).to_contain_text("Austausch über Erwartungen, Wünsche und Anregungen")
    expect(rows.nth(1)).to_contain_text("16:20–16:55")
    expect(rows.nth(2)).to_contain_text("Rückblick und Einblick in den aktuellen Stand")
    expect(rows.nth(2)).to_contain_text("16:55–17:15")

    # An item that makes the agenda run over the duration.
    page.get_by_label("Titel").fill("Neuigkeiten aus dem Integreat-Team")
    page.get_by_label("Geplante Minuten").fill("15")
    page.get_by_role("button", name="Punkt hinzufügen").click()
    expect(rows).to_have_count(5)
    expect(rows.nth(4)).to_contain_text("17:30–17:45")
    expect(
        page.get_by_text("Die Tagesordnung überschreitet die geplante Dauer des Treffens um 15 Minuten.")
    ).to_be_visible()
    assert_accessible(page, "meeting-detail-over")

    # Drag and drop on top of the buttons: the news item to the top.
    expect(page.get_by_text("Sie können die Zeilen auch mit der Maus in eine neue Reihenfolge ziehen.")).to_be_visible()
    rows.nth(4).drag_to(rows.nth(0), target_position={"x": 20, "y": 5})
    expect(page.get_by_text("Die neue Reihenfolge der Tagesordnung wurde gespeichert.")).to_be_visible()
    expect(rows.nth(0)).to_contain_text("Neuigkeiten aus dem Integreat-Team")
    expect(rows.nth(0)).to_contain_text("16:00–16:15")
    expect(rows.nth(1)).to_contain_text("Begrüßung und Vorstellungsrunde")

    page.get_by_role("button", name="Als eingeladen markieren").click()
    expect(page.get_by_text("Das Treffen ist jetzt als „eingeladen“ markiert.")).to_be_visible()
    expect(page.get_by_role("button", name="Als eingeladen markieren")).to_have_count(0)

    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Treffen absagen")).to_be_hidden()
    expect(page.get_by_role("heading", name="Tagesordnungspunkt hinzufügen")).to_be_hidden()
    expect(page.locator(".agenda-table")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator(".meeting-facts")).to_contain_text(" Uhr (90 Minuten)")
    expect(page.get_by_role("heading", name="Leitfragen")).to_be_visible()
    if os.environ.get("SCREENSHOTS"):
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "meeting-print.png", full_page=True)
    page.emulate_media(media="screen")

    # Cancelling asks first; dismissing the question changes nothing.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Treffen absagen").click()
    expect(page.locator(".meeting-status")).to_have_text("eingeladen")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Treffen absagen").click()
    expect(page.get_by_text("Das Treffen wurde abgesagt.")).to_be_visible()
    expect(page.locator(".meeting-status")).to_have_text("abgesagt")
    expect(page.get_by_role("button", name="Treffen absagen")).to_have_count(0)
    expect(page.get_by_role("link", name="Angaben bearbeiten")).to_have_count(0)


def test_observer_reads_templates_and_focus_questions(page):
    call_command("seed_demo")
    log_in(page, "beobachtung-karlsruhe")
    page.goto(f"{GROUP}/meetings/")
    expect(page.get_by_role("link", name="Treffen planen")).to_have_count(0)
    page.get_by_role("link", name="Vorlagen für die Tagesordnung").click()
    expect(page.get_by_role("heading", name="Erstes Treffen: Kennenlernen und Erwartungen")).to_be_visible()
    assert_accessible(page, "meeting-templates")
    page.goto(f"{GROUP}/meetings/")
    page.get_by_role("link", name="Leitfragen").click()
    expect(page.get_by_text("Wie gewinnen wir Fachwissen, und wie binden wir es ein?")).to_be_visible()
    assert_accessible(page, "focus-questions")
    page.goto(f"{GROUP}/meetings/")
    page.get_by_role("link", name=re.compile("Halbjährliches Treffen")).first.click()
    expect(page.get_by_role("heading", name="Tagesordnung")).to_be_visible()
    expect(page.get_by_role("button", name="Als stattgefunden markieren")).to_have_count(0)
    assert_accessible(page, "meeting-detail-observer")
