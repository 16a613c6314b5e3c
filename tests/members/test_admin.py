"""The Django admin pages of the members app open for staff, in German."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.members.factories import ImportBatchFactory, OrganizationFactory, ParticipantFactory


@pytest.mark.parametrize(
    ("model", "factory", "title"),
    [
        ("organization", OrganizationFactory, "Organisationen"),
        ("participant", ParticipantFactory, "Teilnehmende"),
        ("importbatch", ImportBatchFactory, "Importe von Teilnehmenden"),
    ],
)
def test_admin_pages_open(client, db, model, factory, title):
    obj = factory()
    client.force_login(UserFactory(username="admin-test", is_staff=True, is_superuser=True))
    changelist = client.get(reverse(f"admin:members_{model}_changelist"))
    assert changelist.status_code == 200
    assert title in changelist.content.decode()
    assert client.get(reverse(f"admin:members_{model}_change", args=[obj.pk])).status_code == 200
    assert client.get(reverse(f"admin:members_{model}_changelist") + "?q=a").status_code == 200


def test_admin_does_not_show_the_personal_token(client, db):
    participant = ParticipantFactory()
    client.force_login(UserFactory(username="admin-test", is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:members_participant_change", args=[participant.pk])).content.decode()
    assert participant.token not in page
