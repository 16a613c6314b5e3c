"""The pages of one finding: create, edit, detail with its timeline, status changes — and bad input."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from findings.models import ContentArea, Finding, FindingEvent
from tests.findings.factories import FindingFactory, area
from tests.snapshot import database_rows


def url(name, group, **kwargs):
    return reverse(name, kwargs={**group.url_kwargs(), **kwargs})


def form_data(**overrides):
    data = {
        "title": "Kita-Anmeldung fehlt",
        "description": "Wie melde ich mein Kind in der Kita an?",
        "content_area": ContentArea.objects.get(working_group=None, name="Familie und Kinder").pk,
        "languages": ["ar", "uk"],
        "kind": "missing_content",
        "priority": "3",
        "due_date": "",
        "integreat_url": "",
        "assignee": "",
    }
    data.update(overrides)
    return data


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_coordinator_records_finding(coordinator_client, world, past_meeting, participant):
    response = coordinator_client.post(
        url("findings:create", world.group),
        form_data(raised_in_meeting=past_meeting.pk, raised_by=participant.pk, assignee=f"p:{participant.pk}"),
    )
    finding = Finding.objects.get()
    assert response.status_code == 302
    assert response["Location"] == finding.get_absolute_url()
    assert "Die Inhaltslücke wurde erfasst." in texts(response)
    assert finding.working_group == world.group
    assert finding.languages == ",ar,uk,"
    assert (finding.raised_in_meeting, finding.raised_by, finding.assignee_participant) == (
        past_meeting,
        participant,
        participant,
    )
    assert finding.events.get().field == "created"

    page = coordinator_client.get(finding.get_absolute_url()).content.decode()
    assert "Kita-Anmeldung fehlt" in page
    assert "Arabisch (ar), Ukrainisch (uk)" in page
    assert "Erfasst" in page


def test_unknown_language_code_gets_german_error_next_to_field(coordinator_client, world):
    response = coordinator_client.post(url("findings:create", world.group), form_data(languages=["ar", "xx"]))
    assert response.status_code == 200
    assert "Unbekannter Sprachcode „xx“" in response.content.decode()
    assert response.context["form"].errors["languages"]
    assert not Finding.objects.exists()


@pytest.mark.parametrize(
    "address", ["ftp://integreat.app/karlsruhe/de/", "javascript:alert(1)", "file:///etc/passwd", "nicht eine url"]
)
def test_integreat_url_must_be_http_or_https(coordinator_client, world, address):
    response = coordinator_client.post(url("findings:create", world.group), form_data(integreat_url=address))
    assert response.status_code == 200
    assert response.context["form"].errors["integreat_url"] == [
        "Bitte geben Sie eine Webadresse an, die mit http:// oder https:// beginnt."
    ]
    assert not Finding.objects.exists()


def test_https_url_is_stored(coordinator_client, world):
    address = "https://integreat.app/landkreis-karlsruhe/de/arbeit/"
    coordinator_client.post(url("findings:create", world.group), form_data(integreat_url=address))
    assert Finding.objects.get().integreat_url == address


def test_due_date_in_past_saves_with_warning(coordinator_client, world):
    past = timezone.localdate() - datetime.timedelta(days=3)
    response = coordinator_client.post(url("findings:create", world.group), form_data(due_date=past.isoformat()))
    assert response.status_code == 302
    assert Finding.objects.get().due_date == past
    warning = [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert len(warning) == 1
    assert "liegt in der Vergangenheit" in str(warning[0])


def test_missing_title_is_refused_in_german(coordinator_client, world):
    response = coordinator_client.post(url("findings:create", world.group), form_data(title=""))
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()


def test_area_of_other_group_cannot_be_chosen(coordinator_client, world):
    foreign = ContentArea.objects.create(working_group=world.other_group, name="Fremd")
    response = coordinator_client.post(url("findings:create", world.group), form_data(content_area=foreign.pk))
    assert response.context["form"].errors["content_area"]


def test_assignee_of_other_group_is_not_stored(coordinator_client, world):
    from tests.members.factories import ParticipantFactory

    stranger = ParticipantFactory(working_group=world.other_group)
    response = coordinator_client.post(url("findings:create", world.group), form_data(assignee=f"p:{stranger.pk}"))
    assert response.context["form"].errors["assignee"]
    assert not Finding.objects.exists()


def test_edit_writes_history_and_timeline_shows_it(coordinator_client, world, organization):
    finding = FindingFactory(working_group=world.group, title="Alt", priority=2)
    response = coordinator_client.post(
        url("findings:edit", world.group, pk=finding.pk),
        form_data(title="Neu", priority="3", assignee=f"o:{organization.pk}", due_date="2031-01-15"),
    )
    assert response.status_code == 302
    rows = [(e.field, e.old_display, e.new_display) for e in FindingEvent.objects.filter(finding=finding)]
    assert rows == [
        ("assignee", "", "Caritasverband Karlsruhe"),
        ("priority", "normal", "hoch"),
        ("due_date", "", "15.01.2031"),
    ]
    page = coordinator_client.get(finding.get_absolute_url()).content.decode()
    assert "Caritasverband Karlsruhe" in page
    assert "normal → hoch" in page
    assert "– → 15.01.2031" in page


def test_edit_form_shows_current_values(coordinator_client, world, participant):
    finding = FindingFactory(working_group=world.group, languages=",fa,", assignee_participant=participant)
    form = coordinator_client.get(url("findings:edit", world.group, pk=finding.pk)).context["form"]
    assert form.initial["languages"] == ["fa"]
    assert form.initial["assignee"] == f"p:{participant.pk}"


def test_edit_keeps_links_to_an_erased_participant(coordinator_client, world, participant):
    """The edit form preselects an erased raiser and assignee; an unrelated edit keeps them, no false history."""
    import re

    from members.services import erase_participant

    finding = FindingFactory(
        working_group=world.group, title="Alt", raised_by=participant, assignee_participant=participant
    )
    erase_participant(participant=participant)
    page = coordinator_client.get(url("findings:edit", world.group, pk=finding.pk)).content.decode()
    raised_by = re.search(r'<select name="raised_by".*?</select>', page, re.S).group()
    assignee = re.search(r'<select name="assignee".*?</select>', page, re.S).group()
    assert re.search(rf'<option value="{participant.pk}"[^>]*selected', raised_by)
    assert re.search(rf'<option value="p:{participant.pk}"[^>]*selected', assignee)
    response = coordinator_client.post(
        url("findings:edit", world.group, pk=finding.pk),
        form_data(title="Neu", priority="2", raised_by=participant.pk, assignee=f"p:{participant.pk}"),
    )
    assert response.status_code == 302
    finding.refresh_from_db()
    assert (finding.raised_by, finding.assignee_participant) == (participant, participant)
    assert not FindingEvent.objects.filter(finding=finding, field="assignee").exists()


def test_new_finding_does_not_offer_erased_participants(coordinator_client, world, participant):
    from members.services import erase_participant

    erase_participant(participant=participant)
    form = coordinator_client.get(url("findings:create", world.group)).context["form"]
    assert participant not in form.fields["raised_by"].queryset
    assert f"p:{participant.pk}" not in str(form.fields["assignee"].choices)


def test_transition_by_post_with_message(coordinator_client, world):
    finding = FindingFactory(working_group=world.group)
    response = coordinator_client.post(
        url("findings:transition", world.group, pk=finding.pk), {"to": "resolved", "note": "Erledigt."}
    )
    assert response.status_code == 302
    assert "Die Inhaltslücke ist jetzt gelöst." in texts(response)
    finding.refresh_from_db()
    assert (finding.status, finding.resolution_note) == ("resolved", "Erledigt.")


def test_refused_transition_shows_error(coordinator_client, world):
    finding = FindingFactory(working_group=world.group, status="resolved")
    response = coordinator_client.post(url("findings:transition", world.group, pk=finding.pk), {"to": "in_progress"})
    assert response.status_code == 302
    [message] = texts(response)
    assert message == "Eine Inhaltslücke, die gelöst ist, kann nicht auf in Bearbeitung gesetzt werden."
    finding.refresh_from_db()
    assert finding.status == "resolved"


def test_observer_sees_no_write_buttons_and_cannot_change(observer_client, world):
    finding = FindingFactory(working_group=world.group)
    page = observer_client.get(finding.get_absolute_url()).content.decode()
    assert "Bearbeitung beginnen" not in page
    assert "Bearbeiten" not in page
    response = observer_client.post(url("findings:transition", world.group, pk=finding.pk), {"to": "resolved"})
    assert response.status_code == 403
    finding.refresh_from_db()
    assert finding.status == "open"


def test_get_never_changes_status(coordinator_client, world):
    finding = FindingFactory(working_group=world.group)
    response = coordinator_client.get(url("findings:transition", world.group, pk=finding.pk), {"to": "resolved"})
    assert response.status_code == 405
    finding.refresh_from_db()
    assert finding.status == "open"


def test_content_areas_page_adds_own_area(coordinator_client, world):
    response = coordinator_client.post(url("findings:areas", world.group), {"name": "Mobilität"})
    assert response.status_code == 302
    assert ContentArea.objects.get(working_group=world.group).name == "Mobilität"
    page = coordinator_client.get(url("findings:areas", world.group)).content.decode()
    assert "Mobilität" in page
    assert "Notfall" in page
    response = coordinator_client.post(url("findings:areas", world.group), {"name": "wohnen"})
    assert "Den Themenbereich „wohnen“ gibt es schon." in response.content.decode()
    assert area("Wohnen").working_group is None


def test_follow_up_lists_open_findings_before_the_meeting(world, django_assert_num_queries):
    from findings.selectors import open_findings_for_meeting
    from tests.meetings.factories import MeetingFactory

    meeting = MeetingFactory(working_group=world.group)
    urgent = FindingFactory(working_group=world.group, priority=3, title="Dringend")
    normal = FindingFactory(working_group=world.group, priority=2, status="in_progress", title="Normal")
    FindingFactory(working_group=world.group, status="resolved", title="Erledigt")
    FindingFactory(working_group=world.other_group, title="Fremd")
    FindingFactory(working_group=world.group, title="Später", created_at=meeting.start + datetime.timedelta(hours=1))
    meeting = type(meeting).objects.select_related("working_group__municipality").get(pk=meeting.pk)
    with django_assert_num_queries(2):  # the rows and their total
        rows, total = open_findings_for_meeting(meeting)
    assert [row.title for row in rows] == ["Dringend", "Normal"] and total == 2
    assert rows[0].url.endswith(f"/findings/{urgent.pk}/") and rows[1].url.endswith(f"/findings/{normal.pk}/")
    assert rows[1].status == "in Bearbeitung"


def test_follow_up_of_a_held_meeting_keeps_what_was_open_then(world):
    from findings.selectors import open_findings_for_meeting
    from tests.meetings.factories import MeetingFactory

    meeting = MeetingFactory(working_group=world.group, status="held")
    before, after = meeting.start - datetime.timedelta(days=30), meeting.start + datetime.timedelta(days=7)
    FindingFactory(
        working_group=world.group,
        title="Damals offen, heute gelöst",
        status="resolved",
        created_at=before,
        closed_at=after,
    )
    FindingFactory(
        working_group=world.group,
        title="Vorher gelöst",
        status="resolved",
        created_at=before,
        closed_at=before + datetime.timedelta(days=1),
    )
    FindingFactory(working_group=world.group, title="Noch offen", created_at=before)
    FindingFactory(working_group=world.group, title="Danach erfasst", created_at=after)
    titles = {row.title for row in open_findings_for_meeting(meeting)[0]}
    assert titles == {"Damals offen, heute gelöst", "Noch offen"}
    meeting.status = "planned"  # before it is held, the section shows what is open today
    assert {row.title for row in open_findings_for_meeting(meeting)[0]} == {"Noch offen"}


def test_meeting_page_lists_the_gaps_found_in_it(coordinator_client, world):
    from tests.meetings.factories import MeetingFactory

    meeting = MeetingFactory(working_group=world.group, status="held")
    FindingFactory(working_group=world.group, raised_in_meeting=meeting, title="Kita-Anmeldung auf Arabisch")
    FindingFactory(working_group=world.group, title="Aus einem anderen Treffen")
    content = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    section = content[content.index("In diesem Treffen gefundene Inhaltslücken") :]
    assert "Kita-Anmeldung auf Arabisch" in section
    assert "Aus einem anderen Treffen" not in section
    empty = MeetingFactory(working_group=world.group)
    assert (
        "Für dieses Treffen ist noch keine Inhaltslücke erfasst."
        in coordinator_client.get(empty.get_absolute_url()).content.decode()
    )


@pytest.mark.parametrize("field", ["raised_in_meeting", "raised_by", "content_area", "assignee"])
def test_another_groups_ids_are_refused_next_to_the_field(coordinator_client, world, field):
    from tests.meetings.factories import MeetingFactory
    from tests.members.factories import OrganizationFactory, ParticipantFactory

    foreign = {
        "raised_in_meeting": lambda: MeetingFactory(working_group=world.other_group).pk,
        "raised_by": lambda: ParticipantFactory(working_group=world.other_group).pk,
        "content_area": lambda: ContentArea.objects.create(working_group=world.other_group, name="Fremd").pk,
        "assignee": lambda: f"p:{ParticipantFactory(working_group=world.other_group).pk}",
    }[field]()
    before = database_rows()
    response = coordinator_client.post(url("findings:create", world.group), form_data(**{field: foreign}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert "Auswahl" in errors[field][0]
    assert database_rows() == before  # nothing stored, in either group
    if field == "assignee":
        organization = OrganizationFactory(working_group=world.other_group)
        response = coordinator_client.post(
            url("findings:create", world.group), form_data(assignee=f"o:{organization.pk}")
        )
        assert list(response.context["form"].errors) == ["assignee"]
        assert not Finding.objects.exists()


def test_finding_form_tells_namesakes_apart_and_offers_only_active_people(coordinator_client, world):
    import datetime as dt

    from tests.members.factories import OrganizationFactory, ParticipantFactory

    jobcenter = OrganizationFactory(working_group=world.group, name="Jobcenter")
    vhs = OrganizationFactory(working_group=world.group, name="Volkshochschule")
    ParticipantFactory(working_group=world.group, given_name="Petra", family_name="Wagner", organization=jobcenter)
    ParticipantFactory(working_group=world.group, given_name="Petra", family_name="Wagner", organization=vhs)
    left = ParticipantFactory(
        working_group=world.group, given_name="Sabine", family_name="Krüger", left_on=dt.date(2025, 3, 31)
    )
    OrganizationFactory(working_group=world.group, name="Alter Verein", archived=True)
    page = coordinator_client.get(url("findings:create", world.group)).content.decode()
    assert "Petra Wagner (Jobcenter)" in page and "Petra Wagner (Volkshochschule)" in page
    assert "Sabine Krüger" not in page and "Alter Verein" not in page
    # A finding assigned to someone who has left keeps that person selectable in its edit form, and the register's
    # filter still offers them: it lists everyone some content gap is assigned to.
    finding = FindingFactory(working_group=world.group, assignee_participant=left)
    assert "Sabine Krüger" in coordinator_client.get(url("findings:list", world.group)).content.decode()
    edit = coordinator_client.get(url("findings:edit", world.group, pk=finding.pk)).content.decode()
    assert f'value="p:{left.pk}" selected' in edit
