import datetime

import pytest
from django.utils import translation

from integreat import services
from meetings.scheduling import BERLIN
from tests.integreat.api import FakeIntegreat, demo_answers

SLUG = "landkreis-karlsruhe"
# The day the demo answers are built for, and the moment the tests that judge ages travel to.
TODAY = datetime.date(2026, 3, 10)
NOW = datetime.datetime(2026, 3, 10, 11, 0, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def german():
    """The tests read German text; a request in another language must not leak into the next test."""
    with translation.override("de"):
        yield


@pytest.fixture
def integreat_api(settings):
    """The local Integreat API (tests/integreat/api.py), with short back-off and timeouts."""
    server = FakeIntegreat().start()
    settings.INTEGREAT_API_URL = server.url
    settings.INTEGREAT_API_BACKOFF_SECONDS = 0.01
    settings.INTEGREAT_API_TIMEOUT = 2
    settings.INTEGREAT_API_DEVELOPMENT = True
    yield server
    server.stop()


@pytest.fixture
def municipality(world):
    """The world's group's municipality with its Integreat region entered."""
    municipality = world.group.municipality
    municipality.integreat_region_slug = SLUG
    municipality.save()
    return municipality


def load(municipality, answers=None, by=None):
    """Import a snapshot (the demo region's by default) through the upload service."""
    regions, pages = answers or demo_answers(municipality.integreat_region_slug, today=TODAY)
    files = [(f"pages-{code}.json", data) for code, data in pages.items()]
    return services.import_files(municipality=municipality, data={"regions": regions, "pages": files}, by=by)


@pytest.fixture
def snapshot(municipality):
    """The demo snapshot of the world's municipality (44 pages in seven languages)."""
    return load(municipality)
