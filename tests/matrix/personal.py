"""Matrix entries of the participant's pages under ``p/``: the personal link and what it opens.

No login: the link is the key, for everybody alike. The link itself (``personal:entry``) is exchanged for a
participant session and redirected; the pages behind it are tried with that session (``participant=True``) —
tests/security/test_personal_links.py tries each of them without one, with an old and a wrong link.
"""

from tests.matrix import READ, Case
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
}
