"""A participant suggests a content gap through the personal link; the coordinator accepts, assigns and resolves
it and sees it counted on the Wirkung page. axe checks every page, the SVG charts included."""

import re

from django.core.management import call_command
from playwright.sync_api import expect

from findings.models import Finding
from members.models import Organization, Participant
from tests.e2e.conftest import assert_accessible, log_in

GROUP = "/ak/landkreis-karlsruhe/arbeitskreis-integreat"


def key_figure(page, label):
    """The number shown under ``label`` among the key figures of the Wirkung page."""
    return int(page.locator(".key-figures dt", has_text=re.compile(f"^{label}$")).locator("xpath=../dd").inner_text())


def half_year_closed(page):
    table = page.get_by_role("table", name="Erfasste und abgeschlossene Inhaltslücken je Halbjahr")
    return int(table.locator("tbody tr").last.locator("td").nth(1).inner_text())


def test_suggestion_becomes_finding_and_counts_on_impact_page(page):
    call_command("seed_demo")
    participant = Participant.objects.filter(working_group__municipality__slug="landkreis-karlsruhe").active().first()

    # The participant, without an account, opens the personal link and suggests a content gap.
    page.goto(f"/p/{participant.token}/")
    page.get_by_role("link", name="Vorschlag machen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vorschlag machen")
    assert_accessible(page, "findings-suggest")
    page.get_by_label("Inhaltslücke").check()
    page.get_by_label("Titel").fill("Elterngeld auf Rumänisch")
    page.get_by_label("Beschreibung").fill("Die Seite zum Elterngeld fehlt auf Rumänisch.")
    page.get_by_label("Betroffene Sprache").select_option("ro")
    page.get_by_label("Themenbereich").select_option(label="Familie und Kinder")
    page.get_by_role("button", name="Vorschlag senden").click()
    expect(page.get_by_role("status").first).to_contain_text("Vielen Dank!")
    expect(page.get_by_role("cell", name=re.compile("Elterngeld auf Rumänisch"))).to_be_visible()
    assert_accessible(page, "findings-suggest-sent")

    # The coordinator looks at the Wirkung figures first, then accepts the suggestion.
    log_in(page, "koordination-karlsruhe")
    page.goto(f"{GROUP}/findings/impact/")
    resolved_before, closed_before = key_figure(page, "Gelöst"), half_year_closed(page)
    page.goto(f"{GROUP}/findings/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inhaltslücken")
    expect(page.locator("tr.finding-overdue").first).to_be_visible()
    assert_accessible(page, "findings-register")
    page.get_by_role("link", name=re.compile("^Vorschläge")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vorschläge von Teilnehmenden")
    assert_accessible(page, "findings-suggestions")
    card = page.get_by_role("article", name="Elterngeld auf Rumänisch")
    card.get_by_role("button", name="Als Inhaltslücke übernehmen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Elterngeld auf Rumänisch")
    expect(page.get_by_text(f"Vorschlag von {participant.display_name}")).to_be_visible()
    assert_accessible(page, "findings-detail-new")

    # … assigns it to an organisation with a due date …
    page.get_by_role("link", name="Bearbeiten", exact=True).click()
    organization = Organization.objects.filter(working_group=participant.working_group).active().first()
    page.get_by_label("Zuständig").select_option(label=organization.name)
    page.get_by_label("Priorität").select_option(label="hoch")
    page.get_by_label("Fällig am").fill("2035-06-30")
    assert_accessible(page, "findings-edit")
    page.get_by_role("button", name="Speichern").click()
    history = page.get_by_role("region", name="Verlauf")
    expect(history).to_contain_text(f"Zuständigkeit: – → {organization.name}")
    expect(history).to_contain_text("Priorität: normal → hoch")
    expect(history).to_contain_text("Fällig am: – → 30.06.2035")

    # … works on it and resolves it.
    page.get_by_role("button", name="Bearbeitung beginnen").click()
    expect(page.get_by_role("status").first).to_contain_text("Die Inhaltslücke ist jetzt in Bearbeitung.")
    page.get_by_label("Vermerk zur Erledigung").fill("Seite übersetzt und veröffentlicht.")
    page.get_by_role("button", name="Als gelöst markieren").click()
    expect(page.get_by_role("status").first).to_contain_text("Die Inhaltslücke ist jetzt gelöst.")
    expect(history).to_contain_text("Status: in Bearbeitung → gelöst")
    assert_accessible(page, "findings-detail-resolved")
    finding = Finding.objects.get(title="Elterngeld auf Rumänisch")
    assert (finding.status, finding.assignee_organization) == ("resolved", organization)

    # The Wirkung page counts it: one more closed finding in the current half-year.
    page.get_by_role("link", name="Zurück zum Register").click()
    page.get_by_role("link", name="Wirkung").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wirkung")
    # Three charts of the content gaps, one of the translations of the demo's Integreat pages, two of the newcomers'
    # answers (networks).
    expect(page.locator("svg[role=img]")).to_have_count(6)
    assert key_figure(page, "Gelöst") == resolved_before + 1
    assert half_year_closed(page) == closed_before + 1
    assert_accessible(page, "findings-impact")


def test_participant_sees_declined_note_and_staff_sees_overview(page):
    call_command("seed_demo")
    log_in(page, "admin")

    # Bad input is explained next to the field; the page stays accessible.
    page.goto(f"{GROUP}/findings/new/")
    page.get_by_label("Titel").fill("Seite zur Einbürgerung")
    page.get_by_label("Integreat-Seite").fill("ftp://integreat.app/einbuergerung")
    page.get_by_role("button", name="Speichern").click()
    expect(
        page.get_by_text("Bitte geben Sie eine Webadresse an, die mit http:// oder https:// beginnt.")
    ).to_be_visible()
    assert_accessible(page, "findings-form-error")
    page.goto(f"{GROUP}/findings/areas/")
    page.get_by_label("Neuer Themenbereich").fill("Mobilität")
    page.get_by_role("button", name="Hinzufügen").click()
    expect(page.get_by_role("listitem").filter(has_text="Mobilität")).to_be_visible()
    assert_accessible(page, "findings-areas")

    page.goto(f"{GROUP}/findings/impact/")
    page.get_by_role("link", name="Alle Kommunen vergleichen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wirkung über alle Kommunen")
    page.get_by_label("Bundesland").select_option("NW")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.get_by_text("Arbeitskreise in Nordrhein-Westfalen")).to_be_visible()
    table = page.get_by_role("table", name="Kommunen im Vergleich")
    # One group and the total row of the Bundesland (its name, not its code).
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text("Stadt Bielefeld")
    expect(table).to_contain_text("Summe Nordrhein-Westfalen")
    assert_accessible(page, "findings-overview")

    page.goto(f"{GROUP}/findings/suggestions/")
    card = page.get_by_role("article").filter(has_text="Kinderarzt-Liste ist veraltet")
    card.get_by_label("Warum wird der Vorschlag abgelehnt?").fill("Die Liste wird gerade vom Gesundheitsamt erneuert.")
    card.get_by_role("button", name="Ablehnen").click()
    expect(page.get_by_role("status").first).to_contain_text("Der Vorschlag wurde abgelehnt")
    suggestion_participant = Participant.objects.get(
        suggestions__title="Kinderarzt-Liste ist veraltet", working_group__municipality__slug="landkreis-karlsruhe"
    )
    page.get_by_role("button", name="Abmelden").click()
    page.goto(f"/p/{suggestion_participant.token}/suggest/")
    expect(page.get_by_text("Die Liste wird gerade vom Gesundheitsamt erneuert.")).to_be_visible()
    assert_accessible(page, "findings-suggest-declined")


