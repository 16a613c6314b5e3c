"""Log in as the demo coordinator, see the dashboard, switch the language, log out — axe on every page."""

import re

from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import assert_accessible


def test_coordinator_logs_in_switches_language_and_logs_out(page):
    call_command("seed_demo")

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page).to_have_title("Anmelden · Arbeitskreis")
    assert_accessible(page, "login")

    page.get_by_label("Benutzername").fill("koordination-karlsruhe")
    page.get_by_label("Passwort").fill("wrong")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte Benutzername und Passwort eingeben.")
    assert_accessible(page, "login-error")

    page.get_by_label("Passwort").fill("demo-arbeitskreis")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Arbeitskreise")
    expect(page).to_have_title("Übersicht · Arbeitskreis")
    expect(page.get_by_role("link", name="Arbeitskreis Integreat Landkreis Karlsruhe")).to_be_visible()
    expect(page.get_by_text("Arbeitskreis Integreat Bielefeld")).to_have_count(0)
    assert_accessible(page, "dashboard")

    page.get_by_role("link", name="Arbeitskreis Integreat Landkreis Karlsruhe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Arbeitskreis Integreat Landkreis Karlsruhe")
    expect(page.get_by_text("alle 6 Monate")).to_be_visible()
    assert_accessible(page, "group")

    page.get_by_label("Sprache").select_option("en")
    page.get_by_role("button", name="Wechseln").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_text("every 6 months")).to_be_visible()
    page.get_by_role("link", name="Overview").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your working groups")
    assert_accessible(page, "dashboard-en")

    page.get_by_label("Language").select_option("de")
    page.get_by_role("button", name="Switch").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")

    page.get_by_role("button", name="Abmelden").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_mobile_navigation_opens_and_other_group_is_hidden(page):
    call_command("seed_demo")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/accounts/login/")
    page.get_by_label("Benutzername").fill("koordination-bielefeld")
    page.get_by_label("Passwort").fill("demo-arbeitskreis")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihre Arbeitskreise")
    toggler = page.get_by_role("button", name="Navigation ein- oder ausblenden")
    expect(toggler).to_be_visible()
    toggler.click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()
    assert_accessible(page, "dashboard-mobile")

    response = page.goto("/ak/landkreis-karlsruhe/arbeitskreis-integreat/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Seite nicht gefunden")
    assert_accessible(page, "not-found")
