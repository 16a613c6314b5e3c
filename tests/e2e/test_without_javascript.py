"""Every page's main action works without JavaScript: log in, navigate on a phone, search, reorder the agenda,
change a content gap's status, switch the language, log out. (axe needs JavaScript: the same pages are checked
with it in the other browser tests.)"""

import os
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from findings.models import Finding
from meetings.models import Meeting
from tests.e2e.conftest import SCREENSHOTS, log_in

GROUP = "/ak/landkreis-karlsruhe/arbeitskreis-integreat"


def screenshots():
    return bool(os.environ.get("SCREENSHOTS"))


def screenshot_path(name):
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


def assert_fits_the_screen(page, selector):
    width = page.viewport_size["width"]
    rows = page.locator(selector)
    expect(rows.first).to_be_visible()
    for index in range(min(rows.count(), 5)):
        box = rows.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, (selector, box, width)


@pytest.fixture
def page(browser, live_server, live_base_url, data_migration_rows):
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", java_script_enabled=False, viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def test_main_actions_work_without_javascript(page):
    call_command("seed_demo")
    log_in(page)

    # The collapsed phone navigation is open without JavaScript (noscript style).
    navigation = page.get_by_role("navigation", name="Hauptnavigation")
    expect(navigation.get_by_role("button", name="Abmelden")).to_be_visible()
    page.get_by_role("link", name="Arbeitskreis Integreat Landkreis Karlsruhe").click()
    page.get_by_role("navigation", name="Arbeitskreis: Arbeitskreis Integreat Landkreis Karlsruhe").get_by_role(
        "link", name="Teilnehmende"
    ).click()
    page.get_by_label("Suche").fill("caritas")
    page.get_by_role("button", name="Filtern").click()
    expect(page.get_by_role("link", name="Haddad, Karim")).to_be_visible()

    meeting = Meeting.objects.filter(working_group__municipality__slug="landkreis-karlsruhe").upcoming().first()
    first, second = [item.title for item in meeting.agenda_items.order_by("position")[:2]]
    page.goto(meeting.get_absolute_url())
    page.get_by_role("button", name=f"„{first}“ nach unten").click()
    expect(page.get_by_role("status").first).to_be_visible()
    titles = page.locator(".agenda-title").all_inner_texts()
    assert titles[:2] == [second, first]
    assert [item.title for item in meeting.agenda_items.order_by("position")[:2]] == [second, first]
    # On a phone the agenda shows every cell of a row within the screen, no sideways scrolling.
    assert_fits_the_screen(page, ".agenda-row")
    if screenshots():
        page.screenshot(path=str(screenshot_path("nojs-phone-agenda")), full_page=True)

    page.goto(f"{GROUP}/findings/")
    assert_fits_the_screen(page, "table.register tbody tr")
    if screenshots():
        page.screenshot(path=str(screenshot_path("nojs-phone-register")), full_page=True)

    finding = Finding.objects.filter(working_group=meeting.working_group, status="open").first()
    page.goto(finding.get_absolute_url())
    page.get_by_label("Vermerk zur Erledigung").fill("Seite auf Arabisch ergänzt.")
    page.get_by_role("button", name="Als gelöst markieren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(finding.title)
    finding.refresh_from_db()
    assert (finding.status, finding.resolution_note) == ("resolved", "Seite auf Arabisch ergänzt.")
    expect(page.get_by_role("button", name="Wieder öffnen")).to_be_visible()

    page.get_by_label("Sprache").select_option("en")
    page.get_by_role("button", name="Wechseln").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
