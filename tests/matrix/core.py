"""Matrix entries of the tenant core, the accounts and the public URLs."""

from tests.factories import HandoverFactory, make_invitation
from tests.matrix import (
    GET_REFUSED,
    LOGGED_IN,
    LOGIN,
    NOT_ALLOWED,
    PUBLIC,
    READ,
    READ_ONLY_PAGE,
    WRITE_DONE,
    WRITE_PAGE,
    Case,
    group_kwargs,
    no_kwargs,
)


def _all(status):
    return dict.fromkeys(READ, status)


HANDOVER_PEOPLE = {"coordinator": 200, "observer": 200, "outsider": 404, "staff": 404, "anonymous": LOGIN}
NOT_SAFE = {**_all(405), "anonymous": LOGIN}


def own_handover_kwargs(world, group, object_group):
    """A handover of ``object_group``: in the world's group from its coordinator to its observer; in the other group
    between two others (the coordinator then gets 404)."""
    if object_group == world.group:
        return {
            "pk": HandoverFactory(
                working_group=object_group, predecessor=world.coordinator, successor=world.observer
            ).pk
        }
    return {"pk": HandoverFactory(working_group=object_group, predecessor=world.outsider).pk}


def invitation_token_kwargs(world, group, object_group):
    return {"token": make_invitation(object_group)[1]}


def settings_data(world):
    return {
        "name": "Arbeitskreis Integreat",
        "cadence_months": 6,
        "default_start_time": "16:00",
        "default_duration_minutes": 90,
        "default_place": "Rathaus",
        "default_online_link": "",
        "organizer_name": "Koordination",
        "organizer_email": "koordination@example.org",
    }


ENTRIES = {
    "dashboard": Case(kwargs=no_kwargs, get=LOGGED_IN, post=GET_REFUSED),
    "healthz": Case(kwargs=no_kwargs, get=PUBLIC, post=NOT_ALLOWED),
    "favicon": Case(kwargs=no_kwargs, get={**dict.fromkeys(READ, 301)}, post=NOT_ALLOWED),
    "groups:detail": Case(kwargs=group_kwargs, get=READ, post=READ_ONLY_PAGE),
    "groups:settings": Case(kwargs=group_kwargs, get=WRITE_PAGE, post=WRITE_DONE, post_data=settings_data),
    # Accounts (django.contrib.auth.urls).
    "login": Case(kwargs=no_kwargs, get=PUBLIC, post=PUBLIC),
    "logout": Case(kwargs=no_kwargs, get=NOT_ALLOWED, post={**dict.fromkeys(READ, 302)}),
    "password_change": Case(kwargs=no_kwargs, get=LOGGED_IN, post=LOGGED_IN),
    "password_change_done": Case(kwargs=no_kwargs, get=LOGGED_IN),
    "password_reset": Case(kwargs=no_kwargs, get=PUBLIC, post=PUBLIC),
    "password_reset_done": Case(kwargs=no_kwargs, get=PUBLIC),
    "password_reset_confirm": Case(
        kwargs=lambda world, group, object_group: {"uidb64": "MQ", "token": "invalid-token"}, get=PUBLIC
    ),
    "password_reset_complete": Case(kwargs=no_kwargs, get=PUBLIC),
    # The own account (arbeitskreis/account_views.py): a POST without data shows the form with its errors.
    "account:profile": Case(kwargs=no_kwargs, get=LOGGED_IN, post=LOGGED_IN),
    # A handover is reached through the account: only its predecessor (the coordinator) and successor (the observer).
    "account:handover": Case(kwargs=own_handover_kwargs, get=HANDOVER_PEOPLE, post=NOT_SAFE, cross_objects=True),
    "account:handover-report": Case(kwargs=own_handover_kwargs, get=HANDOVER_PEOPLE, post=NOT_SAFE, cross_objects=True),
    # The invitation link: exchanged for the session and redirected; the page without one in the session: invalid.
    "account:invitation-entry": Case(kwargs=invitation_token_kwargs, get=_all(302), post=NOT_ALLOWED),
    "account:invitation": Case(kwargs=no_kwargs, get=_all(404), post=_all(404)),
    "set_language": Case(
        kwargs=no_kwargs,
        get={**dict.fromkeys(READ, 302)},
        post={**dict.fromkeys(READ, 302)},
        post_data=lambda world: {"language": "en", "next": "/"},
    ),
}

assert LOGIN  # re-exported for the entries of other modules
