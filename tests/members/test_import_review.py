"""What a new user tripped over in the import (issue 9): invalid addresses, the column step, a finished import
opened again, the preview's width."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from members import services
from members.models import ImportBatch, Participant

LIST = (
    "Nachname;Vorname;E-Mail;Telefon;Funktion;Sprachen;Notizen\r\n"
    "Haddad;Karim;k.haddad@caritas.example.de;0721 1;Beratung;ar, de;kommt später\r\n"
    "Wagner;Petra;petra.wagner(at)jobcenter;;;;\r\n"
    "Öztürk;Mehmet;mehmet@@awo;;;;\r\n"
).encode()
KEPT = "E-Mail-Adresse ungültig – wird ohne E-Mail übernommen"


def url(world, name, **kwargs):
    return reverse(f"members:{name}", kwargs={**world.group.url_kwargs(), **kwargs})


def upload(client, world, data=LIST, name="liste.csv"):
    return client.post(url(world, "import-upload"), {"file": SimpleUploadedFile(name, data)}, follow=True)


def confirm(client, world, data, follow=True):
    batch = ImportBatch.objects.get()
    return client.post(url(world, "import-confirm", batch=batch.pk), data, follow=follow)


def shown_rows(line, email):
    """What the preview form sends for a row with an invalid address: the row, its tick and the address field."""
    return {"invalid_rows": [str(line)], "keep_without_email": [str(line)], f"email_{line}": email}


# --- Rows with an invalid email address --------------------------------------------------------------------------


def test_invalid_addresses_are_marked_in_the_preview_with_a_field_to_correct_them(coordinator_client, world):
    page = upload(coordinator_client, world).content.decode()
    assert page.count(KEPT) == 2
    assert "2 mit ungültiger E-Mail-Adresse – werden ohne sie übernommen" in page
    assert "3 Teilnehmende importieren" in page
    assert 'name="keep_without_email" value="3" id="keep-3" checked' in page
    assert 'name="email_3"' in page and 'value="petra.wagner(at)jobcenter"' in page
    assert 'name="email_2"' not in page  # a valid address is not offered for correction


def test_people_with_an_invalid_address_are_imported_without_it_and_their_page_says_so(coordinator_client, world):
    upload(coordinator_client, world)
    page = confirm(coordinator_client, world, {"consent_method": ""}).content.decode()
    assert "3 Personen wurden hinzugefügt." in page
    assert (
        "2 Personen wurden ohne ihre ungültigen E-Mail-Adressen hinzugefügt; ihre Seiten zeigen die Adressen." in page
    )
    wagner = Participant.objects.get(family_name="Wagner")
    assert (wagner.email, wagner.invalid_email) == ("", "petra.wagner(at)jobcenter")
    assert Participant.objects.get(family_name="Haddad").invalid_email == ""
    detail = coordinator_client.get(wagner.get_absolute_url()).content.decode()
    assert "Eine importierte Liste nannte „petra.wagner(at)jobcenter“ als E-Mail-Adresse" in detail
    assert "Bitte tragen Sie die richtige Adresse ein." in detail
    # Once an address is entered, the note goes.
    Participant.objects.filter(pk=wagner.pk).update(email="petra.wagner@jobcenter.example.de")
    assert "Eine importierte Liste nannte" not in coordinator_client.get(wagner.get_absolute_url()).content.decode()


def test_an_invalid_address_with_markup_is_shown_escaped(coordinator_client, world):
    """The invalid address is text from a file: the preview and the person's page escape it."""
    hostile = 'a"><script>alert(1)</script><img src=x onerror=alert(2)>b'
    upload(coordinator_client, world, f"Nachname;E-Mail\r\nWagner;{hostile}\r\n".encode())
    confirm(coordinator_client, world, {"consent_method": ""})
    wagner = Participant.objects.get(family_name="Wagner")
    assert wagner.invalid_email == hostile
    page = coordinator_client.get(wagner.get_absolute_url()).content.decode()
    assert escape(hostile) in page
    assert "<script>alert(1)" not in page and "<img src=x" not in page


