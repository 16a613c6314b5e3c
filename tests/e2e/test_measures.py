"""The measures register in the browser: filters, a measure recorded (first with a bad budget, the message next to
the field), its status changed; axe checks every page."""

import re

from django.core.management import call_command
from playwright.sync_api import expect

from minutes.models import Measure
from tests.e2e.conftest import assert_accessible, log_in

GROUP = "/ak/landkreis-karlsruhe/arbeitskreis-integreat"


def test_register_filters_create_and_status_change(page):
    call_command("seed_demo")
    log_in(page, "koordination-karlsruhe")
    page.goto(f"{GROUP}/minutes/measures/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Maßnahmen")
    expect(page.locator("tr.measure-overdue").first).to_be_visible()
    expect(page.get_by_text("Budget aller Maßnahmen:")).to_be_visible()
    assert_accessible(page, "measures-register")

    # Filters: only overdue ones, then a search.
    page.get_by_label("nur überfällige").check()
    page.get_by_role("button", name="Filtern").click()
    overdue = Measure.objects.filter(working_group__municipality__slug="landkreis-karlsruhe").overdue().count()
    expect(page.locator("table.measure-register tbody tr")).to_have_count(overdue)
    page.get_by_role("searchbox", name="Suche").fill("Plakate")
    page.get_by_role("button", name="Filtern").click()
    expect(page.locator("table.measure-register tbody tr")).to_have_count(1)
    assert_accessible(page, "measures-register-filtered")

    # A new measure: a bad budget is refused with the message next to the field, the text typed is kept.
    page.goto(f"{GROUP}/minutes/measures/")
    page.get_by_role("link", name="Maßnahme erfassen").click()
    page.get_by_label("Was ist zu tun?").fill("Aushang im Jobcenter auf Ukrainisch")
    page.get_by_label("Verantwortlich").select_option(label="Petra Wagner (Jobcenter Landkreis Karlsruhe)")
    page.get_by_label("Budget (EUR)").fill("abc")
    page.get_by_label("Finanzierung").fill("Kommunaler Haushalt")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Bitte geben Sie einen Betrag in Euro an, z. B. 1500 oder 1.500,50.")).to_be_visible()
    expect(page.get_by_label("Was ist zu tun?")).to_have_value("Aushang im Jobcenter auf Ukrainisch")
    assert_accessible(page, "measures-form-error")
    page.get_by_label("Budget (EUR)").fill("1.250,50")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aushang im Jobcenter auf Ukrainisch")
    expect(page.get_by_text("1.250,50 €")).to_be_visible()
    assert_accessible(page, "measures-detail")

    # Status: start work, then done; the history shows both steps.
    page.get_by_role("button", name="Bearbeitung beginnen").click()
    expect(page.locator(".measure-status").first).to_have_text("in Arbeit")
    page.get_by_role("button", name="Als erledigt markieren").click()
    expect(page.locator(".measure-status").first).to_have_text("erledigt")
    expect(page.locator(".measure-history")).to_contain_text(re.compile(r"in Arbeit → erledigt"))
    assert_accessible(page, "measures-detail-done")
    measure = Measure.objects.get(title="Aushang im Jobcenter auf Ukrainisch")
    assert measure.status == "done" and measure.done_on is not None and str(measure.budget) == "1250.50"
