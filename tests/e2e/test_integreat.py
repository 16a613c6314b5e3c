"""The coordinator loads the demo snapshot (as uploaded JSON files of the two endpoints), reads the tree and the
coverage, picks an area for the next meeting, marks pages in it, sees the content gaps created and the coverage chart
on the Wirkung page. axe checks every page, the error next to a field and the SVG chart included."""

import json
import re

from django.core.management import call_command
from playwright.sync_api import expect

from integreat.demo import answers
from members.models import Organization
from tests.e2e.conftest import assert_accessible, log_in

GROUP = "/ak/landkreis-karlsruhe/arbeitskreis-integreat"


def write_answers(folder):
    """The demo region's answers as the files a coordinator saves from the API."""
    regions, pages = answers("landkreis-karlsruhe")
    (folder / "regions.json").write_text(json.dumps(regions), encoding="utf-8")
    files = []
    for code, data in pages.items():
        path = folder / f"pages-{code}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        files.append(path)
    return folder / "regions.json", files


def test_load_pick_mark_and_see_the_coverage(page, tmp_path):
    call_command("seed_demo")
    regions_file, pages_files = write_answers(tmp_path)
    log_in(page, "koordination-karlsruhe")
    page.goto(f"{GROUP}/")

    # Load the snapshot from files (the installation has no internet access).
    group_navigation = page.get_by_role("navigation", name=re.compile("^Arbeitskreis: "))
    group_navigation.get_by_role("link", name="Integreat-Seiten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Integreat-Seiten")
    page.get_by_role("link", name="Stattdessen JSON-Dateien hochladen").click()
    assert_accessible(page, "integreat-upload")
    page.get_by_label("Regionen").set_input_files(regions_file)
    page.get_by_label("Seiten (Antworten").set_input_files(pages_files)
    page.get_by_role("button", name="Dateien übernehmen").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Die Seitenstruktur wurde übernommen: 44 Seiten in 7 Sprachen."
    )
    expect(page.get_by_text("Quelle: hochgeladene Dateien")).to_be_visible()
    assert_accessible(page, "integreat-tree")

    # The tree filtered: pages whose Romanian translation is missing or older than the German text.
    filters = page.get_by_role("form", name="Filtern")
    filters.get_by_label("Sprache", exact=True).select_option("ro")
    filters.get_by_label("nur mit fehlender oder veralteter Übersetzung").check()
    filters.get_by_role("button", name="Filtern").click()
    expect(page.get_by_role("status").first).to_contain_text(re.compile(r"^\d+ von 44 Seiten$"))
    assert_accessible(page, "integreat-tree-filtered")
    page.get_by_role("link", name="Abdeckung", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Abdeckung und Aktualität")
    assert_accessible(page, "integreat-coverage")
    page.get_by_role("link", name="Themenbereiche", exact=True).click()
    expect(page.get_by_role("row", name=re.compile("^Wohnen"))).to_be_visible()
    assert_accessible(page, "integreat-areas")

    # The next meeting: pick the area "Wohnen" for its content check.
    page.goto(f"{GROUP}/meetings/")
    page.get_by_role("link", name=re.compile("Halbjährliches Treffen")).first.click()
    expect(
        page.get_by_text("Für dieses Treffen wurde noch keine Integreat-Seite zur Prüfung ausgewählt.")
    ).to_be_visible()
    page.get_by_role("link", name="Seiten auswählen und prüfen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inhaltsprüfung")
    page.get_by_label(re.compile(r"Wohnen \(6 Seiten")).check()
    page.get_by_role("button", name="Seiten dieser Bereiche hinzufügen").click()
    expect(page.get_by_role("status").first).to_contain_text("6 Seiten wurden der Prüfliste hinzugefügt.")
    assert_accessible(page, "integreat-checklist")

    # In the meeting: one page checked, one without translations, one refused until its languages are named.
    page.get_by_role("article", name="Wohnungssuche").get_by_label("geprüft").check()
    page.get_by_role("article", name="Wohnungssuche").get_by_role(
        "button", name=re.compile("^Ergebnis speichern")
    ).click()
    expect(page.get_by_role("status").first).to_contain_text("„Wohnungssuche“ ist als „geprüft“ markiert.")
    mietvertrag = page.get_by_role("article", name="Mietvertrag")
    mietvertrag.get_by_label("Übersetzung fehlt").check()
    mietvertrag.get_by_role("button", name=re.compile("^Ergebnis speichern")).click()
    mietvertrag = page.get_by_role("article", name="Mietvertrag")
    expect(mietvertrag).to_contain_text("Bitte wählen Sie die Sprachen, in denen die Übersetzung fehlt.")
    assert_accessible(page, "integreat-checklist-error")
    organization = Organization.objects.filter(working_group__municipality__slug="landkreis-karlsruhe").first()
    kaution = page.get_by_role("article", name="Kaution")
    kaution.get_by_label("Übersetzung fehlt").check()
    kaution.get_by_label("Arabisch (ar)").check()
    kaution.get_by_label("Ukrainisch (uk)").check()
    kaution.get_by_label("Verantwortlich").select_option(label=organization.name)
    kaution.get_by_label("Notiz").fill("Die Seite zur Mietkaution fehlt auf Arabisch und Ukrainisch.")
    kaution.get_by_role("button", name=re.compile("^Ergebnis speichern")).click()
    expect(page.get_by_role("status").first).to_contain_text(
        "die Inhaltslücke „Übersetzung fehlt: Kaution“ wurde im Register erfasst."
    )
    page.get_by_role("article", name="Kaution").get_by_role("link", name="Übersetzung fehlt: Kaution").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Übersetzung fehlt: Kaution")
    expect(page.get_by_text(organization.name).first).to_be_visible()
    expect(
        page.locator("a[href='https://integreat.app/landkreis-karlsruhe/de/wohnen/mietvertrag/kaution/']")
    ).to_be_visible()
    assert_accessible(page, "integreat-finding")

    # The meeting page lists the results; the Wirkung page shows the coverage chart with its table.
    page.go_back()
    page.get_by_role("link", name=re.compile("Zurück zum Treffen")).click()
    section = page.get_by_role("region", name="Inhaltsprüfung der Integreat-Seiten")
    expect(section).to_contain_text("2 von 6 Seiten geprüft.")
    expect(section.get_by_role("row", name=re.compile("^Kaution Übersetzung fehlt"))).to_be_visible()
    assert_accessible(page, "integreat-meeting")
    page.goto(f"{GROUP}/findings/impact/")
    chart = page.get_by_role("img", name="Übersetzte Seiten je Sprache, in Prozent")
    expect(chart).to_be_visible()
    expect(page.get_by_role("table", name="Übersetzte Seiten je Sprache, in Prozent")).to_contain_text("Arabisch (ar)")
    assert_accessible(page, "integreat-impact")
