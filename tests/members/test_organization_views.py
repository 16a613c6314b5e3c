"""Organisations: list with active counts, create, edit, detail, archive."""

import datetime

import pytest
from django.urls import reverse

from members.models import Organization, OrganizationKind
from tests.members.factories import OrganizationFactory, ParticipantFactory


def url(world, name, **kwargs):
    return reverse(f"members:{name}", kwargs={**world.group.url_kwargs(), **kwargs})


def test_list_counts_active_participants_and_hides_archived(coordinator_client, world):
    caritas = OrganizationFactory(working_group=world.group, name="Caritasverband", kind=OrganizationKind.WELFARE)
    OrganizationFactory(working_group=world.group, name="Alter Verein", archived=True)
    OrganizationFactory(working_group=world.other_group, name="Bielefelder Verein")
    ParticipantFactory.create_batch(2, working_group=world.group, organization=caritas)
    ParticipantFactory(working_group=world.group, organization=caritas, left_on=datetime.date(2024, 1, 1))
    response = coordinator_client.get(url(world, "organization-list"))
    page = response.content.decode()
    assert [o.name for o in response.context["organizations"]] == ["Caritasverband"]
    assert response.context["organizations"][0].active_count == 2
    assert "Wohlfahrtsverband" in page and "Bielefelder Verein" not in page
    response = coordinator_client.get(url(world, "organization-list") + "?archived=1")
    assert [o.name for o in response.context["organizations"]] == ["Alter Verein", "Caritasverband"]


def test_create_edit_and_detail(coordinator_client, world):
    response = coordinator_client.post(
        url(world, "organization-create"),
        {"name": "Türkischer Elternverein", "kind": "migrant_org", "website": "https://elternverein.example.org"},
        follow=True,
    )
    assert "Türkischer Elternverein wurde hinzugefügt." in response.content.decode()
    organization = Organization.objects.get()
    assert organization.working_group == world.group
    ParticipantFactory(working_group=world.group, organization=organization, given_name="Mehmet", family_name="Öztürk")
    page = coordinator_client.get(url(world, "organization-detail", pk=organization.pk)).content.decode()
    assert "Migrant:innenorganisation" in page and "Mehmet Öztürk" in page
    coordinator_client.post(
        url(world, "organization-edit", pk=organization.pk),
        {"name": "Türkischer Elternverein e. V.", "kind": "migrant_org", "archived": "on"},
    )
    organization.refresh_from_db()
    assert organization.name == "Türkischer Elternverein e. V." and organization.archived


def test_duplicate_name_is_refused(coordinator_client, world):
    OrganizationFactory(working_group=world.group, name="Jobcenter")
    OrganizationFactory(working_group=world.other_group, name="Volkshochschule")
    response = coordinator_client.post(url(world, "organization-create"), {"name": "jobcenter", "kind": "employment"})
    assert "Der Arbeitskreis hat schon eine Organisation mit diesem Namen." in response.content.decode()
    coordinator_client.post(url(world, "organization-create"), {"name": "Volkshochschule", "kind": "education"})
    assert Organization.objects.filter(working_group=world.group).count() == 2  # other groups' names are free


def test_archived_organisation_is_not_offered_for_new_participants(coordinator_client, world):
    OrganizationFactory(working_group=world.group, name="Aktiv")
    OrganizationFactory(working_group=world.group, name="Archiviert", archived=True)
    form = coordinator_client.get(url(world, "participant-create")).context["form"]
    assert [o.name for o in form.fields["organization"].queryset] == ["Aktiv"]


@pytest.mark.parametrize("count", [3, 60])
def test_detail_queries_do_not_grow(coordinator_client, world, django_assert_num_queries, count):
    organization = OrganizationFactory(working_group=world.group)
    boss = ParticipantFactory(working_group=world.group, organization=organization)
    ParticipantFactory.create_batch(count - 1, working_group=world.group, organization=organization, represents=boss)
    with django_assert_num_queries(5):  # session, user, group with the role, organisation, its people
        response = coordinator_client.get(url(world, "organization-detail", pk=organization.pk))
    assert len(response.context["participants"]) == count
