"""Import through the pages: upload, column mapping, preview, confirm — and nothing stored before the confirm."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from members.models import ConsentMethod, ImportBatch, Organization, Participant
from tests.members.factories import OrganizationFactory, ParticipantFactory


def url(world, name, **kwargs):
    return reverse(f"members:{name}", kwargs={**world.group.url_kwargs(), **kwargs})


def upload(client, world, data, name="liste.csv"):
    return client.post(url(world, "import-upload"), {"file": SimpleUploadedFile(name, data)}, follow=True)


def assert_nothing_stored(world):
    assert not Participant.objects.exists()
    assert not Organization.objects.exists()
    assert not ImportBatch.objects.filter(imported_at__isnull=False).exists()


def test_sample_file_preview_then_confirm(coordinator_client, world, sample_bytes):
    response = upload(coordinator_client, world, sample_bytes, "teilnahmeliste-einfuehrungsworkshop.csv")
    assert response.redirect_chain[-1][0].endswith(f"/import/{ImportBatch.objects.get().pk}/")
    page = response.content.decode()
    assert "Vorschau von teilnahmeliste-einfuehrungsworkshop.csv" in page
    assert "Noch wurde nichts gespeichert." in page
    assert page.count(">neu</span>") == 7
    assert "Yılmaz" in page and "Stadtverwaltung, Amt für Integration" in page
    assert "7 Teilnehmende importieren" in page
    assert not Participant.objects.exists()

    batch = ImportBatch.objects.get()
    response = coordinator_client.post(
        url(world, "import-confirm", batch=batch.pk), {"consent_method": ConsentMethod.IN_PERSON}, follow=True
    )
    assert "7 Personen wurden hinzugefügt. 0 Personen wurden aktualisiert." in response.content.decode()
    assert Participant.objects.filter(working_group=world.group).count() == 7
    ayse = Participant.objects.get(family_name="Yılmaz")
    assert (ayse.given_name, ayse.email, ayse.phone, ayse.function) == (
        "Ayşe",
        "ayse.yilmaz@example.org",
        "0721 123456",
        "Vorsitzende",
    )
    assert ayse.language_codes == ["de", "tr"]
    assert ayse.organization.name == "Integrationsbeirat der Stadt"
    assert ayse.consent_method == ConsentMethod.IN_PERSON and ayse.consent_given_at is not None
    assert len(ayse.token) >= 43
    assert Participant.objects.get(family_name="Popescu").email == ""
    assert Organization.objects.filter(working_group=world.group).count() == 7
    batch.refresh_from_db()
    assert batch.imported_at is not None and batch.rows == []


def test_confirm_twice_imports_once(coordinator_client, world, sample_bytes):
    upload(coordinator_client, world, sample_bytes)
    batch = ImportBatch.objects.get()
    coordinator_client.post(url(world, "import-confirm", batch=batch.pk), {"consent_method": ""})
    response = coordinator_client.post(
        url(world, "import-confirm", batch=batch.pk), {"consent_method": ""}, follow=True
    )
    assert "Diese Datei wurde bereits importiert." in response.content.decode()
    assert Participant.objects.count() == 7
    assert Participant.objects.filter(consent_given_at__isnull=True).count() == 7


def test_update_existing_participant_by_email_any_case(coordinator_client, world):
    org = OrganizationFactory(working_group=world.group, name="Volkshochschule")
    existing = ParticipantFactory(
        working_group=world.group,
        given_name="J.",
        family_name="Schneider",
        email="J.Schneider@VHS.example.de",
        phone="0721 1",
        organization=org,
        languages=",de,",
    )
    data = (
        "Nachname;Vorname;E-Mail;Telefon;Sprachen;Organisation\n"
        "Schneider;Jonas;j.schneider@vhs.example.de;;en;volkshochschule\n"
    )
    response = upload(coordinator_client, world, data.encode())
    page = response.content.decode()
    assert "aktualisiert bestehende Person" in page
    assert "aktualisiert J. Schneider" in page
    coordinator_client.post(url(world, "import-confirm", batch=ImportBatch.objects.get().pk), {"consent_method": ""})
    existing.refresh_from_db()
    assert existing.given_name == "Jonas"
    assert existing.phone == "0721 1"  # an empty cell never erases
    assert existing.language_codes == ["de", "en"]
    assert existing.organization == org
    assert Participant.objects.count() == 1 and Organization.objects.count() == 1


def test_duplicates_are_skipped_and_invalid_emails_left_out(coordinator_client, world):
    data = (
        "Nachname;Vorname;E-Mail\r\n"
        "Haddad;Karim;k.haddad@caritas.example.de\r\n"
        "Haddad;Karim;K.Haddad@caritas.example.de\r\n"
        "Wagner;Petra;petra.wagner(at)jobcenter\r\n"
        ";;\r\n"
        "Ahmadi;Fatemeh;\r\n"
    ).encode("cp1252")
    response = upload(coordinator_client, world, data)
    page = response.content.decode()
    assert "doppelt in der Datei – übersprungen" in page
    assert "Gleiche E-Mail-Adresse wie in Zeile 2." in page
    assert "E-Mail-Adresse ungültig – wird ohne E-Mail übernommen" in page
    assert "leere Zeile – übersprungen" in page
    assert "3 Teilnehmende importieren" in page
    assert not Participant.objects.exists()
    response = coordinator_client.post(
        url(world, "import-confirm", batch=ImportBatch.objects.get().pk), {"consent_method": ""}, follow=True
    )
    expected = "3 Personen wurden hinzugefügt. 0 Personen wurden aktualisiert. 1 Zeile wurde übersprungen."
    assert expected in response.content.decode()
    assert sorted(Participant.objects.values_list("family_name", flat=True)) == ["Ahmadi", "Haddad", "Wagner"]
    wagner = Participant.objects.get(family_name="Wagner")
    assert (wagner.email, wagner.invalid_email) == ("", "petra.wagner(at)jobcenter")


def _oversized(settings):
    settings.MEMBERS_IMPORT_MAX_BYTES = 1024
    return ("Nachname;Vorname\n" + "Müller;Hans\n" * 200).encode()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "leer.csv", "Die Datei ist leer."),
        (b"Nachname;Vorname;E-Mail\r\n", "kopf.csv", "Die Datei enthält eine Kopfzeile, aber keine Teilnehmenden."),
        (
            b"Vorname;E-Mail;Telefon\r\nAyse;a@example.org;1\r\n",
            "ohne-name.csv",
            "Die Datei hat keine Spalte mit dem Nachnamen.",
        ),
        (bytes(range(256)) * 40, "muell.csv", "Die Datei ist keine Tabelle."),
        (
            b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\x00\x00stream\x00\x01\x02",
            "protokoll.pdf",
            "Die Datei ist keine Tabelle.",
        ),
        (b"PK\x03\x04kaputt", "liste.xlsx", "Die Datei ist keine Tabelle."),
        (
            "Nachname\tVorname\r\n".encode("utf-16-be") + "Ü\tÖ\r\n".encode("utf-16-be"),
            "utf16.csv",
            "Die Datei ist keine Tabelle.",
        ),
        ("oversized", "gross.csv", "Die Datei ist zu groß (2,6\xa0KB). Die Grenze liegt bei 1,0\xa0KB."),
    ],
)
def test_malformed_files_get_a_message_and_store_nothing(coordinator_client, world, settings, data, name, message):
    if data == "oversized":
        data = _oversized(settings)
    response = coordinator_client.post(url(world, "import-upload"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert 'class="invalid-feedback' in page  # next to the field
    assert not ImportBatch.objects.exists()
    assert_nothing_stored(world)


def test_unknown_header_goes_to_the_mapping_step(coordinator_client, world):
    data = b"Teilnehmer:in;Vorname;Haus;E-Mail\nKaya;Yusuf;AWO;y.kaya@example.org\n"
    response = upload(coordinator_client, world, data)
    page = response.content.decode()
    assert "Nicht erkannt: Teilnehmer:in, Haus." in page
    assert "Erkannt: Vorname, E-Mail-Adresse." in page
    assert page.count("nicht erkannt</span>") == 2
    batch = ImportBatch.objects.get()
    map_url = url(world, "import-map", batch=batch.pk)
    # Without a name column the form says so and stays.
    response = coordinator_client.post(map_url, {"column_0": "", "column_1": "given_name", "column_3": "email"})
    assert "Bitte wählen Sie die Spalte mit dem Nachnamen." in response.content.decode()
    # The same field twice is refused next to the field.
    response = coordinator_client.post(
        map_url, {"column_0": "family_name", "column_1": "given_name", "column_2": "given_name", "column_3": "email"}
    )
    assert "„Vorname“ ist schon einer anderen Spalte zugeordnet." in response.content.decode()
    response = coordinator_client.post(
        map_url,
        {"column_0": "family_name", "column_1": "given_name", "column_2": "organization", "column_3": "email"},
        follow=True,
    )
    page = response.content.decode()
    assert "1 Teilnehmende:n importieren" in page
    assert page.count(">neu</span>") == 1
    coordinator_client.post(url(world, "import-confirm", batch=batch.pk), {"consent_method": ""})
    kaya = Participant.objects.get()
    assert (kaya.family_name, kaya.organization.name) == ("Kaya", "AWO")


def test_xlsx_upload(coordinator_client, world):
    workbook = Workbook()
    workbook.active.append(["Familienname", "Vorname", "Email-Adresse", "Träger"])
    workbook.active.append(["Shevchenko", "Natalia", "n.shevchenko@example.org", "Ukrainischer Verein"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload(coordinator_client, world, buffer.getvalue(), "liste.xlsx")
    coordinator_client.post(url(world, "import-confirm", batch=ImportBatch.objects.get().pk), {"consent_method": ""})
    assert Participant.objects.get().email == "n.shevchenko@example.org"


def test_import_is_all_or_nothing(coordinator_client, world, sample_bytes, monkeypatch):
    upload(coordinator_client, world, sample_bytes)
    batch = ImportBatch.objects.get()

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Participant.objects, "bulk_create", fail)
    coordinator_client.raise_request_exception = False
    response = coordinator_client.post(url(world, "import-confirm", batch=batch.pk), {"consent_method": ""})
    assert response.status_code == 500
    assert_nothing_stored(world)  # the organisations created before the failure were rolled back too
    batch.refresh_from_db()
    assert batch.imported_at is None and len(batch.rows) == 7


def test_another_groups_batch_is_not_found(coordinator_client, world, sample_bytes, client):
    upload(coordinator_client, world, sample_bytes)
    batch = ImportBatch.objects.get()
    other_url = reverse("members:import-preview", kwargs={**world.other_group.url_kwargs(), "batch": batch.pk})
    client.force_login(world.outsider)
    assert client.get(other_url).status_code == 404
    assert (
        client.post(
            reverse("members:import-confirm", kwargs={**world.other_group.url_kwargs(), "batch": batch.pk})
        ).status_code
        == 404
    )


def test_observer_cannot_import(observer_client, world, sample_bytes):
    response = observer_client.post(
        url(world, "import-upload"), {"file": SimpleUploadedFile("liste.csv", sample_bytes)}
    )
    assert response.status_code == 403
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("count", [3, 60])
def test_preview_queries_do_not_grow_with_updates(coordinator_client, world, django_assert_num_queries, count):
    people = [ParticipantFactory(working_group=world.group, email=f"person{n}@example.org") for n in range(count)]
    data = "Nachname;Vorname;E-Mail\n" + "".join(f"{p.family_name};{p.given_name};{p.email.upper()}\n" for p in people)
    upload(coordinator_client, world, data.encode())
    batch = ImportBatch.objects.get()
    # session, user, group with the role, batch, the group's participants, the group's organisation names
    with django_assert_num_queries(6):
        response = coordinator_client.get(url(world, "import-preview", batch=batch.pk))
    page = response.content.decode()
    assert page.count("aktualisiert bestehende Person") == count
    assert f"aktualisiert {people[-1].given_name} {people[-1].family_name}" in page
    assert page.count("keine Änderung") == count


@pytest.mark.parametrize("count", [3, 60])
def test_preview_queries_do_not_grow_with_possible_duplicates_and_organisations(
    coordinator_client, world, django_assert_num_queries, count
):
    people = [ParticipantFactory(working_group=world.group, email=f"person{n}@example.org") for n in range(count)]
    data = "Nachname;Vorname;E-Mail;Organisation\n" + "".join(
        f"{p.family_name};{p.given_name};other{n}@example.org;Verein {n}\n" for n, p in enumerate(people)
    )
    upload(coordinator_client, world, data.encode())
    batch = ImportBatch.objects.get()
    with django_assert_num_queries(6):
        response = coordinator_client.get(url(world, "import-preview", batch=batch.pk))
    page = response.content.decode()
    assert page.count('name="create_anyway"') == count
    assert page.count("neue Organisation") == count


POSSIBLE_DUPLICATES = (
    "Nachname;Vorname;E-Mail;Organisation\n"
    "Ahmadi;Fatemeh;f.ahmadi@neu.example.de;Caritasverband\n"
    "Wagner;Petra;;\n"
    "Schmidt;Anna;anna@example.org;\n"
)


def _with_existing_people(world):
    ParticipantFactory(working_group=world.group, given_name="Fatemeh", family_name="Ahmadi", email="fa@alt.example")
    ParticipantFactory(working_group=world.group, given_name="Petra", family_name="Wagner", email="")


def test_possible_duplicates_are_skipped_by_default(coordinator_client, world):
    _with_existing_people(world)
    page = upload(coordinator_client, world, POSSIBLE_DUPLICATES.encode()).content.decode()
    assert page.count(">mögliche Doppelung</span>") == 2
    assert "2 mögliche Doppelungen – werden übersprungen, wenn Sie sie nicht auswählen" in page
    assert 'for="create-anyway-2">trotzdem als neue Person anlegen' in page
    assert 'id="create-anyway-2"' in page and 'id="create-anyway-3"' in page
    assert "(Zeile 2: Fatemeh Ahmadi)" in page
    assert "1 Teilnehmende:n und die ausgewählten möglichen Doppelungen importieren" in page
    batch = ImportBatch.objects.get()
    response = coordinator_client.post(
        url(world, "import-confirm", batch=batch.pk), {"consent_method": ""}, follow=True
    )
    assert (
        "1 Person wurde hinzugefügt. 0 Personen wurden aktualisiert. 2 mögliche Doppelungen wurden nicht importiert."
        in (response.content.decode())
    )
    assert Participant.objects.filter(family_name="Ahmadi").count() == 1
    assert Participant.objects.filter(family_name="Wagner").count() == 1
    assert Participant.objects.filter(family_name="Schmidt").count() == 1
    assert not Organization.objects.filter(name="Caritasverband").exists()


def test_ticked_possible_duplicates_are_created(coordinator_client, world):
    _with_existing_people(world)
    upload(coordinator_client, world, POSSIBLE_DUPLICATES.encode())
    batch = ImportBatch.objects.get()
    response = coordinator_client.post(
        url(world, "import-confirm", batch=batch.pk), {"consent_method": "", "create_anyway": ["2"]}, follow=True
    )
    assert (
        "2 Personen wurden hinzugefügt. 0 Personen wurden aktualisiert. 1 mögliche Doppelung wurde nicht importiert."
        in (response.content.decode())
    )
    assert sorted(Participant.objects.filter(family_name="Ahmadi").values_list("email", flat=True)) == [
        "f.ahmadi@neu.example.de",
        "fa@alt.example",
    ]
    assert Participant.objects.get(email="f.ahmadi@neu.example.de").organization.name == "Caritasverband"
    assert Participant.objects.filter(family_name="Wagner").count() == 1


@pytest.mark.parametrize(
    "ticked",
    [["4"], ["1"], ["99"], ["-3"], ["abc"], ["4", "4"], ["9" * 40], [""]],
    ids=["not-a-duplicate", "header", "out-of-range", "negative", "text", "twice", "huge", "empty"],
)
def test_forged_row_numbers_change_nothing_beyond_the_normal_import(coordinator_client, world, ticked):
    _with_existing_people(world)
    upload(coordinator_client, world, POSSIBLE_DUPLICATES.encode())
    batch = ImportBatch.objects.get()
    response = coordinator_client.post(
        url(world, "import-confirm", batch=batch.pk), {"consent_method": "", "create_anyway": ticked}, follow=True
    )
    assert response.status_code == 200
    assert "1 Person wurde hinzugefügt." in response.content.decode()
    assert sorted(Participant.objects.values_list("family_name", flat=True)) == ["Ahmadi", "Schmidt", "Wagner"]


def test_update_shows_its_changes_field_by_field(coordinator_client, world):
    verein = OrganizationFactory(working_group=world.group, name="Ukrainischer Verein e. V.")
    OrganizationFactory(working_group=world.group, name="Caritasverband")
    ParticipantFactory(
        working_group=world.group,
        given_name="Olena",
        family_name="Kovalenko",
        email="o.kovalenko@example.org",
        phone="0721 5",
        organization=verein,
        function="Beratung",
    )
    ParticipantFactory(working_group=world.group, given_name="Ivan", family_name="Petrenko", email="ivan@example.org")
    data = (
        "Nachname;Vorname;E-Mail;Telefon;Organisation;Funktion\n"
        "Kovalenko;Olena;O.Kovalenko@example.org;;Caritasverband;Beratung\n"
        "Petrenko;Ivan;ivan@example.org;;;\n"
        "Neumann;Lea;lea@example.org;;Caritas Karlsruhe;\n"
    )
    page = upload(coordinator_client, world, data.encode()).content.decode()
    assert "<li>Organisation: Ukrainischer Verein e. V. → Caritasverband</li>" in page
    assert "<li>Telefon" not in page and "<li>E-Mail" not in page  # empty cells, the email in another case
    assert "<li>Funktion" not in page  # the same value
    assert page.count("keine Änderung") == 1  # Petrenko
    assert page.count("neue Organisation") == 1
    assert 'Caritas Karlsruhe <span class="badge text-bg-info">neue Organisation</span>' in page
    assert 'Caritasverband <span class="badge' not in page
    coordinator_client.post(url(world, "import-confirm", batch=ImportBatch.objects.get().pk), {"consent_method": ""})
    olena = Participant.objects.get(family_name="Kovalenko")
    assert (olena.organization.name, olena.phone, olena.email) == (
        "Caritasverband",
        "0721 5",
        "o.kovalenko@example.org",
    )