def test_agenda_topic_suggestion_goes_onto_a_meeting_agenda(page):
    from findings.selectors import meetings_for_topics
    from meetings.models import Meeting

    call_command("seed_demo")
    participant = Participant.objects.filter(working_group__municipality__slug="landkreis-karlsruhe").active().first()
    meeting = meetings_for_topics(participant.working_group).first()
    assert meeting is not None, "the demo data has an upcoming meeting"

    page.goto(f"/p/{participant.token}/suggest/")
    page.get_by_label("Thema für die Tagesordnung").check()
    page.get_by_label("Titel").fill("Austausch mit der rumänischen Gemeinde")
    page.get_by_role("button", name="Vorschlag senden").click()
    expect(page.get_by_role("status").first).to_contain_text("Vielen Dank!")

    log_in(page, "koordination-karlsruhe")
    page.goto(f"{GROUP}/findings/suggestions/")
    card = page.get_by_role("article", name="Austausch mit der rumänischen Gemeinde")
    select = card.get_by_label("Auf die Tagesordnung von")
    expect(select).to_be_visible()
    select.select_option(str(meeting.pk))
    assert_accessible(page, "findings-suggestions-agenda-topic")
    card.get_by_role("button", name="Als Tagesordnungspunkt übernehmen").click()
    expect(page.get_by_role("status").first).to_contain_text(meeting.title)
    page.goto(Meeting.objects.get(pk=meeting.pk).get_absolute_url())
    expect(page.locator("#agenda")).to_contain_text("Austausch mit der rumänischen Gemeinde")
