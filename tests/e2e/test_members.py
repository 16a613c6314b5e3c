"""Import the workshop's participation list through preview and confirm; axe on the list, preview, personal page."""

import re
from pathlib import Path

from django.core.management import call_command
from playwright.sync_api import expect

from members.models import Participant
from tests.e2e.conftest import assert_accessible, log_in

SAMPLE = Path(__file__).resolve().parents[1] / "members" / "data" / "teilnahmeliste-einfuehrungsworkshop.csv"
LIST = "/ak/landkreis-karlsruhe/arbeitskreis-integreat/members/"


def test_coordinator_imports_the_sample_file(page):
    call_command("seed_demo")
    before = Participant.objects.filter(working_group__slug="arbeitskreis-integreat").count()
    log_in(page)
    page.get_by_role("link", name="Arbeitskreis Integreat Landkreis Karlsruhe").click()
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Teilnehmende").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Teilnehmende")
    expect(page.get_by_role("status").filter(has_text="15 Teilnehmende")).to_be_visible()
    assert_accessible(page, "members-list")

    page.get_by_label("Suche").fill("caritas")
    page.get_by_role("button", name="Filtern").click()
    expect(page.get_by_role("status").filter(has_text="3 Teilnehmende")).to_be_visible()
    expect(page.get_by_role("link", name="Haddad, Karim")).to_be_visible()
    page.get_by_role("link", name="Filter zurücksetzen").click()

    page.get_by_role("link", name="Liste importieren").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Teilnehmende importieren")
    assert_accessible(page, "members-import-upload")
    page.get_by_label("Teilnahmeliste").set_input_files(str(SAMPLE))
    page.get_by_role("button", name="Hochladen und prüfen").click()

    expect(page.get_by_role("heading", name="Vorschau von teilnahmeliste-einfuehrungsworkshop.csv")).to_be_visible()
    expect(page.get_by_text("Noch wurde nichts gespeichert.")).to_be_visible()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(7)
    expect(rows.filter(has_text="Kovalenko")).to_contain_text("aktualisiert bestehende Person")
    # The demo group has the same six people with other addresses: possible duplicates, skipped unless ticked.
    expect(rows.filter(has_text="Yılmaz")).to_contain_text("mögliche Doppelung")
    expect(rows.filter(has_text="Ahmadi")).to_contain_text("Eine Person mit diesem Namen gibt es schon")
    expect(
        page.get_by_text("6 mögliche Doppelungen – werden übersprungen, wenn Sie sie nicht auswählen")
    ).to_be_visible()
    expect(page.get_by_role("checkbox", name="trotzdem als neue Person anlegen")).to_have_count(6)
    assert_accessible(page, "members-import-preview")
    assert Participant.objects.filter(working_group__slug="arbeitskreis-integreat").count() == before

    page.get_by_role("checkbox", name="Yılmaz").check()
    page.get_by_label("Einwilligung der neuen Teilnehmenden").select_option("in_person")
    page.get_by_role("button", name="1 Teilnehmende:n und die ausgewählten möglichen Doppelungen importieren").click()
    expect(
        page.get_by_role("status").filter(
            has_text="1 Person wurde hinzugefügt. 1 Person wurde aktualisiert. "
            "5 mögliche Doppelungen wurden nicht importiert."
        )
    ).to_be_visible()
    expect(page).to_have_url(re.compile(LIST + "$"))
    expect(page.get_by_role("status").filter(has_text="16 Teilnehmende")).to_be_visible()
    page.go_back()  # to the preview: the finished import says what happened instead of a 404
    expect(page.get_by_role("heading", name="Diese Liste wurde importiert")).to_be_visible()
    page.go_forward()
    expect(page.get_by_role("link", name="Ahmadi, Fatemeh")).to_have_count(1)  # not ticked: no second Fatemeh Ahmadi
    expect(page.get_by_role("link", name="Yılmaz, Ayşe")).to_have_count(2)  # ticked: created anyway
    assert Participant.objects.filter(working_group__slug="arbeitskreis-integreat").count() == before + 1
    assert Participant.objects.filter(
        working_group__slug="arbeitskreis-integreat", email="ayse.yilmaz@example.org"
    ).exists()

    page.get_by_role("link", name="Yılmaz, Ayşe").last.click()  # the imported one (the demo has another)
    expect(page.get_by_role("heading", level=1)).to_have_text("Ayşe Yılmaz")
    assert_accessible(page, "members-detail")
    personal_link = page.get_by_role("textbox", name="Link").input_value()

    page.get_by_role("link", name="Verteiler").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verteiler")
    assert_accessible(page, "members-mailing-list")

    # The personal page, without login.
    page.get_by_role("button", name="Abmelden").click()
    page.goto(personal_link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Guten Tag, Ayşe Yılmaz")
    expect(page.get_by_text("ayse.yilmaz@example.org")).to_be_visible()
    assert_accessible(page, "members-personal-page")
    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    page.get_by_role("button", name="Löschung beantragen").click()
    expect(page.get_by_role("status").filter(has_text="Ihr Antrag wurde an die Koordination")).to_be_visible()
    assert questions == ["Möchten Sie wirklich die Löschung Ihrer Daten beantragen?"]


def test_participant_list_on_a_phone(page):
    call_command("seed_demo")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page)
    page.goto(LIST)
    expect(page.get_by_role("heading", level=1)).to_have_text("Teilnehmende")
    assert_accessible(page, "members-list-mobile")
    participant = Participant.objects.get(
        family_name="Kovalenko", working_group__municipality__slug="landkreis-karlsruhe"
    )
    page.goto(f"/p/{participant.token}/")
    assert_accessible(page, "members-personal-page-mobile")


