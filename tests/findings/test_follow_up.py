"""A meeting's follow-up at a large municipality's size: the most urgent gaps, the total, and the register link that
shows the same set; the register's filter choices only offer what occurs in the group's content gaps."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone

from findings.forms import RegisterFilterForm
from findings.selectors import FOLLOW_UP_LIMIT
from tests.findings.factories import FindingFactory
from tests.meetings.factories import MeetingFactory
from tests.members.factories import ParticipantFactory


def _gaps(group, meeting):
    """20 open gaps recorded before the meeting: priorities, due dates and ages mixed; plus some that do not count."""
    now = timezone.now()
    day = timezone.localtime(meeting.start).date()
    for n in range(20):
        FindingFactory(
            working_group=group,
            title=f"Lücke {n:02d}",
            priority=1 + n % 3,
            due_date=day - datetime.timedelta(days=3) if n % 4 == 0 else day + datetime.timedelta(days=30),
            created_at=now - datetime.timedelta(days=100 - n),
        )
    FindingFactory(working_group=group, title="Erledigt", status="resolved", closed_at=now)
    FindingFactory(
        working_group=group, title="Nach dem Treffen", created_at=meeting.start + datetime.timedelta(hours=1)
    )


def _expected(group, meeting):
    """The 20 gaps in the order of urgency, computed here without the app's code: priority, overdue, oldest."""
    day = timezone.localtime(meeting.start).date()
    gaps = group.findings.filter(status="open", created_at__lt=meeting.start)
    ordered = sorted(gaps, key=lambda f: (-f.priority, not (f.due_date and f.due_date < day), f.created_at))
    return [f.title for f in ordered]


def test_follow_up_shows_the_most_urgent_gaps_with_total_and_a_link_to_all(coordinator_client, world):
    meeting = MeetingFactory(working_group=world.group)
    _gaps(world.group, meeting)
    page = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    section = page.split('id="follow-up-heading"')[1].split("</section>")[0]
    titles = re.findall(r'<a href="/ak/[^"]+/findings/\d+/">([^<]+)</a>', section)
    expected = _expected(world.group, meeting)
    assert titles == expected[:FOLLOW_UP_LIMIT] == expected[:15]
    assert "Die 15 dringendsten von 20 offenen Inhaltslücken" in section
    assert section.count("überfällig") == sum(1 for title in titles if int(title[-2:]) % 4 == 0)
    link = re.search(r'<a href="([^"]+)">Alle 20 offenen Inhaltslücken im Register zeigen</a>', section).group(1)
    register = coordinator_client.get(link.replace("&amp;", "&"))
    assert register.context["page"].paginator.count == 20
    assert [f.title for f in register.context["page"].object_list][:20] == expected
    assert "Nachverfolgung des Treffens" in register.content.decode()


def test_follow_up_rows_load_no_relation_and_compute_their_address_once(world, django_assert_num_queries):
    from findings.selectors import meeting_follow_up

    meeting = MeetingFactory(working_group=world.group)
    _gaps(world.group, meeting)
    meeting = type(meeting).objects.select_related("working_group__municipality").get(pk=meeting.pk)
    with django_assert_num_queries(2):
        follow_up = meeting_follow_up(meeting)
    rows = follow_up["findings"]
    assert len(rows) == 15 and follow_up["findings_total"] == 20
    assert all(isinstance(row.url, str) and row.url.endswith("/") for row in rows)
    assert not hasattr(rows[0], "assignee_participant")


def test_register_followup_filter_keeps_what_a_held_meeting_had_on_its_table(coordinator_client, world):
    meeting = MeetingFactory(
        working_group=world.group, status="held", start=timezone.now() - datetime.timedelta(days=10)
    )
    before, after = meeting.start - datetime.timedelta(days=30), meeting.start + datetime.timedelta(days=3)
    FindingFactory(
        working_group=world.group, title="Damals offen", status="resolved", created_at=before, closed_at=after
    )
    FindingFactory(working_group=world.group, title="Noch offen", created_at=before)
    FindingFactory(working_group=world.group, title="Danach erfasst", created_at=after)
    FindingFactory(working_group=world.other_group, title="Fremd", created_at=before)
    url = reverse("findings:list", kwargs=world.group.url_kwargs())
    response = coordinator_client.get(url, {"followup": meeting.pk, "sort": "urgency"})
    assert {f.title for f in response.context["page"].object_list} == {"Damals offen", "Noch offen"}
    # Another group's meeting is no valid filter: it is ignored, never another group's data.
    other = MeetingFactory(working_group=world.other_group)
    response = coordinator_client.get(url, {"followup": other.pk})
    assert "Fremd" not in response.content.decode()


def test_register_filter_offers_only_people_and_meetings_of_the_groups_gaps(world, django_assert_num_queries):
    assigned = ParticipantFactory(working_group=world.group, given_name="Ayşe", family_name="Öztürk")
    ParticipantFactory(working_group=world.group, given_name="Nie", family_name="Zugewiesen")
    used = MeetingFactory(working_group=world.group, title="Frühjahrstreffen")
    MeetingFactory(working_group=world.group, title="Ohne Lücken")
    FindingFactory(working_group=world.group, assignee_participant=assigned, raised_in_meeting=used)
    FindingFactory(working_group=world.group, assignee_organization=assigned.organization)
    with django_assert_num_queries(4):  # content areas, meetings, people, organisations
        form = RegisterFilterForm(group=world.group)
        html = str(form["meeting"]) + str(form["assignee"]) + str(form["area"])
    assert "Ayşe Öztürk" in html and "Zugewiesen" not in html
    assert assigned.organization.name in html
    day = timezone.localtime(used.start).strftime("%d.%m.%Y")
    assert f"Frühjahrstreffen ({day})" in html and "Ohne Lücken" not in html
