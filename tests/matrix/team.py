"""Matrix entries of the team pages: the team, invitations, roles, the history and the handover of a group."""

from arbeitskreis.models import RoleKind
from tests.factories import GroupRoleFactory, HandoverFactory, make_invitation
from tests.matrix import READ, READ_ONLY_PAGE, WRITE_DONE, WRITE_PAGE, Case, group_kwargs


def member_kwargs(world, group, object_group):
    """A member of ``object_group`` other than the world's users (an observer): changing or removing them is allowed."""
    role = GroupRoleFactory(working_group=object_group, role=RoleKind.OBSERVER)
    return {**group_kwargs(world, group, object_group), "pk": role.pk}


def invitation_kwargs(world, group, object_group):
    invitation, _token = make_invitation(object_group)
    return {**group_kwargs(world, group, object_group), "pk": invitation.pk}


def handover_kwargs(world, group, object_group):
    handover = HandoverFactory(working_group=object_group)
    return {**group_kwargs(world, group, object_group), "pk": handover.pk}


def handover_data(world):
    """The coordinator hands over to the observer and stays as observer; staff, on no team, get the form again."""
    return {"successor": world.group.roles.get(user=world.observer).pk, "stay": "1", "note": "Viel Erfolg!"}


ENTRIES = {
    "team:list": Case(kwargs=group_kwargs, get=READ, post=READ_ONLY_PAGE),
    "team:invite": Case(
        kwargs=group_kwargs,
        get=WRITE_PAGE,
        post=WRITE_DONE,
        post_data=lambda world: {"email": "neue.kollegin@example.org", "role": "observer"},
    ),
    "team:role": Case(
        kwargs=member_kwargs,
        get=READ_ONLY_PAGE,
        post=WRITE_DONE,
        post_data=lambda world: {"role": "coordinator"},
        cross_objects=True,
    ),
    "team:remove": Case(kwargs=member_kwargs, get=READ_ONLY_PAGE, post=WRITE_DONE, cross_objects=True),
    "team:invitation-resend": Case(kwargs=invitation_kwargs, get=READ_ONLY_PAGE, post=WRITE_DONE, cross_objects=True),
    "team:invitation-withdraw": Case(kwargs=invitation_kwargs, get=READ_ONLY_PAGE, post=WRITE_DONE, cross_objects=True),
    # Coordinators only: observers get 403 for reading too.
    "team:history": Case(kwargs=group_kwargs, get=WRITE_PAGE, post=READ_ONLY_PAGE),
    "team:handover": Case(
        kwargs=group_kwargs,
        get=WRITE_PAGE,
        post={**WRITE_DONE, "staff": 200},
        post_data=handover_data,
    ),
    "team:handover-report": Case(kwargs=handover_kwargs, get=WRITE_PAGE, post=READ_ONLY_PAGE, cross_objects=True),
}
