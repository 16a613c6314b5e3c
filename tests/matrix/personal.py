"""Matrix entries of the participant's pages under ``p/``: the personal link and what it opens.

No login: the link is the key, for everybody alike. The link itself (``personal:entry``) is exchanged for a
participant session and redirected; the pages behind it are tried with that session (``participant=True``) —
tests/security/test_personal_links.py tries each of them without one, with an old and a wrong link.
"""

from meetings.feeds import create_feed
from tests.matrix import READ, Case
from tests.meetings.factories import MeetingFactory
from tests.members.factories import ParticipantFactory

EVERYONE = dict.fromkeys(READ)


def _all(status):
    return dict.fromkeys(EVERYONE, status)


def token_kwargs(world, group, object_group):
    return {"token": ParticipantFactory(working_group=object_group).token}


def token_path_kwargs(world, group, object_group):
    return {**token_kwargs(world, group, object_group), "rest": "suggest/"}


def no_kwargs(world, group, object_group):
    return {}


def meeting_kwargs(world, group, object_group):
    return {"pk": MeetingFactory(working_group=object_group, status="invited").pk}


def feed_token_kwargs(world, group, object_group):
    return {"token": create_feed(group=object_group, label="Kalender").token}


ENTRIES = {
    # The link from a mail: a GET sets the participant session and redirects to the address without the token.
    "personal:entry": Case(kwargs=token_kwargs, get=_all(302), post=_all(405)),
    "personal:entry-path": Case(kwargs=token_path_kwargs, get=_all(302), post=_all(405)),
    "personal:unknown": Case(
        kwargs=lambda world, group, object_group: {"rest": "kurz/"}, get=_all(404), post=_all(404)
    ),
    "personal:page": Case(kwargs=no_kwargs, get=_all(200), post=_all(405), participant=True),
    "personal:data-json": Case(kwargs=no_kwargs, get=_all(200), post=_all(405), participant=True),
    "personal:deletion-request": Case(kwargs=no_kwargs, get=_all(405), post=_all(302), participant=True),
    "personal:suggest": Case(
        kwargs=no_kwargs,
        get=_all(200),
        post=_all(302),
        post_data=lambda world: {"kind": "gap", "title": "Rumänische Seiten zur Arbeit", "language": "ro"},
        participant=True,
    ),
    # A meeting of the participant's group with the answer form: a GET shows, the POST records.
    "personal:meeting": Case(
        kwargs=meeting_kwargs,
        get=_all(200),
        post=_all(302),
        post_data=lambda world: {"answer": "accepted", "comment": ""},
        participant=True,
    ),
    "personal:calendar": Case(
        kwargs=no_kwargs, get=_all(200), post=_all(302), post_data=lambda world: {"action": "create"}, participant=True
    ),
    # The calendar feeds: for calendar clients, the secret address is the key.
    "feeds:calendar": Case(kwargs=feed_token_kwargs, get=_all(200), post=_all(405)),
}