def test_unknown_column_is_mapped_by_hand(page, tmp_path):
    call_command("seed_demo")
    listing = tmp_path / "liste-mit-unbekannter-spalte.csv"
    listing.write_bytes("Teilnehmer:in;Vorname;Haus\r\nBondarenko;Dmytro;Ukrainischer Verein\r\n".encode("cp1252"))
    log_in(page)
    page.goto(LIST + "organisations/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisationen")
    assert_accessible(page, "members-organizations")
    page.goto(LIST + "import/")
    page.get_by_label("Teilnahmeliste").set_input_files(str(listing))
    page.get_by_role("button", name="Hochladen und prüfen").click()
    expect(page.get_by_text("Nicht erkannt: Teilnehmer:in, Haus.")).to_be_visible()
    expect(page.get_by_text("Erkannt: Vorname.")).to_be_visible()
    page.get_by_role("button", name="Weiter zur Vorschau").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte wählen Sie die Spalte mit dem Nachnamen.")
    assert_accessible(page, "members-import-map")
    page.get_by_label("Teilnehmer:in").select_option("family_name")
    page.get_by_label("Haus").select_option("organization")
    page.get_by_role("button", name="Weiter zur Vorschau").click()
    expect(page.locator("table tbody tr")).to_contain_text("Bondarenko")
    page.get_by_role("button", name="1 Teilnehmende:n importieren").click()
    expect(page.get_by_role("status").filter(has_text="1 Person wurde hinzugefügt.")).to_be_visible()


def test_participant_form_shows_errors_next_to_the_fields(page):
    call_command("seed_demo")
    log_in(page)
    page.goto(LIST + "new/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Person hinzufügen")
    page.get_by_label("Vorname").fill("Reza")
    page.get_by_label("E-Mail-Adresse").fill("reza.moradi@example.org")  # already used in the demo group
    page.get_by_label("Sprachen").fill("fa, Klingonisch")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Eine andere Person in diesem Arbeitskreis hat diese E-Mail-Adresse.")).to_be_visible()
    expect(page.get_by_text("Unbekannte Sprachen: klingonisch.")).to_be_visible()
    expect(page.get_by_label("Nachname*")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "members-form-errors")
    page.get_by_label("Nachname*").fill("Moradi")
    page.get_by_label("E-Mail-Adresse").fill("")
    page.get_by_label("Sprachen").fill("fa, de")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reza Moradi")
    expect(page.get_by_text("Keine Einwilligung eingetragen")).to_be_visible()


