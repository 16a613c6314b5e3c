from dataclasses import dataclass, field
from importlib import import_module

import pytest

from arbeitskreis.models import RoleKind, State
from tests.factories import GroupRoleFactory, MunicipalityFactory, UserFactory, WorkingGroupFactory

# A real SMTP server (aiosmtpd) and a task queue that stands still, for every test that sends mail.
pytest_plugins = ["tests.smtp"]


@dataclass
class World:
    """Two groups in two municipalities, and one user for each role the permission tests try."""

    group: object
    other_group: object
    coordinator: object
    observer: object
    outsider: object  # coordinator of the other group
    staff: object
    extra: dict = field(default_factory=dict)  # objects the apps add (e.g. a participant of each group)

    def user(self, role):
        return {
            "coordinator": self.coordinator,
            "observer": self.observer,
            "outsider": self.outsider,
            "staff": self.staff,
            "anonymous": None,
        }[role]


@pytest.fixture
def world(db):
    group = WorkingGroupFactory(
        municipality=MunicipalityFactory(name="Landkreis Karlsruhe", slug="landkreis-karlsruhe", state=State.BW),
        name="Arbeitskreis Karlsruhe",
    )
    other = WorkingGroupFactory(
        municipality=MunicipalityFactory(name="Stadt Bielefeld", slug="bielefeld", state=State.NW),
        name="Arbeitskreis Bielefeld",
    )
    coordinator = GroupRoleFactory(working_group=group, user__username="coord").user
    observer = GroupRoleFactory(working_group=group, user__username="observer", role=RoleKind.OBSERVER).user
    outsider = GroupRoleFactory(working_group=other, user__username="outsider").user
    staff = UserFactory(username="staff", is_staff=True)
    return World(group, other, coordinator, observer, outsider, staff)


@pytest.fixture(autouse=True)
def no_integreat_api(settings):
    """No test reaches the real Integreat API: INTEGREAT_API_URL points at a port nothing listens on; the tests that
    fetch start their own server (tests/integreat/api.py)."""
    settings.INTEGREAT_API_URL = "http://127.0.0.1:9"


@pytest.fixture
def coordinator_client(client, world):
    client.force_login(world.coordinator)
    return client


@pytest.fixture
def observer_client(client, world):
    client.force_login(world.observer)
    return client


@pytest.fixture
def outsider_client(client, world):
    client.force_login(world.outsider)
    return client


# Data migrations whose rows the app needs (global agenda templates, focus questions, content areas).
DATA_MIGRATIONS = [
    "meetings.migrations.0002_seed_templates_and_focus_questions",
    "meetings.migrations.0005_network_meeting_template",
    "findings.migrations.0002_seed_content_areas",
]


@pytest.fixture
def data_migration_rows(transactional_db):
    """Tests with ``transaction=True`` (browser tests, row locks) flush the database after each test, which drops the
    rows of data migrations: seed them again."""
    from django.apps import apps

    for name in DATA_MIGRATIONS:
        import_module(name).seed(apps, None)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """A request's transaction commits at its end, and the outbox hands its mails to the worker on commit; inside a
    test the on-commit callbacks run when ``with commit(): …`` ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache (the Wirkung counts are kept there, keyed on the database's state)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