def test_an_unticked_row_is_skipped(coordinator_client, world):
    upload(coordinator_client, world)
    data = {"consent_method": "", "invalid_rows": ["3", "4"], "keep_without_email": ["4"]}
    page = confirm(coordinator_client, world, data).content.decode()
    assert "2 Personen wurden hinzugefügt. 0 Personen wurden aktualisiert. 1 Zeile wurde übersprungen." in page
    assert sorted(Participant.objects.values_list("family_name", flat=True)) == ["Haddad", "Öztürk"]


def test_a_corrected_address_is_imported(coordinator_client, world):
    upload(coordinator_client, world)
    data = {"consent_method": "", **shown_rows(3, " petra.wagner@jobcenter.example.de ")}
    page = confirm(coordinator_client, world, data).content.decode()
    assert "3 Personen wurden hinzugefügt." in page
    assert "1 Person wurde ohne ihre ungültige E-Mail-Adresse hinzugefügt" in page  # Öztürk, not corrected
    wagner = Participant.objects.get(family_name="Wagner")
    assert (wagner.email, wagner.invalid_email) == ("petra.wagner@jobcenter.example.de", "")


def test_an_emptied_address_imports_the_person_without_email_and_without_a_note(coordinator_client, world):
    upload(coordinator_client, world)
    confirm(coordinator_client, world, {"consent_method": "", **shown_rows(3, "")})
    wagner = Participant.objects.get(family_name="Wagner")
    assert (wagner.email, wagner.invalid_email) == ("", "")


def test_a_correction_that_is_still_invalid_gets_a_message_next_to_the_row_and_nothing_is_stored(
    coordinator_client, world
):
    upload(coordinator_client, world)
    data = {"consent_method": "in_person", **shown_rows(3, "petra.wagner@"), "invalid_rows": ["3", "4"]}
    response = confirm(coordinator_client, world, data, follow=False)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bitte korrigieren Sie die markierten E-Mail-Adressen. Es wurde nichts gespeichert." in page
    message = "Bitte geben Sie eine gültige E-Mail-Adresse ein oder leeren Sie das Feld"
    row = re.search(r'<tr class="table-warning">\s*<td data-label="Zeile">3</td>.*?</tr>', page, re.S).group()
    assert message in row and 'value="petra.wagner@"' in row and 'aria-invalid="true"' in row
    assert 'name="keep_without_email" value="4" id="keep-4">' in page  # unticked row 4 stays unticked
    assert '<option value="in_person" selected>' in page
    assert not Participant.objects.exists()
    assert ImportBatch.objects.get().imported_at is None
    # Corrected again: imported.
    confirm(coordinator_client, world, {"consent_method": "", **shown_rows(3, "petra@jobcenter.example.de")})
    assert Participant.objects.get(family_name="Wagner").email == "petra@jobcenter.example.de"


def test_a_correction_to_a_known_address_updates_that_person(coordinator_client, world):
    upload(coordinator_client, world, b"Nachname;Vorname;E-Mail\r\nWagner;Petra;petra(at)jc\r\n")
    services.create_participant(group=world.group, data={"family_name": "Wagner", "email": "Petra@JC.example.de"})
    confirm(coordinator_client, world, {"consent_method": "", **shown_rows(2, "petra@jc.example.de")})
    (wagner,) = Participant.objects.all()
    assert (wagner.given_name, wagner.email) == ("Petra", "Petra@JC.example.de")


def test_erasure_removes_the_invalid_address_and_the_personal_copy_lists_it(coordinator_client, client, world):
    upload(coordinator_client, world)
    confirm(coordinator_client, world, {"consent_method": ""})
    wagner = Participant.objects.get(family_name="Wagner")
    client.get(reverse("personal:entry", kwargs={"token": wagner.token}))
    data = json.loads(client.get(reverse("personal:data-json")).content)
    assert data["invalid_email_from_import"] == "petra.wagner(at)jobcenter"
    services.erase_participant(participant=wagner)
    wagner.refresh_from_db()
    assert wagner.invalid_email == ""


# --- The column step ---------------------------------------------------------------------------------------------


