"""Findings of the usability walkthrough: wording, the "stands in for" dropdown, invalid personal links."""

import datetime

from django.urls import reverse

from members import services
from members.models import Organization, OrganizationKind
from tests.members.factories import OrganizationFactory, ParticipantFactory
from tests.personal import open_personal_link, personal_link


def url(world, name, **kwargs):
    return reverse(f"members:{name}", kwargs={**world.group.url_kwargs(), **kwargs})


def test_add_button_and_form_heading_say_person(coordinator_client, world):
    page = coordinator_client.get(url(world, "participant-list")).content.decode()
    assert ">Person hinzufügen</a>" in page
    page = coordinator_client.get(url(world, "participant-create")).content.decode()
    assert '<h1 class="h2 mb-4">Person hinzufügen</h1>' in page
    assert "Teilnehmende:n hinzufügen" not in page


def test_notes_help_text_tells_that_the_person_sees_them(coordinator_client, client, world):
    page = coordinator_client.get(url(world, "participant-create")).content.decode()
    assert "Die Person sieht diese Notizen auf ihrer persönlichen Seite." in page
    person = ParticipantFactory(working_group=world.group, notes="Bringt Flyer mit")
    page = client.get(personal_link(person), follow=True).content.decode()
    assert "Bringt Flyer mit" in page  # true: the personal page shows the notes


def test_personal_page_speaks_to_the_person(client, world):
    person = ParticipantFactory(working_group=world.group)
    page = client.get(personal_link(person), follow=True).content.decode()
    assert "Ihre Daten herunterladen (Datei im JSON-Format)" in page
    assert "Löschung Ihrer Daten beantragen" in page
    assert "Meine Daten" not in page


def test_organisation_kind_administration_is_called_verwaltung(coordinator_client, world):
    assert str(OrganizationKind.ADMINISTRATION.label) == "Verwaltung"
    org = OrganizationFactory(working_group=world.group, name="Landratsamt", kind=OrganizationKind.ADMINISTRATION)
    page = coordinator_client.get(url(world, "organization-create")).content.decode()
    assert '<option value="administration">Verwaltung</option>' in page
    page = coordinator_client.get(url(world, "organization-list")).content.decode()
    assert "Verwaltung" in page and ">Administration<" not in page
    assert Organization.objects.get(pk=org.pk).get_kind_display() == "Verwaltung"


def test_language_help_text_has_no_double_parentheses(coordinator_client, world):
    page = coordinator_client.get(url(world, "participant-create")).content.decode()
    assert "Persisch (Farsi) = fa" in page
    assert "(Persisch (Farsi))" not in page and "(Farsi) (fa)" not in page


def _represents_options(page):
    start = page.index('name="represents"')
    return page[start : page.index("</select>", start)]


def test_stands_in_for_dropdown_tells_people_apart_and_leaves_out_who_left(coordinator_client, world):
    caritas = OrganizationFactory(working_group=world.group, name="Caritasverband")
    vhs = OrganizationFactory(working_group=world.group, name="Volkshochschule")
    ParticipantFactory(working_group=world.group, given_name="Fatemeh", family_name="Ahmadi", organization=caritas)
    ParticipantFactory(working_group=world.group, given_name="Fatemeh", family_name="Ahmadi", organization=vhs)
    ParticipantFactory(working_group=world.group, given_name="Ohne", family_name="Verein", organization=None)
    gone = ParticipantFactory(
        working_group=world.group, given_name="Gina", family_name="Weg", left_on=datetime.date(2025, 1, 1)
    )
    erased = ParticipantFactory(working_group=world.group, given_name="Erik", family_name="Erased")
    services.erase_participant(participant=erased)

    options = _represents_options(coordinator_client.get(url(world, "participant-create")).content.decode())
    assert ">Ahmadi, Fatemeh (Caritasverband)</option>" in options
    assert ">Ahmadi, Fatemeh (Volkshochschule)</option>" in options
    assert ">Verein, Ohne</option>" in options
    assert "Weg" not in options and "Erased" not in options and f'value="{erased.pk}"' not in options

    # Someone who already stands in for Gina (who left since) keeps that choice selectable.
    substitute = ParticipantFactory(working_group=world.group, given_name="Sam", family_name="Stell", represents=gone)
    page = coordinator_client.get(url(world, "participant-edit", pk=substitute.pk)).content.decode()
    options = _represents_options(page)
    assert f'<option value="{gone.pk}" selected>Weg, Gina (' in options
    assert ">Stell, Sam" not in options  # not oneself


INVALID = "Dieser persönliche Link ist nicht mehr gültig. Vielleicht wurde er erneuert."


def _assert_invalid_link_page(response, group):
    page = response.content.decode()
    assert response.status_code == 404
    assert INVALID in page and "Bitte wenden Sie sich an die Koordination Ihres Arbeitskreises." in page
    assert group.name not in page and group.municipality.name not in page
    content = page[page.index("<main") :] if "<main" in page else page
    assert "Zurück zur Übersicht" not in content and "/accounts/login" not in content and "Anmelden" not in content
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_renewed_or_revoked_links_get_their_own_404_page(client, world):
    person = ParticipantFactory(working_group=world.group, given_name="Olena", family_name="Kovalenko")
    old = personal_link(person)
    open_personal_link(client, person)
    services.rotate_token(participant=person)
    _assert_invalid_link_page(client.get(old), world.group)
    _assert_invalid_link_page(client.get(reverse("personal:page")), world.group)
    _assert_invalid_link_page(client.get(reverse("personal:data-json")), world.group)
    response = client.post(reverse("personal:deletion-request"))
    _assert_invalid_link_page(response, world.group)
    person.refresh_from_db()
    assert person.deletion_requested_at is None
    revoked = personal_link(person)
    services.revoke_token(participant=person)
    _assert_invalid_link_page(client.get(revoked), world.group)
    _assert_invalid_link_page(client.get("/p/kurz/"), world.group)
    # A valid link still works.
    assert client.get(personal_link(ParticipantFactory(working_group=world.group)), follow=True).status_code == 200


def test_erased_persons_link_gets_the_invalid_link_page(client, world):
    person = ParticipantFactory(working_group=world.group)
    link = personal_link(person)
    person.erased_at = person.created_at
    person.save()
    _assert_invalid_link_page(client.get(link), world.group)


def test_suggestion_page_under_an_old_link_shows_the_invalid_link_page(client, world):
    person = ParticipantFactory(working_group=world.group)
    old = person.token
    services.rotate_token(participant=person)
    _assert_invalid_link_page(client.get(f"/p/{old}/suggest/"), world.group)
