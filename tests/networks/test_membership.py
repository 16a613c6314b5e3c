"""Who is in a regional network: the coordinators of the Bundesland's working groups, kept in step as they join and
leave (the team's hook), plus people staff add; the state's mailing list and leaving it from the account page."""

import datetime
import io

from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from arbeitskreis import accounts, handover, team
from arbeitskreis.models import GroupRole, RoleKind, State
from members import services as member_services
from members.models import ConsentMethod, Participant
from networks import services
from networks.models import NetworkMember
from tests.factories import GroupRoleFactory, MunicipalityFactory, UserFactory, WorkingGroupFactory, make_invitation
from tests.members.factories import ParticipantFactory
from tests.networks.factories import network_for, network_of


def members(network):
    """The names of the active participants of the network, sorted."""
    return sorted(p.display_name for p in network.participants.active())


def test_a_new_network_takes_the_coordinators_of_its_state_and_no_one_else(world):
    world.coordinator.first_name, world.coordinator.last_name = "Sabine", "Keller"
    world.coordinator.save()
    GroupRoleFactory(working_group=world.group, user__first_name="Inaktiv", user__is_active=False)
    network = network_for(world.group)
    assert network.kind == "network" and network.municipality is None and network.state == State.BW
    assert network.url_kwargs() == {"municipality": "", "group": "bw"}
    assert network.name == str(services.network_name("BW"))
    assert network.default_online_link == "https://meet.example.org/netzwerk" and network.default_place == ""
    (participant,) = network.participants.all()
    assert participant.display_name == "Sabine Keller" and participant.email == world.coordinator.email
    assert participant.organization.name == "Landkreis Karlsruhe"  # the municipality
    assert participant.consent_method == ConsentMethod.OTHER and participant.consent_given_at is not None
    assert participant.can_be_emailed and participant.token
    assert participant.network_membership.user == world.coordinator
    # The observer of the group and the coordinator in Nordrhein-Westfalen are not members.
    assert not NetworkMember.objects.filter(user__in=[world.observer, world.outsider]).exists()
    assert network.focus_questions.count() == len(services.NETWORK_FOCUS_QUESTIONS)


def test_one_network_per_state(world, client):
    network_for(world.group)
    client.force_login(world.staff)
    response = client.post(
        reverse("networks:create"),
        {"state": "BW", "default_online_link": "https://x.example", "organizer_name": "T", "organizer_email": "t@x.de"},
    )
    assert response.status_code == 200
    assert "state" in response.context["form"].errors
    assert type(network_for(world.group)).objects.networks().count() == 1


def test_the_network_follows_the_coordinators_as_they_join_and_leave(world):
    network = network_for(world.group)
    newcomer = UserFactory(first_name="Jonas", last_name="Becker")
    invitation, _token = make_invitation(world.group, email=newcomer.email, role=RoleKind.COORDINATOR)
    team.accept(invitation=invitation, user=newcomer)
    assert "Jonas Becker" in members(network)
    role = GroupRole.objects.get(user=newcomer, working_group=world.group)
    team.change_role(role=role, to=RoleKind.OBSERVER, by=world.coordinator)
    assert "Jonas Becker" not in members(network)
    membership = NetworkMember.objects.get(user=newcomer)
    assert membership.participant.left_on is not None  # left: the attendance and minutes keep the person
    team.change_role(role=role, to=RoleKind.COORDINATOR, by=world.coordinator)
    assert "Jonas Becker" in members(network)
    assert NetworkMember.objects.filter(user=newcomer).count() == 1  # the same participant again
    team.remove_member(role=GroupRole.objects.get(user=newcomer, working_group=world.group), by=world.coordinator)
    assert "Jonas Becker" not in members(network)


def test_a_handover_brings_the_successor_in_and_the_predecessor_out(world):
    network = network_for(world.group)
    observer_role = GroupRole.objects.get(user=world.observer, working_group=world.group)
    handover.hand_over(
        group=world.group, predecessor=world.coordinator, data={"successor": observer_role, "stay": True, "note": ""}
    )
    assert NetworkMember.objects.get(user=world.observer).participant.is_active
    assert not NetworkMember.objects.get(user=world.coordinator).participant.is_active
    assert len(members(network)) == 1


def test_a_new_name_or_email_reaches_the_network(world):
    network = network_for(world.group)
    accounts.update_profile(user=world.coordinator, data={"first_name": "Sabine", "last_name": "Keller-Wolf"})
    assert members(network) == ["Sabine Keller-Wolf"]


def test_a_coordinator_in_two_municipalities_is_one_member(world):
    second = WorkingGroupFactory(municipality=MunicipalityFactory(name="Stadt Heidelberg", state=State.BW))
    GroupRoleFactory(working_group=second, user=world.coordinator)
    network = network_for(world.group)
    assert network.participants.count() == 1


def test_people_staff_add_stay_and_erased_members_are_not_made_again(world):
    network = network_for(world.group)
    office = ParticipantFactory(working_group=network, given_name="Petra", family_name="Landesamt")
    member = NetworkMember.objects.get(user=world.coordinator)
    member_services.erase_participant(participant=member.participant)
    result = services.sync_members(network=network)
    assert result.joined == 0
    assert members(network) == ["Petra Landesamt"]
    office.refresh_from_db()
    assert office.is_active