WIDE_LIST = (
    "Nachname;Vorname;E-Mail;Organisation;Funktion;Telefon;Sprachen;Notizen\r\n"
    "Schneider-Hohenberger;Jonas-Maximilian;jonas-maximilian.schneider-hohenberger@volkshochschule-landkreis.example.de;"
    "Volkshochschule Landkreis Karlsruhe, Fachbereich Integration und Sprachkurse;Leitung Integrationskurse;"
    "+49 721 936 123 456;Deutsch, Englisch, Türkisch, Ukrainisch;Kommt meist erst zur zweiten Stunde, "
    "bittet um Unterlagen vorab per Post\r\n"
    "Brandt;Maja;maja.brandt(at)jobcenter-landkreis-karlsruhe;Jobcenter Landkreis Karlsruhe;Fallmanagement;;;\r\n"
)


def test_import_preview_fits_a_1280_screen_and_a_phone(page, tmp_path):
    call_command("seed_demo")
    listing = tmp_path / "teilnahmeliste-lang.csv"
    listing.write_bytes(WIDE_LIST.encode("utf-8-sig"))
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page)
    page.goto(LIST + "import/")
    page.get_by_label("Teilnahmeliste").set_input_files(str(listing))
    page.get_by_role("button", name="Hochladen und prüfen").click()
    expect(page.get_by_role("heading", name="Vorschau von teilnahmeliste-lang.csv")).to_be_visible()
    preview_url = page.url
    table = page.get_by_role("region", name="Zeilen der Datei und was mit ihnen geschieht")
    brandt = page.locator("table tbody tr").filter(has_text="Brandt")
    for width, name in [(1280, "members-import-preview-1280"), (390, "members-import-preview-mobile")]:
        page.set_viewport_size({"width": width, "height": 900})
        # Nothing to scroll sideways: neither the page nor the table.
        assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        assert table.evaluate("element => element.scrollWidth <= element.clientWidth"), width
        expect(brandt).to_contain_text("E-Mail-Adresse ungültig – wird ohne E-Mail übernommen")
        expect(brandt.get_by_role("checkbox", name="diese Person übernehmen")).to_be_checked()
        expect(page.get_by_label("Korrigierte E-Mail-Adresse, Zeile 3")).to_be_visible()
        expect(page.locator("table tbody tr").first).to_contain_text("Telefon: +49 721 936 123 456")
        assert_accessible(page, name)
    # On the phone, a correction that is still wrong comes back next to the row; then the right one is imported.
    page.get_by_label("Korrigierte E-Mail-Adresse, Zeile 3").fill("maja.brandt@jobcenter")
    page.get_by_role("button", name="2 Teilnehmende importieren").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte korrigieren Sie die markierten E-Mail-Adressen.")
    expect(brandt).to_contain_text("Bitte geben Sie eine gültige E-Mail-Adresse ein")
    expect(page.get_by_label("Korrigierte E-Mail-Adresse, Zeile 3")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, "members-import-preview-mobile-error")
    assert not Participant.objects.filter(family_name="Brandt").exists()
    page.get_by_label("Korrigierte E-Mail-Adresse, Zeile 3").fill("maja.brandt@jobcenter.example.de")
    page.get_by_role("button", name="2 Teilnehmende importieren").click()
    expect(page.get_by_role("status").filter(has_text="2 Personen wurden hinzugefügt.")).to_be_visible()
    assert Participant.objects.get(family_name="Brandt").email == "maja.brandt@jobcenter.example.de"
    # The finished import, opened again from a bookmark, says what happened.
    page.goto(preview_url)
    expect(page.get_by_role("heading", name="Diese Liste wurde importiert")).to_be_visible()
    expect(page.get_by_text("2 Personen wurden hinzugefügt.")).to_be_visible()
    assert_accessible(page, "members-import-done")
