"""Participant list, detail, create, edit, leave, erase and the personal link — as the coordinator sees them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import ConsentMethod, OrganizationKind, Participant
from tests.findings.factories import FindingFactory
from tests.members.factories import OrganizationFactory, ParticipantFactory


def url(world, name, **kwargs):
    return reverse(f"members:{name}", kwargs={**world.group.url_kwargs(), **kwargs})


def names(response):
    return [p.family_name for p in response.context["participants"]]


@pytest.fixture
def people(world):
    caritas = OrganizationFactory(working_group=world.group, name="Caritasverband", kind=OrganizationKind.WELFARE)
    jobcenter = OrganizationFactory(working_group=world.group, name="Jobcenter", kind=OrganizationKind.EMPLOYMENT)
    return {
        "haddad": ParticipantFactory(
            working_group=world.group,
            given_name="Karim",
            family_name="Haddad",
            email="k.haddad@caritas.example.de",
            organization=caritas,
            languages=",ar,de,fr,",
        ),
        "wagner": ParticipantFactory(
            working_group=world.group,
            given_name="Petra",
            family_name="Wagner",
            email="petra.wagner@jobcenter.example.de",
            organization=jobcenter,
            languages=",de,",
        ),
        "popescu": ParticipantFactory(
            working_group=world.group,
            given_name="Andrei",
            family_name="Popescu",
            email="",
            organization=None,
            languages=",ro,de,",
        ),
        "krueger": ParticipantFactory(
            working_group=world.group,
            given_name="Sabine",
            family_name="Krüger",
            organization=jobcenter,
            left_on=datetime.date(2025, 3, 31),
        ),
        "other": ParticipantFactory(working_group=world.other_group, family_name="Andere", given_name="Gruppe"),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Haddad", "Popescu", "Wagner"]),
        ("?q=haddad", ["Haddad"]),
        ("?q=JOBCENTER.example", ["Wagner"]),
        ("?q=caritas", ["Haddad"]),
        ("?q=Petra+Wagner", ["Wagner"]),
        ("?kind=employment", ["Wagner"]),
        ("?status=left", ["Krüger"]),
        ("?status=all", ["Haddad", "Krüger", "Popescu", "Wagner"]),
        ("?status=all&kind=employment", ["Krüger", "Wagner"]),
        ("?language=ro", ["Popescu"]),
        ("?language=de&no_email=on", ["Popescu"]),
        ("?kind=nonsense&status=bogus", ["Haddad", "Popescu", "Wagner"]),  # hand-edited URL: ignored, no error
        ("?q=Gruppe", []),  # never another group's people
    ],
)
def test_list_searches_and_filters(coordinator_client, world, people, query, expected):
    response = coordinator_client.get(url(world, "participant-list") + query)
    assert response.status_code == 200
    assert names(response) == expected


def test_list_shows_consent_left_and_no_email(coordinator_client, world, people):
    people["haddad"].consent_given_at = datetime.date(2025, 1, 15)
    people["haddad"].consent_method = ConsentMethod.WRITTEN
    people["haddad"].save()
    page = coordinator_client.get(url(world, "participant-list") + "?status=all").content.decode()
    assert "4 Teilnehmende" in page
    assert '<th scope="col">Einwilligung</th>' in page and '<th scope="col">Status</th>' not in page
    assert '<span class="badge text-bg-secondary">ausgeschieden am 31.03.2025</span>' in page
    assert "keine E-Mail-Adresse" in page
    assert page.count("Keine Einwilligung") == 3  # Wagner, Popescu and the one who left; Haddad agreed
    assert "Andere" not in page


def test_empty_list_invites_to_import(coordinator_client, world):
    page = coordinator_client.get(url(world, "participant-list")).content.decode()
    assert "Der Arbeitskreis hat noch keine Teilnehmenden." in page
    assert "eine CSV- oder Excel-Datei importieren" in page


def test_observer_sees_list_without_write_buttons(observer_client, world, people):
    page = observer_client.get(url(world, "participant-list")).content.decode()
    assert "Haddad" in page
    assert "Person hinzufügen" not in page
    assert "Liste importieren" not in page


def _make(world, count):
    orgs = [OrganizationFactory(working_group=world.group) for _ in range(3)]
    boss = ParticipantFactory(working_group=world.group, organization=orgs[0])
    for index in range(count - 1):
        ParticipantFactory(working_group=world.group, organization=orgs[index % 3], represents=boss)


@pytest.mark.parametrize("count", [3, 60])
def test_list_has_a_constant_number_of_queries(coordinator_client, world, django_assert_num_queries, count):
    _make(world, count)
    # session, user, group with the role, languages of the group, open deletion requests, how many participants,
    # one page of participants with organisation and "stands in for"
    with django_assert_num_queries(7):
        response = coordinator_client.get(url(world, "participant-list"))
    assert len(response.context["participants"]) == min(count, 50)
    assert response.context["page"].paginator.count == count


@pytest.mark.parametrize("count", [3, 60])
def test_detail_has_a_constant_number_of_queries(coordinator_client, world, django_assert_num_queries, count):
    _make(world, count)
    boss = Participant.objects.order_by("pk").first()
    # session, user, group with the role, participant with joins, substitutes; invitations; content gaps raised
    # and assigned; meetings attended, measures responsible for
    with django_assert_num_queries(5 + 5):
        response = coordinator_client.get(url(world, "participant-detail", pk=boss.pk))
    assert len(response.context["substitutes"]) == count - 1


def test_detail_shows_data_consent_sections_and_link(coordinator_client, world, people):
    haddad = people["haddad"]
    substitute = ParticipantFactory(
        working_group=world.group, given_name="Mariam", family_name="Al-Sayed", represents=haddad
    )
    page = coordinator_client.get(url(world, "participant-detail", pk=haddad.pk)).content.decode()
    assert "Karim Haddad" in page
    assert "Caritasverband" in page
    assert "Keine Einwilligung eingetragen: Die Anwendung schickt dieser Person keine E-Mail." in page
    assert "Noch zu keinem Treffen eingeladen." in page
    assert "Noch keine Anwesenheit eingetragen." in page
    assert "Noch keine Inhaltslücke eingebracht." in page
    assert "Mariam Al-Sayed" in page
    assert f"/p/{haddad.token}/" in page
    sub_page = coordinator_client.get(url(world, "participant-detail", pk=substitute.pk)).content.decode()
    assert "Karim Haddad" in sub_page  # "Vertritt"


def test_observer_does_not_see_the_personal_link(observer_client, world, people):
    page = observer_client.get(url(world, "participant-detail", pk=people["haddad"].pk)).content.decode()
    assert people["haddad"].token not in page
    assert "Der persönliche Link ist aktiv." in page
    assert "Personenbezogene Daten löschen" not in page


def test_create_participant(coordinator_client, world, people):
    org = people["haddad"].organization
    response = coordinator_client.post(
        url(world, "participant-create"),
        {
            "given_name": "Olena",
            "family_name": "Kovalenko",
            "email": "olena.kovalenko@example.net",
            "organization": org.pk,
            "represents": people["haddad"].pk,
            "languages": "Ukrainisch, ru, DE",
            "preferred_language": "de",
            "consent_given_at": "2025-02-01",
            "consent_method": ConsentMethod.EMAIL,
        },
        follow=True,
    )
    assert "Olena Kovalenko wurde hinzugefügt." in response.content.decode()
    olena = Participant.objects.get(family_name="Kovalenko")
    assert olena.working_group == world.group
    assert olena.language_codes == ["de", "uk", "ru"]  # in the order of arbeitskreis.languages
    assert olena.represents == people["haddad"]
    assert olena.consent_given_at == datetime.date(2025, 2, 1)
    assert len(olena.token) >= 43


@pytest.mark.parametrize(
    ("data", "field_message"),
    [
        ({"family_name": ""}, "Dieses Feld ist zwingend erforderlich."),
        (
            {"email": "K.HADDAD@caritas.example.de"},
            "Eine andere Person in diesem Arbeitskreis hat diese E-Mail-Adresse.",
        ),
        ({"email": "kein-at-zeichen"}, "Bitte gültige E-Mail-Adresse eingeben."),
        ({"languages": "de, Klingonisch"}, "Unbekannte Sprachen: klingonisch."),
        ({"consent_method": "email"}, "Bitte geben Sie das Datum der Einwilligung ein."),
        ({"consent_given_at": "2025-01-01"}, "Bitte geben Sie an, wie die Einwilligung erteilt wurde."),
        (
            {"consent_given_at": "2999-01-01", "consent_method": "email"},
            "Die Einwilligung kann nicht in der Zukunft liegen.",
        ),
    ],
)
def test_create_refuses_bad_input_next_to_the_field(coordinator_client, world, people, data, field_message):
    before = Participant.objects.count()
    response = coordinator_client.post(
        url(world, "participant-create"),
        {"given_name": "Neu", "family_name": "Person", "preferred_language": "de", **data},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert field_message in page
    assert "invalid-feedback" in page
    assert Participant.objects.count() == before


def test_represents_and_organization_of_another_group_are_refused(coordinator_client, world, people):
    other_org = OrganizationFactory(working_group=world.other_group)
    response = coordinator_client.post(
        url(world, "participant-create"),
        {
            "family_name": "Person",
            "preferred_language": "de",
            "represents": people["other"].pk,
            "organization": other_org.pk,
        },
    )
    assert response.status_code == 200
    assert response.content.decode().count("Bitte eine gültige Auswahl treffen.") == 2
    assert not Participant.objects.filter(family_name="Person").exists()


def test_edit_participant(coordinator_client, world, people):
    wagner = people["wagner"]
    form_page = coordinator_client.get(url(world, "participant-edit", pk=wagner.pk)).content.decode()
    assert 'value="de"' in form_page
    response = coordinator_client.post(
        url(world, "participant-edit", pk=wagner.pk),
        {
            "given_name": "Petra",
            "family_name": "Wagner-Lang",
            "email": wagner.email,
            "preferred_language": "en",
            "languages": "de, en",
        },
        follow=True,
    )
    assert "Die Änderungen wurden gespeichert." in response.content.decode()
    wagner.refresh_from_db()
    assert (wagner.family_name, wagner.preferred_language, wagner.languages) == ("Wagner-Lang", "en", ",de,en,")


def test_leave_and_return(coordinator_client, world, people):
    wagner = people["wagner"]
    response = coordinator_client.post(
        url(world, "participant-leave", pk=wagner.pk), {"left_on": "2025-06-30"}, follow=True
    )
    assert "Petra Wagner ist als ausgeschieden eingetragen." in response.content.decode()
    wagner.refresh_from_db()
    assert wagner.left_on == datetime.date(2025, 6, 30)
    assert Participant.objects.filter(pk=wagner.pk).exists()
    assert "Wagner" not in names(coordinator_client.get(url(world, "participant-list")))
    coordinator_client.post(url(world, "participant-leave", pk=wagner.pk), {"action": "return"})
    wagner.refresh_from_db()
    assert wagner.left_on is None


def test_leave_in_the_future_is_refused(coordinator_client, world, people):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = coordinator_client.post(
        url(world, "participant-leave", pk=people["wagner"].pk), {"left_on": tomorrow.isoformat()}
    )
    assert response.status_code == 200  # the page again, not a redirect
    html = response.content.decode()
    assert 'id="left_on-error"' in html
    assert "Das Datum kann nicht in der Zukunft liegen." in html.split('id="left_on-error"')[1][:200]
    assert 'aria-invalid="true"' in html
    people["wagner"].refresh_from_db()
    assert people["wagner"].left_on is None


def test_erase_needs_confirmation(coordinator_client, world, people):
    response = coordinator_client.post(url(world, "participant-erase", pk=people["haddad"].pk), follow=True)
    assert "Bitte bestätigen Sie" in response.content.decode()
    people["haddad"].refresh_from_db()
    assert people["haddad"].family_name == "Haddad"


def test_erase_removes_personal_data_and_keeps_the_row(coordinator_client, world, people):
    haddad = people["haddad"]
    substitute = ParticipantFactory(working_group=world.group, represents=haddad)
    token = haddad.token
    response = coordinator_client.post(url(world, "participant-erase", pk=haddad.pk), {"confirm": "yes"}, follow=True)
    assert "Die personenbezogenen Daten wurden gelöscht." in response.content.decode()
    haddad.refresh_from_db()
    assert haddad.erased_at is not None
    assert (haddad.given_name, haddad.family_name, haddad.email, haddad.phone, haddad.notes) == ("", "", "", "", "")
    assert haddad.organization is None and haddad.languages == "" and haddad.token is None
    assert haddad.left_on == timezone.localdate()
    assert haddad.display_name == "Gelöschte Person"
    assert str(haddad) == "Gelöschte Person"
    substitute.refresh_from_db()
    assert substitute.represents is None
    assert coordinator_client.get(reverse("personal:entry", kwargs={"token": token})).status_code == 404
    page = coordinator_client.get(url(world, "participant-detail", pk=haddad.pk)).content.decode()
    assert "Gelöschte Person" in page and "k.haddad" not in page
    # Erased people cannot be edited, left or erased again.
    assert coordinator_client.post(url(world, "participant-erase", pk=haddad.pk), {"confirm": "yes"}).status_code == 404


def test_rotate_and_revoke_the_personal_link(coordinator_client, world, people, client):
    haddad = people["haddad"]
    old = haddad.token
    response = coordinator_client.post(url(world, "participant-token-rotate", pk=haddad.pk), follow=True)
    assert "Der persönliche Link wurde erneuert." in response.content.decode()
    haddad.refresh_from_db()
    assert haddad.token != old and len(haddad.token) >= 43
    assert client.get(reverse("personal:entry", kwargs={"token": old})).status_code == 404
    assert client.get(reverse("personal:entry", kwargs={"token": haddad.token}), follow=True).status_code == 200
    new = haddad.token
    coordinator_client.post(url(world, "participant-token-revoke", pk=haddad.pk))
    haddad.refresh_from_db()
    assert haddad.token is None
    assert client.get(reverse("personal:entry", kwargs={"token": new})).status_code == 404
    page = coordinator_client.get(url(world, "participant-detail", pk=haddad.pk)).content.decode()
    assert "Der persönliche Link ist abgeschaltet." in page


def test_observer_cannot_change_anything(observer_client, world, people):
    wagner = people["wagner"]
    for name, data in [
        ("participant-leave", {"left_on": "2025-01-01"}),
        ("participant-erase", {"confirm": "yes"}),
        ("participant-token-rotate", {}),
        ("participant-token-revoke", {}),
        ("participant-edit", {"family_name": "X", "preferred_language": "de"}),
    ]:
        assert observer_client.post(url(world, name, pk=wagner.pk), data).status_code == 403
    token = wagner.token
    wagner.refresh_from_db()
    assert (wagner.family_name, wagner.left_on, wagner.token, wagner.erased_at) == ("Wagner", None, token, None)


@pytest.mark.parametrize("count", [3, 60])
def test_detail_lists_the_findings_of_a_participant(coordinator_client, world, django_assert_num_queries, count):
    person = ParticipantFactory(working_group=world.group, given_name="Karim", family_name="Haddad")
    for n in range(count):
        FindingFactory(working_group=world.group, title=f"Wohnberechtigungsschein {n}", raised_by=person)
    FindingFactory(working_group=world.group, title="Kita-Anmeldung auf Arabisch", assignee_participant=person)
    with django_assert_num_queries(5 + 5):
        page = coordinator_client.get(url(world, "participant-detail", pk=person.pk)).content.decode()
    assert page.count("Wohnberechtigungsschein") == count
    assert "Kita-Anmeldung auf Arabisch" in page
    assert "Noch keine Inhaltslücke eingebracht." not in page
    assert "Für keine Inhaltslücke zuständig." not in page