def test_the_column_step_says_what_was_recognised_and_warns_only_about_the_rest(coordinator_client, world):
    upload(coordinator_client, world, b"Name;Vorname;Mail;Haus\r\nKaya;Yusuf;y@example.org;AWO\r\n")
    page = coordinator_client.get(url(world, "import-map", batch=ImportBatch.objects.get().pk)).content.decode()
    assert "Erkannt: Nachname (Spalte „Name“), Vorname, E-Mail-Adresse (Spalte „Mail“)." in page
    assert "Nicht erkannt: Haus. Bitte wählen Sie, was diese Spalte enthält, oder ignorieren Sie sie." in page
    assert "Einige Spalten" not in page


def test_the_column_step_with_every_column_recognised_has_no_warning(coordinator_client, world):
    upload(coordinator_client, world)  # straight to the preview; the step is one click back
    page = coordinator_client.get(url(world, "import-map", batch=ImportBatch.objects.get().pk)).content.decode()
    assert "Erkannt: Nachname, Vorname, E-Mail-Adresse, Telefon, Funktion, Sprachen, Notizen." in page
    assert "Alle Spalten wurden erkannt." in page
    assert "nicht erkannt" not in page.lower()


# --- A finished import opened again ------------------------------------------------------------------------------


@pytest.mark.parametrize("step", ["import-preview", "import-map"])
def test_a_finished_import_opened_again_shows_what_was_imported(coordinator_client, world, step):
    upload(coordinator_client, world)
    confirm(coordinator_client, world, {"consent_method": ""})
    batch = ImportBatch.objects.get()
    response = coordinator_client.get(url(world, step, batch=batch.pk))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]  # the back button asks again instead of showing the old page
    page = response.content.decode()
    assert "Diese Liste wurde importiert" in page
    local, name = timezone.localtime(batch.imported_at), world.coordinator.get_full_name()
    assert f"<strong>liste.csv</strong> wurde am {local:%d.%m.%Y} um {local:%H:%M} Uhr von {name} importiert." in page
    assert "3 Personen wurden hinzugefügt. 0 Personen wurden aktualisiert." in page
    assert f'href="{url(world, "participant-list")}"' in page
    assert batch.counts == {
        "new": 3,
        "update": 0,
        "possible_duplicate": 0,
        "duplicate": 0,
        "invalid_email": 0,
        "no_name": 0,
        "too_long": 0,
        "empty": 0,
        "without_email": 2,
    }


def test_confirming_a_finished_import_again_leads_to_its_page(coordinator_client, world):
    upload(coordinator_client, world)
    confirm(coordinator_client, world, {"consent_method": ""})
    response = confirm(coordinator_client, world, {"consent_method": ""})
    page = response.content.decode()
    assert "Diese Datei wurde bereits importiert." in page and "Diese Liste wurde importiert" in page
    assert Participant.objects.count() == 3


def test_another_groups_finished_import_is_still_not_found(coordinator_client, world, client):
    upload(coordinator_client, world)
    confirm(coordinator_client, world, {"consent_method": ""})
    client.force_login(world.outsider)
    assert client.get(url(world, "import-preview", batch=ImportBatch.objects.get().pk)).status_code == 404


# --- The preview's width -----------------------------------------------------------------------------------------


def test_rarely_needed_columns_are_folded_into_the_row(coordinator_client, world):
    page = upload(coordinator_client, world).content.decode()
    head = re.search(r"<thead>.*?</thead>", page, re.S).group()
    assert re.findall(r'<th scope="col">([^<]+)</th>', head) == [
        "Zeile",
        "Ergebnis",
        "Nachname",
        "Vorname",
        "E-Mail-Adresse",
        "Weitere Angaben",
    ]
    haddad = re.search(r"<tr>\s*<td data-label=\"Zeile\">2</td>.*?</tr>", page, re.S).group()
    for label, value in [("Funktion", "Beratung"), ("Telefon", "0721 1"), ("Sprachen", "ar, de")]:
        assert f'<dt class="d-inline fw-semibold">{label}:</dt> <dd class="d-inline mb-0">{value}</dd>' in haddad
    assert 'class="table table-sm align-middle import-preview stack-sm"' in page
