"""Every write of a working group's team: invitations (send, send again, withdraw, accept), role changes, removal.

The rule every write keeps: **a group always keeps at least one coordinator.** Each write locks the group's row first
(:func:`lock_team`), so the changes of one team happen one after the other, and counts the coordinators after the
lock: two coordinators who demote each other at the same moment cannot both succeed — the second waits for the first,
then sees that it is the last one. Each write names its side effects (history line, mail through the outbox).

Invitation links carry a 256-bit secret; only its SHA-256 is stored. A link is looked up by the digest and compared
in constant time, works once, and expires after ``TEAM_INVITATION_DAYS``.
"""

import datetime
import hashlib
import hmac
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from arbeitskreis import history, team_mails
from arbeitskreis.hooks import Hook
from arbeitskreis.models import EventKind, GroupRole, RoleKind, TeamInvitation, WorkingGroup
from outbox import services as outbox

# Who coordinates a group has changed (someone joined, left, was removed, promoted or demoted, a handover): each
# connected function is called as ``function(group=…)`` inside the change's transaction (wired in
# arbeitskreis/wiring.py — the networks app keeps the participants of the Bundesland's network in step).
team_changes = Hook("team changes")


def new_token() -> str:
    """The secret of an invitation link: 32 random bytes (256 bits), URL-safe."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def last_coordinator_error():
    return ValidationError(
        _(
            "A working group needs at least one coordinator. Please first make another member a coordinator "
            "or hand the working group over."
        ),
        code="last_coordinator",
    )


def lock_team(group: WorkingGroup) -> WorkingGroup:
    """Lock the group's row: every change of its team waits here for the one before it (PostgreSQL; SQLite locks
    the whole database for a write anyway)."""
    return WorkingGroup.objects.select_for_update().get(pk=group.pk)


def coordinator_count(group) -> int:
    return GroupRole.objects.filter(working_group=group, role=RoleKind.COORDINATOR).count()


def _check_may_change(group, user):
    """``user`` is (still) a coordinator of the group, or staff: read after the lock, so that someone demoted a
    moment ago cannot go on changing the team."""
    if user.is_staff:
        return
    if not GroupRole.objects.filter(working_group=group, user=user, role=RoleKind.COORDINATOR).exists():
        raise ValidationError(_("Only the coordination of the working group can change its team."), code="no_right")


# --- Invitations -------------------------------------------------------------------------------------------------


def _queue_invitation(invitation: TeamInvitation, token: str):
    with translation.override(invitation.language):
        mail = team_mails.invitation(invitation, token)
    outbox.queue_mail(
        to=invitation.email,
        subject=mail.subject,
        text=mail.text,
        html=mail.html,
        reply_to=mail.reply_to,
        about=invitation,
        kind="team-invitation",
        language=invitation.language,
        dedupe_key=f"team-invitation:{invitation.pk}:{invitation.send_count}",
    )


def _validity(now):
    return now + datetime.timedelta(days=settings.TEAM_INVITATION_DAYS)


@transaction.atomic
def invite(*, group: WorkingGroup, data: dict, by) -> tuple[TeamInvitation, str]:
    """Invite ``data["email"]`` into the team as ``data["role"]`` (coordinator or observer).

    Side effects: a :class:`TeamInvitation` valid for ``TEAM_INVITATION_DAYS`` (only the digest of the link's secret
    stored); the invitation mail with the link queued through the outbox; a history line. Returns the invitation and
    the link's secret. Raises ValidationError (German) when the address belongs to a member or has an open invitation.
    """
    lock_team(group)
    _check_may_change(group, by)
    email = data["email"].strip()
    if group.roles.filter(user__email__iexact=email).exists():
        raise ValidationError(_("Someone with this email address already belongs to the team."), code="member")
    if group.team_invitations.pending().filter(email__iexact=email).exists():
        raise ValidationError(
            _("This address has already been invited. You can send the invitation again in the team's list."),
            code="invited",
        )
    token, now = new_token(), timezone.now()
    invitation = TeamInvitation.objects.create(
        working_group=group,
        email=email,
        role=data["role"],
        token_digest=token_digest(token),
        invited_by=by,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        created_at=now,
        sent_at=now,
        expires_at=_validity(now),
    )
    history.record(group=group, kind=EventKind.INVITED, actor=by, email=email, new_role=invitation.role)
    _queue_invitation(invitation, token)
    return invitation, token


def _locked_invitation(invitation):
    return (
        # Not the municipality: a network has none, and PostgreSQL locks no row of an outer join's nullable side.
        TeamInvitation.objects.select_for_update(of=("self", "working_group"))
        .select_related("working_group__municipality")
        .get(pk=invitation.pk)
    )


@transaction.atomic
def resend(*, invitation: TeamInvitation, by) -> str:
    """Send an open (or expired) invitation again, with a new link.

    Side effects: a new secret (the earlier link stops working), valid for ``TEAM_INVITATION_DAYS`` from now; the
    mail queued through the outbox; a history line. Returns the new secret. Raises ValidationError for an invitation
    that was accepted or withdrawn.
    """
    group = lock_team(invitation.working_group)
    _check_may_change(group, by)
    invitation = _locked_invitation(invitation)
    if invitation.accepted_at or invitation.withdrawn_at:
        raise ValidationError(_("This invitation has been accepted or withdrawn already."), code="closed")
    token, now = new_token(), timezone.now()
    invitation.token_digest = token_digest(token)
    invitation.sent_at, invitation.expires_at = now, _validity(now)
    invitation.send_count += 1
    invitation.save(update_fields=["token_digest", "sent_at", "expires_at", "send_count"])
    history.record(group=group, kind=EventKind.INVITATION_RESENT, actor=by, email=invitation.email)
    _queue_invitation(invitation, token)
    return token


@transaction.atomic
def withdraw(*, invitation: TeamInvitation, by) -> TeamInvitation:
    """Withdraw an invitation. Side effects: ``withdrawn_at`` set (its link shows the invalid-link page); a history
    line. Raises ValidationError when it was accepted already."""
    group = lock_team(invitation.working_group)
    _check_may_change(group, by)
    invitation = _locked_invitation(invitation)
    if invitation.accepted_at:
        raise ValidationError(_("This invitation has been accepted already."), code="accepted")
    if invitation.withdrawn_at is None:
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
        history.record(group=group, kind=EventKind.INVITATION_WITHDRAWN, actor=by, email=invitation.email)
    return invitation


def invitation_for_digest(digest: str | None):
    """The open invitation whose secret has this SHA-256 (compared in constant time), or None."""
    if not digest or len(digest) != 64:
        return None
    invitation = (
        TeamInvitation.objects.pending()
        .select_related("working_group__municipality", "invited_by")
        .filter(token_digest=digest)
        .first()
    )
    if invitation is None or not hmac.compare_digest(invitation.token_digest, digest):
        return None
    return invitation


def invitation_for_token(token: str | None):
    """The open invitation of a link's secret, or None (wrong, used, withdrawn, replaced or expired)."""
    if not token or not 32 <= len(token) <= 64:
        return None
    return invitation_for_digest(token_digest(token))


