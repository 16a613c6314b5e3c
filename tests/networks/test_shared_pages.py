"""The other apps' pages under a network's prefix (``netz/<state>/meetings/…``): the same views as a working group's.

Every URL of the permission matrix inside a group is tried with the network of Baden-Württemberg instead of the
world's group: a member (the world's coordinator, who coordinates a group in Baden-Württemberg) gets what an observer
gets (reads, never writes — a refused write changes no row), the coordinator of a group in Nordrhein-Westfalen and
the observer get 404, staff get what staff get, anonymous users the login page. The network's participants, settings
and suggestions are for staff only (404 for members); the team, content gaps and newcomers' feedback of a network do
not exist (404 for everyone).
"""

import pytest
from django.urls import reverse

from arbeitskreis.access import NETWORK_SECTIONS, NETWORK_STAFF_SECTIONS
from tests.matrix import LOGIN, load_entries
from tests.networks.factories import network_for
from tests.snapshot import database_rows

ENTRIES = load_entries()
GROUP_SECTIONS = {"groups", "members", "meetings", "findings", "minutes", "team", "feedback", "newcomers"}
ROLES = ("coordinator", "outsider", "observer", "staff", "anonymous")
REFUSED = (403, 404, 405, LOGIN)


def _expected(name, case_expectations, role):
    section = name.split(":")[0]
    if role == "anonymous":
        return LOGIN
    if role in ("outsider", "observer"):
        return 404
    if role == "staff":
        allowed = NETWORK_SECTIONS | NETWORK_STAFF_SECTIONS
        return case_expectations["staff"] if section in allowed else 404
    return case_expectations["observer"] if section in NETWORK_SECTIONS else 404


def _cases():
    for name, case in sorted(ENTRIES.items()):
        if name.split(":")[0] not in GROUP_SECTIONS or name == "groups:detail":
            continue
        for method in ("get", "post"):
            if getattr(case, method) is not None:
                for role in ROLES:
                    yield pytest.param(name, method, role, id=f"{name}-{method}-{role}")


def _check(response, expected, label):
    if expected == LOGIN:
        assert response.status_code == 302, f"{label}: expected the login, got {response.status_code}"
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, f"{label}: expected {expected}, got {response.status_code}"


@pytest.mark.parametrize(("name", "method", "role"), list(_cases()))
def test_a_network_has_the_group_pages_its_members_may_read(client, world, name, method, role):
    case = ENTRIES[name]
    network = network_for(world.group)
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    url = reverse(name, kwargs=case.kwargs(world, network, network))
    assert url.startswith("/netz/bw/"), url
    expected = _expected(name, getattr(case, method), role)
    if method == "get":
        _check(client.get(url), expected, name)
        return
    data = case.post_data(world) if case.post_data else {}
    if name == "minutes:edit":  # the network has participants (its members): the form asks for their attendance
        data.update({f"attendance_{pk}": "present" for pk in network.participants.values_list("pk", flat=True)})
    before = database_rows() if expected in REFUSED else None
    _check(client.post(url, data), expected, name)
    if before is not None:
        assert database_rows() == before, f"{name}: a refused POST of {role} changed stored data"


def test_the_home_of_a_network_is_where_its_group_address_leads(client, world):
    network = network_for(world.group)
    client.force_login(world.coordinator)
    assert network.get_absolute_url() == "/netz/bw/"
    response = client.get(network.get_absolute_url())
    assert response.resolver_match.view_name == "network:home"
    assert network.name in response.content.decode()
