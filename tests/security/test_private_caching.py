"""Every page a logged-in coordinator gets (every URL of the permission matrix) and every personal-link page carries
``Cache-Control: private, no-store``: neither a shared computer's browser cache nor a proxy keeps personal data.
Answers that set their own Cache-Control keep it (the calendar feeds must be revalidated, not forbidden)."""

import pytest
from django.urls import reverse

from meetings.feeds import create_feed
from tests.matrix import load_entries
from tests.members.factories import ParticipantFactory
from tests.personal import open_personal_link

ENTRIES = load_entries()

# URL name → the Cache-Control the view sets itself, and why it is not "no-store".
OWN_CACHE_CONTROL = {
    "healthz": "no-cache",  # the load balancer's probe: no personal data
    "favicon": "max-age",  # the icon, the same for everybody
    # The calendar feed (token in the address): clients poll it, revalidating each time (meetings/feed_views.py).
    "feeds:calendar": "private, max-age=0, must-revalidate",
}


def _coordinator_pages():
    for name, case in sorted(ENTRIES.items()):
        if case.get is not None and case.get["coordinator"] == 200:
            yield pytest.param(name, id=name)


@pytest.mark.parametrize("name", list(_coordinator_pages()))
def test_every_page_for_a_coordinator_is_private_and_not_stored(client, world, name):
    case = ENTRIES[name]
    client.force_login(world.coordinator)
    if case.participant:
        open_personal_link(client, ParticipantFactory(working_group=world.group))
    response = client.get(reverse(name, kwargs=case.kwargs(world, world.group, world.group)))
    assert response.status_code == 200
    cache_control = response.get("Cache-Control", "")
    if name in OWN_CACHE_CONTROL:
        assert OWN_CACHE_CONTROL[name] in cache_control
    else:
        assert "private" in cache_control and "no-store" in cache_control, f"{name}: {cache_control!r}"


def test_a_personal_link_page_is_private_without_a_login(client, world):
    open_personal_link(client, ParticipantFactory(working_group=world.group))
    response = client.get("/p/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_calendar_feed_keeps_its_own_cache_control_even_for_a_logged_in_user(client, world):
    """Calendar clients poll the feed and must revalidate it; the middleware does not replace the feed's header."""
    feed = create_feed(group=world.group, label="Outlook")
    client.force_login(world.coordinator)
    response = client.get(reverse("feeds:calendar", kwargs={"token": feed.token}))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, max-age=0, must-revalidate"