def test_a_coordinator_anonymised_long_after_leaving_comes_back_as_a_new_participant(world):
    network = network_for(world.group)
    member = NetworkMember.objects.get(user=world.coordinator)
    old = member.participant
    role = GroupRole.objects.get(user=world.coordinator)
    GroupRole.objects.filter(pk=role.pk).update(role=RoleKind.OBSERVER)
    services.sync_members(network=network, today=datetime.date(2023, 1, 10))
    member_services.erase_participant(participant=Participant.objects.get(pk=old.pk))  # two years later
    GroupRole.objects.filter(pk=role.pk).update(role=RoleKind.COORDINATOR)
    assert services.sync_members(network=network).joined == 1
    member.refresh_from_db()
    assert member.participant_id != old.pk and member.participant.is_active
    assert members(network) == [world.coordinator.get_full_name()]


def test_a_coordinator_who_leaves_loses_the_network_pages(world, client):
    network = network_for(world.group)
    client.force_login(world.coordinator)
    assert client.get(reverse("network:home", kwargs=network.url_kwargs())).status_code == 200
    GroupRole.objects.filter(user=world.coordinator).update(role=RoleKind.OBSERVER)
    assert client.get(reverse("network:home", kwargs=network.url_kwargs())).status_code == 404


def test_staff_bring_the_network_in_step_after_a_change_in_the_admin(world, client):
    network = network_for(world.group)
    GroupRoleFactory(working_group=world.group, user__first_name="Admin", user__last_name="Eingetragen")
    assert "Admin Eingetragen" not in members(network)  # a role made in the admin: no team write, no hook
    client.force_login(world.staff)
    response = client.post(reverse("network:sync", kwargs=network.url_kwargs()), follow=True)
    assert "Admin Eingetragen" in members(network)
    assert "1" in response.content.decode()
    GroupRoleFactory(working_group=world.group, user__first_name="Nacht", user__last_name="Lauf")
    output = io.StringIO()
    call_command("sync_networks", stdout=output)
    assert "Nacht Lauf" in members(network)
    assert "1 neu" in output.getvalue()


def _mailing_list(client, network):
    return client.get(reverse("network:mailing-list", kwargs=network.url_kwargs()))


def test_the_mailing_list_names_municipality_and_email_and_exports_them(world, client):
    network = network_for(world.group)
    ParticipantFactory(
        working_group=network,
        given_name="Petra",
        family_name="Landesamt",
        consent_given_at="2025-01-01",
        email="p.landesamt@example.org",
        organization=None,
    )
    ParticipantFactory(working_group=network, given_name="Ohne", family_name="Einwilligung")
    client.force_login(world.coordinator)
    content = _mailing_list(client, network).content.decode()
    assert world.coordinator.email in content and "Landkreis Karlsruhe" in content
    assert "p.landesamt@example.org" in content
    assert "Einwilligung" not in content  # no consent recorded: not on the list
    assert f"mailto:{world.coordinator.email},p.landesamt@example.org" in content or (
        f"mailto:p.landesamt@example.org,{world.coordinator.email}" in content
    )
    csv = client.get(reverse("network:mailing-list-csv", kwargs=network.url_kwargs()))
    rows = csv.content.decode("utf-8-sig").splitlines()
    assert rows[0] == "Name;Kommune oder Organisation;E-Mail-Adresse"
    assert f"{world.coordinator.get_full_name()};Landkreis Karlsruhe;{world.coordinator.email}" in rows
    xlsx = client.get(reverse("network:mailing-list-xlsx", kwargs=network.url_kwargs()))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [cell.value for cell in sheet[2]][2] in (world.coordinator.email, "p.landesamt@example.org")
    assert sheet.max_row == 3


def test_a_coordinator_leaves_the_mailing_list_from_the_account_page_and_stays_invited(world, client):
    network = network_for(world.group)
    member = NetworkMember.objects.get(user=world.coordinator)
    client.force_login(world.coordinator)
    page = client.get(reverse("account:profile")).content.decode()
    assert "Verteiler Baden-Württemberg verlassen" in page
    response = client.post(reverse("networks:membership", kwargs={"pk": member.pk}), {"on": "0"}, follow=True)
    assert "Sie haben den Verteiler Baden-Württemberg verlassen." in response.content.decode()
    member.refresh_from_db()
    assert not member.on_mailing_list and member.mailing_list_changed_at
    content = _mailing_list(client, network).content.decode()
    assert world.coordinator.email not in content
    assert "1 Koordination hat den Verteiler verlassen." in content
    # Still a contactable participant of the network: invited to its meetings.
    assert network.participants.contactable().filter(pk=member.participant_id).exists()
    client.post(reverse("networks:membership", kwargs={"pk": member.pk}), {"on": "1"})
    assert world.coordinator.email in _mailing_list(client, network).content.decode()


def test_nobody_changes_anothers_place_on_the_list(world, client):
    network_of("NW")
    other = NetworkMember.objects.get(user=world.outsider)
    client.force_login(world.coordinator)
    assert client.post(reverse("networks:membership", kwargs={"pk": other.pk}), {"on": "0"}).status_code == 404
    other.refresh_from_db()
    assert other.on_mailing_list


def test_members_see_their_network_on_the_dashboard(world, client):
    network = network_for(world.group)
    client.force_login(world.coordinator)
    content = client.get(reverse("dashboard")).content.decode()
    assert reverse("network:home", kwargs=network.url_kwargs()) in content
    client.force_login(world.outsider)
    assert reverse("network:home", kwargs=network.url_kwargs()) not in client.get(reverse("dashboard")).content.decode()