class InvitationInvalid(ValueError):
    """The invitation was accepted, withdrawn or renewed, or expired, in the meantime."""


@transaction.atomic
def accept(*, invitation: TeamInvitation, user) -> GroupRole:
    """``user`` accepts the invitation and joins the team in its role (a coordinator invited as observer stays
    coordinator; an observer invited as coordinator becomes one).

    Side effects: a :class:`GroupRole` created or raised; the invitation marked accepted (it works once); a history
    line; :data:`team_changes` told. Raises :class:`InvitationInvalid` when the link no longer works (two people
    accepting the same link at once: the second one).
    """
    group = lock_team(invitation.working_group)
    locked = _locked_invitation(invitation)
    now = timezone.now()
    if (
        locked.accepted_at
        or locked.withdrawn_at
        or locked.expires_at <= now
        or locked.token_digest != (invitation.token_digest)
    ):
        raise InvitationInvalid
    role = GroupRole.objects.filter(working_group=group, user=user).first()
    if role is None:
        role = GroupRole.objects.create(working_group=group, user=user, role=locked.role)
        history.record(
            group=group, kind=EventKind.JOINED, actor=user, user=user, new_role=role.role, email=locked.email
        )
    elif role.role == RoleKind.OBSERVER and locked.role == RoleKind.COORDINATOR:
        role.role = RoleKind.COORDINATOR
        role.save(update_fields=["role"])
        history.record(
            group=group,
            kind=EventKind.ROLE_CHANGED,
            actor=user,
            user=user,
            old_role=RoleKind.OBSERVER,
            new_role=RoleKind.COORDINATOR,
        )
    locked.accepted_at, locked.accepted_by = now, user
    locked.save(update_fields=["accepted_at", "accepted_by"])
    team_changes(group=group)
    return role


@transaction.atomic
def register_and_accept(*, invitation: TeamInvitation, data: dict):
    """Make an account from the invitation page's form (name, user name, password) and accept the invitation with it.

    Side effects: a new user with the invited address as email and the chosen password (hashed); then as
    :func:`accept`. Returns the user. Raises :class:`InvitationInvalid` like :func:`accept` (nothing is kept then).
    """
    user = get_user_model()(
        username=data["username"],
        first_name=data["first_name"],
        last_name=data["last_name"],
        email=invitation.email,
    )
    user.set_password(data["password1"])
    user.save()
    accept(invitation=invitation, user=user)
    return user


# --- Roles ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def change_role(*, role: GroupRole, to: str, by) -> GroupRole:
    """Make a member coordinator or observer.

    Side effects: the role saved; a history line; :data:`team_changes` told. Raises ValidationError (German) when the
    last coordinator would be demoted — also when two coordinators demote each other at the same moment — or when
    ``by`` is no longer a
    coordinator.
    """
    group = lock_team(role.working_group)
    _check_may_change(group, by)
    role = GroupRole.objects.select_related("user").get(pk=role.pk)
    if role.role == to:
        return role
    if role.role == RoleKind.COORDINATOR and coordinator_count(group) <= 1:
        raise last_coordinator_error()
    old, role.role = role.role, to
    role.save(update_fields=["role"])
    history.record(group=group, kind=EventKind.ROLE_CHANGED, actor=by, user=role.user, old_role=old, new_role=to)
    team_changes(group=group)
    return role


@transaction.atomic
def remove_member(*, role: GroupRole, by) -> None:
    """Take a member off the team (also oneself: leaving).

    Side effects: the role deleted (the account stays; it no longer sees the group); a history line ("left" when
    ``by`` removed themselves); :data:`team_changes` told. Raises ValidationError (German) for the last coordinator.
    """
    group = lock_team(role.working_group)
    _check_may_change(group, by)
    role = GroupRole.objects.select_related("user").filter(pk=role.pk).first()
    if role is None:
        return
    if role.role == RoleKind.COORDINATOR and coordinator_count(group) <= 1:
        raise last_coordinator_error()
    role.delete()
    kind = EventKind.LEFT if role.user_id == by.pk else EventKind.REMOVED
    history.record(group=group, kind=kind, actor=by, user=role.user, old_role=role.role)
    team_changes(group=group)
