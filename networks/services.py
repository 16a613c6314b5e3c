"""Writes of the regional networks: a network made for a Bundesland, its participants kept in step with the
coordinators of the state's working groups, and a coordinator's place on the state's mailing list.

Keyword-only and atomic; each docstring names its side effects.

**Who is in a network.** Every active account with the coordinator role on a working group of the Bundesland is a
participant of the network (a :class:`NetworkMember` links the two), with the account's name and email, the
municipality as the organisation, and a personal link for the invitations. :func:`sync_members` runs when a team
changes (``arbeitskreis.team.team_changes``, wired in ``arbeitskreis/wiring.py``), when staff press "Abgleichen",
and from ``manage.py sync_networks`` (for roles changed in the Django admin). A coordinator who stops coordinating
leaves the network (``left_on``: their attendance and minutes stay); one who returns is back. A participant whose
data was erased while a member is not made again (one anonymised long after leaving who coordinates again is).
People staff add by hand (the state's integration office) are participants of the network without a
:class:`NetworkMember` and are not touched by the sync.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from arbeitskreis.collation import sort_key
from arbeitskreis.models import GroupKind, GroupRole, RoleKind, State, WorkingGroup
from meetings.models import FocusQuestion
from members.models import ConsentMethod, Organization, OrganizationKind, Participant
from networks.models import NetworkMember

# The network's own focus questions, made with the network (data in German, like the seeded library).
NETWORK_FOCUS_QUESTIONS = [
    (
        "Welche Förderprogramme nutzen die Kommunen für Integreat und ihre Integrationsarbeit?",
        "Landes- und Bundesprogramme, Erfahrungen mit Anträgen, Fristen und Eigenanteilen.",
    ),
    (
        "Nach welchen Kriterien wählen die Kommunen die Sprachen ihrer App aus?",
        "Zuwanderungszahlen, Anfragen in den Beratungsstellen, Rückmeldungen der Neuzugewanderten.",
    ),
    (
        "Welche Marketingideen haben sich bewährt, um die App bekannt zu machen?",
        "Plakate, Flyer, soziale Medien, Veranstaltungen, Multiplikator:innen.",
    ),
    (
        "Was hilft bei der Einführung der App in der Verwaltung und bei den Akteur:innen?",
        "Schulungen, Zuständigkeiten, Redaktionsabläufe, Unterstützung durch die Leitung.",
    ),
    (
        "Was zeigen die Rückmeldungen der Neuzugewanderten über die Wirkung der App?",
        "Gesuchte Themen und Sprachen, was nicht gefunden wurde, und was daraus folgt.",
    ),
]

NETWORK_FIELDS = ("name", "default_online_link", "default_place", "organizer_name", "organizer_email")


def network_name(state: str) -> str:
    return _("Regional network %(state)s") % {"state": State(state).label}


@transaction.atomic
def create_network(*, state: str, data: dict, by=None) -> WorkingGroup:
    """Make the regional network of ``state`` (data: name, online link, optionally a place, organiser name and email).

    Side effects: a :class:`WorkingGroup` of kind "network" for the Bundesland (slug: the state's code in lower case,
    online by default, meetings of 120 minutes every six months); its own focus questions
    (:data:`NETWORK_FOCUS_QUESTIONS`); its participants from the state's coordinators (:func:`sync_members`).
    Raises ValidationError (German) when the Bundesland has a network already.
    """
    if state not in State.values:
        raise ValidationError({"state": _("Please choose a federal state.")})
    if WorkingGroup.objects.networks().filter(state=state).exists():
        raise ValidationError({"state": _("This federal state has a regional network already.")})
    values = {name: data[name] for name in NETWORK_FIELDS if data.get(name)}
    network = WorkingGroup(
        kind=GroupKind.NETWORK,
        state=state,
        slug=state.lower(),
        default_duration_minutes=120,
        default_start_time="10:00",
        **{"name": network_name(state), **values},
    )
    network.full_clean(validate_unique=False)
    network.save()
    FocusQuestion.objects.bulk_create(
        FocusQuestion(working_group=network, text=text, description=description)
        for text, description in NETWORK_FOCUS_QUESTIONS
    )
    sync_members(network=network)
    return network


@dataclass(frozen=True)
class SyncResult:
    joined: int
    updated: int
    left: int


def coordinators_of(state: str) -> dict:
    """``{user: [municipality names, in German order]}`` of every active account that coordinates a working group
    in ``state`` (one query)."""
    roles = (
        GroupRole.objects.filter(
            role=RoleKind.COORDINATOR,
            user__is_active=True,
            working_group__kind=GroupKind.LOCAL,
            working_group__municipality__state=state,
        )
        .select_related("user", "working_group__municipality")
        .order_by("user_id", "pk")
    )
    result = {}
    for role in roles:
        names = result.setdefault(role.user, [])
        if role.working_group.municipality.name not in names:
            names.append(role.working_group.municipality.name)
    return {user: sorted(names, key=sort_key) for user, names in result.items()}


def _organization(network, name, cache):
    if name not in cache:
        cache[name], _created = Organization.objects.get_or_create(
            working_group=network, name=name[:200], defaults={"kind": OrganizationKind.ADMINISTRATION}
        )
    return cache[name]


def _account_fields(user, organization):
    return {
        "given_name": user.first_name[:100],
        "family_name": (user.last_name or user.get_username())[:100],
        "email": user.email,
        "organization": organization,
    }


def _participant(network, user, names, organizations, today):
    """A new participant of the network for a coordinator (not saved)."""
    participant = Participant(
        working_group=network,
        consent_given_at=today,
        consent_method=ConsentMethod.OTHER,
        notes=_("Coordinates a working group of the federal state: a member of the network while they do."),
        **_account_fields(user, _organization(network, names[0], organizations)),
    )
    participant.issue_token()
    return participant


def _erased_while_member(participant) -> bool:
    """Erased while still in the network (on request): the erasure set ``left_on`` that day. Someone anonymised
    long after leaving (``anonymise_participants``) left before."""
    return participant.left_on is None or participant.left_on >= timezone.localtime(participant.erased_at).date()


@transaction.atomic
def sync_members(*, network: WorkingGroup, today=None) -> SyncResult:
    """Make the network's participants match the coordinators of its Bundesland.

    Side effects: the network's row locked (two syncs run one after the other); for each coordinator without a
    membership a participant (name and email of the account, the first municipality as organisation, consent
    "other" with a note, a personal link) and a :class:`NetworkMember`; members whose name, email or municipality
    changed updated; members who no longer coordinate marked as left today, those who coordinate again active
    again. A participant erased while a member stays erased (the person asked for it); one anonymised after leaving
    who coordinates again gets a new participant. Returns the counts.
    """
    network = WorkingGroup.objects.select_for_update().get(pk=network.pk)
    today = today or timezone.localdate()
    by_user = {user.pk: (user, names) for user, names in coordinators_of(network.state).items()}
    members = list(network.network_members.select_related("participant__organization"))
    organizations = {organization.name: organization for organization in network.organizations.all()}
    joined = updated = left = 0
    for member in members:
        participant = member.participant
        if participant.is_erased:
            if member.user_id in by_user and not _erased_while_member(participant):
                user, names = by_user[member.user_id]
                member.participant = _participant(network, user, names, organizations, today)
                member.participant.save()
                member.save(update_fields=["participant"])
                joined += 1
            continue
        if member.user_id not in by_user:
            if participant.left_on is None:
                participant.left_on = today
                participant.save(update_fields=["left_on", "updated_at"])
                left += 1
            continue
        user, names = by_user[member.user_id]
        fields = _account_fields(user, _organization(network, names[0], organizations))
        changed = [name for name, value in fields.items() if getattr(participant, name) != value]
        if participant.left_on is not None:
            participant.left_on = None
            changed.append("left_on")
        if changed:
            for name, value in fields.items():
                setattr(participant, name, value)
            participant.save()
            updated += 1
    known = {member.user_id for member in members}
    for user_pk, (user, names) in sorted(by_user.items()):
        if user_pk not in known:
            participant = _participant(network, user, names, organizations, today)
            participant.save()
            NetworkMember.objects.create(network=network, participant=participant, user=user)
            joined += 1
    return SyncResult(joined, updated, left)


def network_of_state(state: str):
    return WorkingGroup.objects.networks().filter(state=state).first()


def coordinators_changed(*, group) -> None:
    """The hook ``arbeitskreis.team.team_changes``: a working group's coordinators changed, so the network of its
    Bundesland (if there is one) is brought in step. Side effects: as :func:`sync_members`."""
    if group.is_network:
        return
    network = network_of_state(group.federal_state)
    if network is not None:
        sync_members(network=network)


def sync_all(*, today=None) -> dict:
    """Every network in step (``manage.py sync_networks``). Returns ``{network: SyncResult}``."""
    return {network: sync_members(network=network, today=today) for network in WorkingGroup.objects.networks()}


@transaction.atomic
def set_on_mailing_list(*, member: NetworkMember, on: bool) -> NetworkMember:
    """A coordinator leaves the state's mailing list (``on=False``) or joins it again. They stay a member of the
    network and invited to its meetings. Side effects: ``on_mailing_list`` and when it changed."""
    member = NetworkMember.objects.select_for_update().get(pk=member.pk)
    if member.on_mailing_list != on:
        member.on_mailing_list = on
        member.mailing_list_changed_at = timezone.now()
        member.save(update_fields=["on_mailing_list", "mailing_list_changed_at"])
    return member


def account_changed(*, user) -> None:
    """The hook ``arbeitskreis.accounts.profile_changes``: a coordinator changed their name or email, so the networks
    of the Bundesländer where they coordinate take the new one. Side effects: as :func:`sync_members`."""
    states = set(
        GroupRole.objects.filter(user=user, role=RoleKind.COORDINATOR, working_group__kind=GroupKind.LOCAL).values_list(
            "working_group__municipality__state", flat=True
        )
    )
    for network in WorkingGroup.objects.networks().filter(state__in=states):
        sync_members(network=network)
