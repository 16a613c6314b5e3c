"""Matrix entries of the networks app.

A network's pages (``network:``) are tried with the network of the world's Bundesland (Baden-Württemberg): the
world's coordinator is a member (reads), its observer is not (only coordinators are members), the outsider
coordinates a working group in another Bundesland (404), staff run the network. The staff's pages (``networks:``)
are for staff only; a working group's feedback and newcomers' pages follow the group's roles; the newcomers' form is
public. tests/networks/test_shared_pages.py tries the other apps' pages under a network's prefix.
"""

from findings.models import ContentArea
from networks.models import NetworkMember
from tests.matrix import (
    LOGIN,
    PUBLIC,
    READ,
    READ_ONLY_PAGE,
    WRITE_DONE,
    WRITE_PAGE,
    Case,
    group_kwargs,
    no_kwargs,
)
from tests.networks.factories import NewcomerAnswerFactory, link_of, network_for, pass_on

NETWORK_READ = {"coordinator": 200, "observer": 404, "outsider": 404, "staff": 200, "anonymous": LOGIN}
NETWORK_READ_POST = {"coordinator": 403, "observer": 404, "outsider": 404, "staff": 405, "anonymous": LOGIN}
NETWORK_ACTION_GET = {"coordinator": 403, "observer": 404, "outsider": 404, "staff": 405, "anonymous": LOGIN}
NETWORK_ACTION_POST = {"coordinator": 403, "observer": 404, "outsider": 404, "staff": 302, "anonymous": LOGIN}
STAFF_PAGE = {"coordinator": 403, "observer": 403, "outsider": 403, "staff": 200, "anonymous": LOGIN}
STAFF_DONE = {"coordinator": 403, "observer": 403, "outsider": 403, "staff": 302, "anonymous": LOGIN}
NOT_SAFE = {**dict.fromkeys(READ, 405), "anonymous": LOGIN}
ALL = dict.fromkeys(READ)


def _all(status):
    return dict.fromkeys(ALL, status)


def network_kwargs(world, group, object_group):
    """The network of the Bundesland of ``group`` (the world's group: Baden-Württemberg)."""
    return network_for(group).url_kwargs()


def membership_kwargs(world, group, object_group):
    """The membership of the world's coordinator in the network of ``object_group``'s Bundesland (of the other group:
    the outsider's membership in Nordrhein-Westfalen — 404 for anyone else)."""
    network = network_for(object_group)
    user = world.coordinator if object_group == world.group else world.outsider
    return {"pk": NetworkMember.objects.get(network=network, user=user).pk}


def inbox_item_kwargs(world, group, object_group):
    return {"pk": pass_on(object_group).pk}


def answer_kwargs(world, group, object_group):
    answer = NewcomerAnswerFactory(working_group=object_group)
    return {**group_kwargs(world, group, object_group), "pk": answer.pk}


def linked_kwargs(world, group, object_group):
    """A group with its public link (the QR code and the poster need one; a network has none)."""
    if not group.is_network:
        link_of(group)
    return group_kwargs(world, group, object_group)


def public_kwargs(world, group, object_group):
    return {"key": link_of(object_group).key}


def finding_feedback_data(world):
    return {"category": "bug", "text": "Die Suche findet keine Umlaute."}


def public_data(world):
    area = ContentArea.objects.get(working_group=None, name="Gesundheit")
    return {"content_area": area.pk, "found": "no", "language": "ro", "missing": "Kinderärzte"}


def create_data(world):
    return {
        "state": "HE",
        "default_online_link": "https://meet.example.org/hessen",
        "organizer_name": "Integreat-Team",
        "organizer_email": "netzwerk@integreat.example.org",
    }


ENTRIES = {
    # One network, under netz/<state>/.
    "network:home": Case(kwargs=network_kwargs, get=NETWORK_READ, post=NETWORK_READ_POST),
    "network:sync": Case(kwargs=network_kwargs, get=NETWORK_ACTION_GET, post=NETWORK_ACTION_POST),
    "network:mailing-list": Case(kwargs=network_kwargs, get=NETWORK_READ, post=NETWORK_READ_POST),
    "network:mailing-list-csv": Case(kwargs=network_kwargs, get=NETWORK_READ, post=NETWORK_READ_POST),
    "network:mailing-list-xlsx": Case(kwargs=network_kwargs, get=NETWORK_READ, post=NETWORK_READ_POST),
    "network:report": Case(kwargs=network_kwargs, get=NETWORK_READ, post=NETWORK_READ_POST),
    "network:report-pdf": Case(kwargs=network_kwargs, get=NETWORK_READ, post=NETWORK_READ_POST),
    # Staff: the Bundesländer and their networks, a new network, the feedback inbox.
    "networks:list": Case(kwargs=no_kwargs, get=STAFF_PAGE, post=NOT_SAFE),
    "networks:create": Case(kwargs=no_kwargs, get=STAFF_PAGE, post=STAFF_DONE, post_data=create_data),
    "networks:inbox": Case(kwargs=no_kwargs, get=STAFF_PAGE, post=NOT_SAFE),
    "networks:inbox-item": Case(
        kwargs=inbox_item_kwargs,
        get=STAFF_PAGE,
        post=STAFF_DONE,
        post_data=lambda world: {"status": "in_progress", "reply": "Danke, wir prüfen das."},
    ),
    # A coordinator's place on the mailing list (from the account page): only their own membership.
    "networks:membership": Case(
        kwargs=membership_kwargs,
        get=NOT_SAFE,
        post={"coordinator": 302, "observer": 404, "outsider": 404, "staff": 404, "anonymous": LOGIN},
        post_data=lambda world: {"on": "0"},
        cross_objects=True,
    ),
    # A working group's feedback to the Integreat team.
    "feedback:list": Case(kwargs=group_kwargs, get=READ, post=READ_ONLY_PAGE),
    "feedback:create": Case(kwargs=group_kwargs, get=WRITE_PAGE, post=WRITE_DONE, post_data=finding_feedback_data),
    # A working group's newcomers' feedback.
    "newcomers:overview": Case(kwargs=group_kwargs, get=READ, post=READ_ONLY_PAGE),
    "newcomers:link": Case(kwargs=group_kwargs, get=READ_ONLY_PAGE, post=WRITE_DONE),
    "newcomers:qr": Case(kwargs=linked_kwargs, get=READ, post=READ_ONLY_PAGE),
    "newcomers:poster": Case(kwargs=linked_kwargs, get=READ, post=READ_ONLY_PAGE),
    "newcomers:to-finding": Case(kwargs=answer_kwargs, get=READ_ONLY_PAGE, post=WRITE_DONE, cross_objects=True),
    # The public form: no login, the same for everyone.
    "newcomer-form:form": Case(kwargs=public_kwargs, get=PUBLIC, post=_all(302), post_data=public_data),
    "newcomer-form:thanks": Case(kwargs=public_kwargs, get=PUBLIC, post=_all(405)),
}
