"""Reads of the regional networks: which networks a user sees, the staff's overview of the Bundesländer, the
state's mailing list and a coordinator's memberships. Each runs a fixed number of queries."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from arbeitskreis.collation import german, sort_key
from arbeitskreis.models import GroupKind, GroupRole, RoleKind, State, WorkingGroup
from members.models import Participant
from networks.models import NetworkMember


def _states_coordinated_by(user) -> set:
    return set(
        GroupRole.objects.filter(user=user, role=RoleKind.COORDINATOR, working_group__kind=GroupKind.LOCAL).values_list(
            "working_group__municipality__state", flat=True
        )
    )


def networks_of(user) -> list:
    """The networks ``user`` sees: every one for staff, else those of the Bundesländer where they coordinate a
    working group (two queries), in the order of the Bundesland's name."""
    if not user.is_authenticated:
        return []
    networks = WorkingGroup.objects.networks()
    if not user.is_staff:
        networks = networks.filter(state__in=_states_coordinated_by(user))
    return sorted(networks, key=lambda network: sort_key(network.federal_state_name))


def state_overview() -> list[dict]:
    """For staff: every Bundesland with its network (or None), the network's active participants and its working
    groups (two queries)."""
    networks = {
        network.state: network
        for network in WorkingGroup.objects.networks().annotate(
            members=Count(
                "participants",
                filter=Q(participants__left_on__isnull=True, participants__erased_at__isnull=True),
            )
        )
    }
    groups = dict(
        WorkingGroup.objects.local()
        .values("municipality__state")
        .annotate(n=Count("pk"))
        .values_list("municipality__state", "n")
    )
    rows = [
        {"state": code, "name": name, "network": networks.get(code), "groups": groups.get(code, 0)}
        for code, name in State.choices
    ]
    return sorted(rows, key=lambda row: sort_key(row["name"]))


@dataclass(frozen=True)
class ListEntry:
    name: str
    municipality: str  # the organisation: for a coordinator their municipality
    email: str
    participant: Participant


def mailing_list(network) -> tuple[list[ListEntry], int]:
    """The state's mailing list: every active participant of the network with an email address and consent, except
    the coordinators who left the list, in German order — and how many left it (one query)."""
    people = (
        network.participants.contactable()
        .select_related("organization", "network_membership")
        .order_by(*german("family_name", "given_name", "pk"))
    )
    entries, left = [], 0
    for person in people:
        membership = getattr(person, "network_membership", None)
        if membership is not None and not membership.on_mailing_list:
            left += 1
            continue
        organization = person.organization.name if person.organization_id else ""
        entries.append(ListEntry(person.display_name, organization, person.email, person))
    return entries, left


def mailing_list_rows(entries):
    """Header and rows of the CSV/XLSX export of the mailing list."""
    header = [_("Name"), _("Municipality or organisation"), _("Email")]
    return header, [[entry.name, entry.municipality, entry.email] for entry in entries]


def membership(network, user):
    """``user``'s membership in ``network`` as a coordinator, or None (one query)."""
    return NetworkMember.objects.filter(network=network, user=user).first()


def memberships_of(user) -> list:
    """The networks ``user`` is a member of as a coordinator (still active there), with their place on the mailing
    list, for the account page (one query)."""
    memberships = NetworkMember.objects.filter(
        user=user, participant__left_on__isnull=True, participant__erased_at__isnull=True
    ).select_related("network")
    return sorted(memberships, key=lambda member: sort_key(member.network.federal_state_name))


def network_of_group(group):
    """The regional network of a working group's Bundesland, or None (one query)."""
    if group.is_network:
        return None
    return WorkingGroup.objects.networks().filter(state=group.federal_state).first()
