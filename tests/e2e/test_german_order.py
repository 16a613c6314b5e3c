"""The participant list in German order in the browser (Öztürk before Yılmaz, Cyrillic and Arabic after Latin), the
search that ignores case for umlauts, the staff overview of all groups — axe on each page."""

from django.core.management import call_command
from playwright.sync_api import expect

from arbeitskreis.models import WorkingGroup
from tests.e2e.conftest import assert_accessible, log_in
from tests.members.factories import ParticipantFactory

LIST = "/ak/landkreis-karlsruhe/arbeitskreis-integreat/members/"
NAMES = ["Ärger", "Öztürk", "Özdemir", "Yılmaz", "Zimmermann", "Шевченко", "حداد"]


def test_participant_list_in_german_order_with_search(page):
    call_command("seed_demo")
    group = WorkingGroup.objects.get(slug="arbeitskreis-integreat", municipality__slug="landkreis-karlsruhe")
    group.participants.all().delete()
    for name in reversed(NAMES):
        ParticipantFactory(working_group=group, given_name="Eva", family_name=name, organization=None)
    log_in(page)
    page.goto(LIST)
    names = page.locator("table tbody tr td:first-child a")
    expect(names).to_have_text(
        ["Ärger, Eva", "Özdemir, Eva", "Öztürk, Eva", "Yılmaz, Eva", "Zimmermann, Eva", "Шевченко, Eva", "حداد, Eva"]
    )
    assert_accessible(page, "members-list-german-order")

    page.get_by_label("Suche").fill("ÖZTÜRK")
    page.get_by_role("button", name="Filtern").click()
    expect(page.get_by_role("status").filter(has_text="1 Teilnehmende")).to_be_visible()
    expect(names).to_have_text(["Öztürk, Eva"])


def test_staff_overview_of_all_groups(page):
    call_command("seed_demo")
    log_in(page, "admin")
    expect(page.get_by_role("heading", level=1)).to_have_text("Alle Arbeitskreise")
    rows = page.locator("table.staff-groups tbody tr")
    expect(rows).to_have_count(2)
    assert_accessible(page, "dashboard-staff")
    page.get_by_label("Bundesland").select_option("NW")
    page.get_by_role("button", name="Filtern").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Bielefeld")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page, "dashboard-staff-mobile")
