"""Query counts of the meetings pages that list the group's own things: they do not grow with them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.meetings.factories import AgendaTemplateFactory, AgendaTemplateItemFactory
from tests.meetings.helpers import url


def _templates(group, count, items=3):
    for number in range(count):
        template = AgendaTemplateFactory(working_group=group)
        AgendaTemplateItemFactory.create_batch(items, template=template, title=f"Punkt von Vorlage {number}")


def _count(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.parametrize("name", ["meetings:templates", "meetings:create"])
def test_the_template_pages_do_not_grow_with_templates(coordinator_client, world, name):
    address = url(name, world.group)
    _templates(world.group, 2)
    few, page = _count(coordinator_client, address)
    assert "Vorlage" in page
    _templates(world.group, 20, items=6)
    many, page = _count(coordinator_client, address)
    assert many == few
    if name == "meetings:templates":
        assert page.count("Punkt von Vorlage 19") == 6
    # session, user, group with the role, templates, their items (+ the form's questions and the date suggestion)
    assert many <= 10
