"""Findings on the other apps' pages: the follow-up section of a meeting, the participant's page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.findings.factories import FindingFactory
from tests.meetings.factories import MeetingFactory
from tests.personal import personal_link


def test_meeting_agenda_lists_open_findings_in_follow_up(coordinator_client, world):
    meeting = MeetingFactory(working_group=world.group)
    open_gap = FindingFactory(working_group=world.group, title="Kita-Anmeldung fehlt auf Arabisch")
    FindingFactory(working_group=world.group, title="Längst erledigt", status="resolved")
    FindingFactory(working_group=world.other_group, title="Lücke in Bielefeld")
    page = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert f'<a href="{open_gap.get_absolute_url()}">Kita-Anmeldung fehlt auf Arabisch</a>' in page
    assert "(offen, " in page
    assert "Längst erledigt" not in page
    assert "Lücke in Bielefeld" not in page
    assert "Keine offenen Inhaltslücken." not in page


@pytest.mark.parametrize("count", [1, 30])
def test_meeting_page_queries_do_not_grow_with_findings(coordinator_client, world, count):
    meeting = MeetingFactory(working_group=world.group)
    FindingFactory.create_batch(count, working_group=world.group)
    FindingFactory.create_batch(count, working_group=world.group, raised_in_meeting=meeting)
    with CaptureQueriesContext(connection) as context:
        response = coordinator_client.get(meeting.get_absolute_url())
    # The follow-up shows at most 15 of the open findings (and links to the register for all of them).
    assert response.content.decode().count("/findings/") >= count + min(count, 15)
    # The meetings page's own queries plus two for the open findings (rows and total), one for those found in it.
    assert len([q for q in context.captured_queries if '"findings_finding"' in q["sql"]]) == 3


def test_participant_page_lists_raised_and_assigned_findings(coordinator_client, world, participant):
    raised = FindingFactory(working_group=world.group, title="Von Ana eingebracht", raised_by=participant)
    FindingFactory(working_group=world.group, title="Ana kümmert sich", assignee_participant=participant)
    page = coordinator_client.get(participant.get_absolute_url()).content.decode()
    assert "Von Ana eingebracht" in page
    assert "Ana kümmert sich" in page
    assert raised.get_absolute_url() in page


def test_personal_page_links_to_suggestion_form(client, participant):
    page = client.get(personal_link(participant), follow=True).content.decode()
    assert f'href="{reverse("personal:suggest")}"' in page


def test_findings_raised_in_a_meeting_for_its_minutes(world, past_meeting):
    from findings.selectors import findings_raised_in

    first = FindingFactory(working_group=world.group, raised_in_meeting=past_meeting, status="resolved")
    second = FindingFactory(working_group=world.group, raised_in_meeting=past_meeting)
    FindingFactory(working_group=world.group)
    assert findings_raised_in(past_meeting) == [first, second]


@pytest.mark.parametrize("model", ["finding", "contentarea", "suggestion"])
def test_admin_pages_work_for_staff(client, world, model):
    """Findings (with their history inline), content areas and suggestions in the Django admin."""
    from django.urls import reverse

    finding = FindingFactory(working_group=world.group)
    world.staff.is_superuser = True
    world.staff.save()
    client.force_login(world.staff)
    assert client.get(reverse(f"admin:findings_{model}_changelist")).status_code == 200
    if model == "finding":
        from findings import services

        services.transition_finding(finding=finding, by=world.staff, to="in_progress")
        page = client.get(reverse("admin:findings_finding_change", args=[finding.pk])).content.decode()
        assert "in Bearbeitung" in page  # the history shows labels, not the stored codes


def test_suggestion_status_is_read_only_in_the_admin(client, world, participant):
    """Accepting or declining only through the triage page (services), never by editing the status."""
    from django.urls import reverse

    from tests.findings.factories import SuggestionFactory

    suggestion = SuggestionFactory(participant=participant)
    world.staff.is_superuser = True
    world.staff.save()
    client.force_login(world.staff)
    page = client.get(reverse("admin:findings_suggestion_change", args=[suggestion.pk])).content.decode()
    assert 'name="status"' not in page
    assert 'name="title"' in page
