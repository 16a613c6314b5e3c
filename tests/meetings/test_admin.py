"""Staff manage meetings, global templates and the focus question library in the Django admin (German)."""

import pytest
from django.urls import reverse

from meetings.models import AgendaTemplate, FocusQuestion
from tests.meetings.factories import AgendaItemFactory, MeetingFactory


@pytest.mark.parametrize("model", ["meeting", "agendatemplate", "focusquestion"])
def test_staff_open_the_admin_pages(client, world, model):
    superuser = world.staff
    superuser.is_superuser = True
    superuser.save()
    client.force_login(superuser)
    AgendaItemFactory(meeting=MeetingFactory(working_group=world.group, title="Herbsttreffen"))
    objects = {
        "meeting": world.group.meetings.get(),
        "agendatemplate": AgendaTemplate.objects.get(kind="first"),
        "focusquestion": FocusQuestion.objects.first(),
    }
    changelist = client.get(reverse(f"admin:meetings_{model}_changelist"))
    assert changelist.status_code == 200
    change = client.get(reverse(f"admin:meetings_{model}_change", args=[objects[model].pk]))
    assert change.status_code == 200
    assert client.get(reverse(f"admin:meetings_{model}_add")).status_code == 200
    content = changelist.content.decode()
    assert {"meeting": "Treffen", "agendatemplate": "Vorlagen für die Tagesordnung", "focusquestion": "Leitfragen"}[
        model
    ] in content


def test_status_and_sequence_are_read_only_in_the_admin(client, world):
    """Status and calendar sequence change only through the services, never by editing the admin form."""
    world.staff.is_superuser = True
    world.staff.save()
    client.force_login(world.staff)
    meeting = MeetingFactory(working_group=world.group)
    page = client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).content.decode()
    assert 'name="status"' not in page
    assert 'name="sequence"' not in page
    assert 'name="title"' in page
