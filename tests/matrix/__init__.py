"""The permission matrix: every URL pattern of the project, tried by every role.

Each app adds its URL names in ``tests/matrix/<app>.py`` (a dict ``ENTRIES``) and is listed in ``MODULES``.
The test in tests/security/test_permission_matrix.py fails when a URL pattern is missing here.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

ROLES = ("coordinator", "observer", "outsider", "staff", "anonymous")

# Expectations: an HTTP status, or "login" (302 to the login page).
LOGIN = "login"


@dataclass
class Case:
    """How to call one URL and what each role gets.

    ``kwargs(world, group, object_group)`` returns the URL's keyword arguments: the group's slugs plus ids of
    objects that belong to ``object_group``. With ``cross_objects`` the test also calls the URL with the
    group's slugs and the *other* group's objects as the coordinator, expecting 404 (for every method the view
    takes: a method it does not take is refused with 405 before anything is looked up).
    """

    kwargs: Callable[[Any, Any, Any], dict]
    get: dict[str, Any] | None = None
    post: dict[str, Any] | None = None
    post_data: Callable[[Any], dict] | None = None
    cross_objects: bool = False
    participant: bool = False  # a page behind the personal link: called with a participant session of the group
    extra: dict = field(default_factory=dict)


def group_kwargs(world, group, object_group):
    return group.url_kwargs()


def no_kwargs(world, group, object_group):
    return {}


def _all(status):
    return dict.fromkeys(ROLES, status)


# Typical expectations.
PUBLIC = _all(200)
NOT_ALLOWED = _all(405)
READ = {"coordinator": 200, "observer": 200, "outsider": 404, "staff": 200, "anonymous": LOGIN}
WRITE_PAGE = {"coordinator": 200, "observer": 403, "outsider": 404, "staff": 200, "anonymous": LOGIN}
# A valid POST that redirects after the change.
WRITE_DONE = {"coordinator": 302, "observer": 403, "outsider": 404, "staff": 302, "anonymous": LOGIN}
# A POST-only action with its GET refused.
GET_REFUSED = {"coordinator": 405, "observer": 405, "outsider": 405, "staff": 405, "anonymous": LOGIN}
# A POST to a page that only reads: observers may not write (403), coordinators get 405.
READ_ONLY_PAGE = {"coordinator": 405, "observer": 403, "outsider": 404, "staff": 405, "anonymous": LOGIN}
LOGGED_IN = {"coordinator": 200, "observer": 200, "outsider": 200, "staff": 200, "anonymous": LOGIN}


def group_read(**extra):
    return Case(kwargs=group_kwargs, get=READ, post=extra.pop("post", None), **extra)


MODULES = [
    "tests.matrix.core",
    "tests.matrix.members",
    "tests.matrix.meetings",
    "tests.matrix.findings",
    "tests.matrix.minutes",
    "tests.matrix.integreat",
    "tests.matrix.personal",
    "tests.matrix.protocols",
    "tests.matrix.team",
    "tests.matrix.networks",
]


def load_entries() -> dict[str, Case]:
    entries: dict[str, Case] = {}
    for module_name in MODULES:
        module = import_module(module_name)
        duplicates = set(entries) & set(module.ENTRIES)
        assert not duplicates, f"URL names listed twice in the matrix: {duplicates}"
        entries.update(module.ENTRIES)
    return entries
