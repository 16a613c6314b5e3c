"""The team's rule under concurrency: a group keeps a coordinator even when two coordinators demote or remove each
other at the same moment, and an invitation link accepted twice at once joins once.

PostgreSQL only (tests/concurrency.py): skipped on SQLite. ``meet_after`` holds each caller right after it counted the
coordinators (``arbeitskreis.team.coordinator_count``, read after the team's lock): without the lock both would count
two and both would go on; with it the second waits in the database until the first has committed.
"""

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from arbeitskreis import team
from arbeitskreis.models import EventKind, GroupEvent, GroupRole, RoleKind, TeamInvitation
from tests.concurrency import at_once, meet_after, row_lock_test
from tests.factories import GroupRoleFactory, UserFactory, make_invitation

pytestmark = row_lock_test

LAST = "Ein Arbeitskreis braucht mindestens eine Person in der Koordination."
NO_RIGHT = "Nur die Koordination des Arbeitskreises kann sein Team ändern."


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _message(response):
    return [str(message) for message in get_messages(response.wsgi_request)][0]


def _two_coordinators(world):
    second = GroupRoleFactory(working_group=world.group, user__username="zweite").user
    return world.coordinator, second


def _role_url(group, user, name="team:role"):
    role = GroupRole.objects.get(working_group=group, user=user)
    return reverse(name, kwargs={**group.url_kwargs(), "pk": role.pk})


def test_two_coordinators_demoting_each_other_at_once_leave_one(world):
    first, second = _two_coordinators(world)
    calls = [
        (lambda: _client(first).post(_role_url(world.group, second), {"role": "observer"})),
        (lambda: _client(second).post(_role_url(world.group, first), {"role": "observer"})),
    ]
    with meet_after("arbeitskreis.team.coordinator_count"):
        outcomes = at_once(*calls)
    assert [outcome.error for outcome in outcomes] == [None, None]
    messages = [_message(outcome.value) for outcome in outcomes]
    done = [message for message in messages if "hat jetzt die Rolle „Beobachtung“" in message]
    # The other waited for the lock, then found itself demoted (an observer changes nothing).
    refused = [message for message in messages if message.startswith((LAST, NO_RIGHT))]
    assert len(done) == 1 and len(refused) == 1
    assert world.group.roles.filter(role=RoleKind.COORDINATOR).count() == 1
    assert GroupEvent.objects.filter(kind=EventKind.ROLE_CHANGED).count() == 1


def test_two_coordinators_removing_each_other_at_once_leave_one(world):
    first, second = _two_coordinators(world)
    calls = [
        (lambda: _client(first).post(_role_url(world.group, second, "team:remove"))),
        (lambda: _client(second).post(_role_url(world.group, first, "team:remove"))),
    ]
    with meet_after("arbeitskreis.team.coordinator_count"):
        outcomes = at_once(*calls)
    assert [outcome.error for outcome in outcomes] == [None, None]
    assert world.group.roles.filter(role=RoleKind.COORDINATOR).count() == 1
    assert GroupEvent.objects.filter(kind=EventKind.REMOVED).count() == 1


def test_the_last_two_coordinators_stepping_down_at_once_leave_one(world):
    """Each demotes themselves: the services' own rule, without the views."""
    first, second = _two_coordinators(world)
    roles = {user: GroupRole.objects.get(user=user, working_group=world.group) for user in (first, second)}
    with meet_after("arbeitskreis.team.coordinator_count"):
        outcomes = at_once(
            *(lambda user=user: team.change_role(role=roles[user], to=RoleKind.OBSERVER, by=user) for user in roles)
        )
    errors = [outcome.error for outcome in outcomes if outcome.error is not None]
    assert len(errors) == 1 and LAST in str(errors[0])
    assert world.group.roles.filter(role=RoleKind.COORDINATOR).count() == 1


def test_an_invitation_accepted_twice_at_once_joins_once(world):
    invitation, _token = make_invitation(world.group, invited_by=world.coordinator)
    people = [UserFactory(username="erste"), UserFactory(username="zweiter")]
    with meet_after("arbeitskreis.team.lock_team"):
        outcomes = at_once(*(lambda user=user: team.accept(invitation=invitation, user=user) for user in people))
    errors = [outcome.error for outcome in outcomes if outcome.error is not None]
    assert len(errors) == 1 and isinstance(errors[0], team.InvitationInvalid)
    assert world.group.roles.filter(user__in=people).count() == 1
    assert TeamInvitation.objects.get().accepted_by in people
