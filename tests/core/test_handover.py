"""The handover: what the apps contribute (hook ``handover_sections``), the guided page, the handover itself (roles,
history, mail through the outbox), and the report PDF both people can download."""

import io

import pytest
from django.contrib.messages import get_messages
from django.core import mail as django_mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pdfminer.high_level import extract_text

from arbeitskreis import handover
from arbeitskreis.models import EventKind, GroupEvent, GroupRole, Handover, RoleKind
from findings.models import FindingStatus
from meetings.feeds import create_feed
from minutes.models import MinutesStatus
from outbox.models import OutboxMail
from tests.factories import GroupRoleFactory, HandoverFactory, UserFactory
from tests.findings.factories import FindingFactory
from tests.meetings.factories import AgendaTemplateFactory, FocusQuestionFactory, InvitationFactory, MeetingFactory
from tests.members.factories import OrganizationFactory, ParticipantFactory
from tests.minutes.factories import MeasureFactory, minutes_in
from tests.snapshot import database_rows

NOT_RECORDED = "Diese Angaben erfasst diese Installation noch nicht."


def url(name, group, **kwargs):
    return reverse(name, kwargs={**group.url_kwargs(), **kwargs})


@pytest.fixture
def handed_over_data(world):
    """What a small group keeps: people and organisations, an open gap with an owner, the next meeting with
    answers, an own template and question, a subscription link."""
    group = world.group
    awo = OrganizationFactory(working_group=group, name="AWO Karlsruhe")
    ayse = ParticipantFactory(working_group=group, given_name="Ayşe", family_name="Yılmaz", organization=awo)
    ParticipantFactory(working_group=group, given_name="Karim", family_name="Haddad", organization=None)
    ParticipantFactory(working_group=group, given_name="Weg", family_name="Gegangen", left_on="2025-01-01")
    FindingFactory(working_group=group, title="Wohnungssuche auf Arabisch", assignee_participant=ayse, priority=3)
    FindingFactory(working_group=group, title="Kita-Anmeldung veraltet", assignee_organization=awo)
    FindingFactory(working_group=group, title="Längst erledigt", status=FindingStatus.RESOLVED)
    meeting = MeetingFactory(working_group=group, title="Herbsttreffen 2026", status="invited")
    InvitationFactory(meeting=meeting, participant=ayse, answer="accepted")
    AgendaTemplateFactory(working_group=group, name="Unser Halbjahrestreffen")
    FocusQuestionFactory(working_group=group, text="Wie erreichen wir Familien?")
    create_feed(group=group, label="Outlook im Büro", by=world.coordinator)
    MeasureFactory(working_group=group, title="Flyer auf Dari drucken", responsible_organization=awo)
    minutes_in(group, MinutesStatus.APPROVED)
    return group


def _section(sections, key):
    return next(section for section in sections if section["key"] == key)


def test_every_app_contributes_its_part_in_a_fixed_order(world, handed_over_data):
    sections = handover.compose(world.group)
    assert [section["key"] for section in sections] == [key for key, _title, _empty in handover.SECTIONS]
    people = _section(sections, "participants")
    assert people["rows"] == [
        ["Karim Haddad", "", "Beratung", people["rows"][0][3]],
        ["Ayşe Yılmaz", "AWO Karlsruhe", "Beratung", people["rows"][1][3]],
    ]
    assert (
        _section(sections, "organisations")["rows"] == [["AWO Karlsruhe", "Ehrenamt", "1"]]
        or _section(sections, "organisations")["rows"][0][0] == "AWO Karlsruhe"
    )
    gaps = _section(sections, "open_findings")
    assert [(row[0], row[3]) for row in gaps["rows"]] == [
        ("Wohnungssuche auf Arabisch", "Ayşe Yılmaz"),
        ("Kita-Anmeldung veraltet", "AWO Karlsruhe"),
    ]
    (meeting,) = _section(sections, "next_meeting")["rows"]
    assert meeting[0] == "Herbsttreffen 2026" and meeting[3] == "eingeladen"
    assert meeting[4] == "zugesagt: 1, vielleicht: 0, abgesagt: 0, offen: 0"
    assert ["Unser Halbjahrestreffen", "0", "eigene des Arbeitskreises"] in _section(sections, "templates")["rows"]
    assert ["Wie erreichen wir Familien?", "eigene des Arbeitskreises"] in _section(sections, "focus_questions")["rows"]
    (feed,) = _section(sections, "feeds")["rows"]
    assert feed[:2] == ["Outlook im Büro", world.coordinator.get_full_name()]


def test_a_section_no_app_answers_says_so_and_invents_nothing(world, monkeypatch):
    """The minutes app will answer "open_measures" and "last_minutes"; until an app does, the section says that this
    installation does not record it — and a section an app answers without rows has its own empty line."""
    monkeypatch.setattr(handover.handover_sections, "functions", [lambda group: {"open_measures": {"rows": []}}])
    sections = handover.compose(world.group)
    measures, minutes = _section(sections, "open_measures"), _section(sections, "last_minutes")
    assert (measures["provided"], measures["rows"], measures["empty"]) == (True, [], "Keine Maßnahme ist offen.")
    assert (minutes["provided"], minutes["rows"], minutes["empty"]) == (False, [], NOT_RECORDED)
    # A key the core does not know is shown after the others, with its own title.
    extra = {"evaluations": {"title": "Auswertungen", "columns": ["Was"], "rows": [["Umfrage"]]}}
    monkeypatch.setattr(handover.handover_sections, "functions", [lambda group: extra])
    assert handover.compose(world.group)[-1] == {
        "key": "evaluations",
        "title": "Auswertungen",
        "provided": True,
        "empty": "",
        "columns": ["Was"],
        "rows": [["Umfrage"]],
        "total": 1,
        "note": "",
        "url": "",
    }


def test_the_wiring_answers_every_section(world):
    provided = {section["key"] for section in handover.compose(world.group) if section["provided"]}
    assert provided == {key for key, _title, _empty in handover.SECTIONS}


def test_the_page_shows_the_steps_and_what_is_handed_over(coordinator_client, world, handed_over_data):
    content = coordinator_client.get(url("team:handover", world.group)).content.decode()
    for text in (
        "Den Arbeitskreis übergeben",
        "1. Wer übernimmt?",
        "2. Was übergeben wird",
        "3. Übergabe bestätigen",
        world.observer.get_full_name(),
        "Ayşe Yılmaz",
        "Wohnungssuche auf Arabisch",
        "Herbsttreffen 2026",
        "Outlook im Büro",
        "Offene Maßnahmen",
        "Flyer auf Dari drucken",
        "Das zuletzt genehmigte Protokoll",
        "Frühjahrstreffen",
    ):
        assert text in content, text


def test_alone_on_the_team_the_page_offers_to_invite_the_successor(coordinator_client, world):
    GroupRole.objects.filter(user=world.observer).delete()
    content = coordinator_client.get(url("team:handover", world.group)).content.decode()
    assert "Noch gehört niemand sonst zum Team." in content
    assert f'href="{url("team:invite", world.group)}?for=handover"' in content
    assert "Jetzt übergeben" not in content
    # The invitation for the handover goes back to the handover page, as coordinator.
    form = coordinator_client.get(url("team:invite", world.group) + "?for=handover").content.decode()
    assert 'value="coordinator" class="form-check-input" id="id_role_0" required checked' in form or (
        'value="coordinator"' in form and "checked" in form
    )
    response = coordinator_client.post(
        url("team:invite", world.group) + "?for=handover", {"email": "nachfolge@example.org", "role": "coordinator"}
    )
    assert response["Location"] == url("team:handover", world.group)
    content = coordinator_client.get(url("team:handover", world.group)).content.decode()
    assert "Eingeladen, noch nicht angenommen:" in content and "nachfolge@example.org" in content


def _hand_over(client, world, **data):
    values = {"successor": world.observer.group_roles.get().pk, "stay": "1", "note": "Bitte die AWO anrufen."}
    return client.post(url("team:handover", world.group), {**values, **data})


def test_the_handover_swaps_the_roles_writes_the_history_and_tells_the_successor(
    coordinator_client, world, handed_over_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _hand_over(coordinator_client, world)
    record = Handover.objects.get()
    assert response["Location"] == reverse("account:handover", kwargs={"pk": record.pk})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"Der Arbeitskreis wurde an {world.observer.get_full_name()} übergeben."
    ]
    roles = dict(world.group.roles.values_list("user__username", "role"))
    assert roles == {"coord": RoleKind.OBSERVER, "observer": RoleKind.COORDINATOR}
    assert (record.predecessor, record.successor, record.predecessor_stays, record.note) == (
        world.coordinator,
        world.observer,
        True,
        "Bitte die AWO anrufen.",
    )
    assert "Wohnungssuche auf Arabisch" in str(record.sections)
    team_events = GroupEvent.objects.exclude(kind__startswith="minutes_")  # the minutes recorded for the set-up
    events = [(e.kind, e.user, e.old_role, e.new_role) for e in team_events.order_by("pk")]
    assert events == [
        (EventKind.ROLE_CHANGED, world.observer, "observer", "coordinator"),
        (EventKind.ROLE_CHANGED, world.coordinator, "coordinator", "observer"),
        (EventKind.HANDOVER, world.observer, "", ""),
    ]
    mail = OutboxMail.objects.get(kind="handover")
    assert mail.to_address == world.observer.email
    assert f"{world.coordinator.get_full_name()} hat Ihnen die Koordination des Arbeitskreis Karlsruhe übergeben." in (
        mail.text_body
    )
    assert reverse("account:handover", kwargs={"pk": record.pk}) in mail.text_body
    assert [m.to for m in django_mail.outbox] == [[world.observer.email]]
    # The predecessor, now an observer, sees the page of the handover and the history is no longer theirs.
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "Übergabebericht herunterladen (PDF)" in page and "Bitte die AWO anrufen." in page
    assert coordinator_client.get(url("team:history", world.group)).status_code == 403


def test_leaving_on_handover_keeps_the_report_within_reach(coordinator_client, client, world, handed_over_data):
    _hand_over(coordinator_client, world, stay="0")
    record = Handover.objects.get()
    assert not world.group.roles.filter(user=world.coordinator).exists()
    assert GroupEvent.objects.filter(kind=EventKind.LEFT, user=world.coordinator).exists()
    # No longer on the team: the group is gone for them, the handover and its report are not.
    assert coordinator_client.get(world.group.get_absolute_url()).status_code == 404
    assert coordinator_client.get(reverse("account:handover", kwargs={"pk": record.pk})).status_code == 200
    assert coordinator_client.get(reverse("account:handover-report", kwargs={"pk": record.pk})).status_code == 200
    profile = coordinator_client.get(reverse("account:profile")).content.decode()
    assert reverse("account:handover", kwargs={"pk": record.pk}) in profile


def test_the_successor_can_become_the_organiser_of_invitations(coordinator_client, world):
    _hand_over(coordinator_client, world, update_organiser="on")
    world.group.refresh_from_db()
    assert (world.group.organizer_name, world.group.organizer_email) == (
        world.observer.get_full_name(),
        world.observer.email,
    )
    event = GroupEvent.objects.get(kind=EventKind.SETTINGS_CHANGED)
    assert {change["field"] for change in event.details["changes"]} == {"organizer_name", "organizer_email"}


def test_nobody_hands_over_to_a_stranger_and_staff_have_nothing_to_hand_over(client, world):
    stranger = GroupRoleFactory(working_group=world.other_group)
    coordinator, staff = Client(), Client()
    coordinator.force_login(world.coordinator)
    staff.force_login(world.staff)
    before = database_rows()
    response = _hand_over(coordinator, world, successor=stranger.pk)
    assert response.status_code == 200 and "Dies ist keine gültige Auswahl." in response.content.decode()
    response = _hand_over(staff, world)
    assert "Nur eine Person aus der Koordination des Arbeitskreises kann ihn übergeben." in response.content.decode()
    assert database_rows() == before


def _pdf_text(response):
    assert response["Content-Type"] == "application/pdf"
    return extract_text(io.BytesIO(response.content))


def test_the_report_says_what_was_handed_over(coordinator_client, client, world, handed_over_data):
    _hand_over(coordinator_client, world, stay="0")
    record = Handover.objects.get()
    # The successor downloads it from their handover page and from the group's history.
    client.force_login(world.observer)
    response = client.get(reverse("account:handover-report", kwargs={"pk": record.pk}))
    assert "filename*=UTF-8''%C3%9Cbergabe%20Arbeitskreis%20Karlsruhe%20" in response["Content-Disposition"]
    text = " ".join(_pdf_text(response).split())
    for expected in (
        "Übergabebericht vom",
        "Arbeitskreis Karlsruhe · Landkreis Karlsruhe",
        "Übergeben von Danach",
        world.coordinator.get_full_name(),
        "hat das Team verlassen Übernommen von",
        world.observer.get_full_name(),
        "Hinweise für die Nachfolge Bitte die AWO anrufen.",
        "Teilnehmende (2)",
        "Karim Haddad",
        "AWO Karlsruhe",
        "Offene Inhaltslücken und wer sich darum kümmert (2)",
        "Wohnungssuche auf Arabisch",
        "Offene Maßnahmen",
        "Flyer auf Dari drucken",
        "Das zuletzt genehmigte Protokoll",
        "Frühjahrstreffen",
        "Das nächste Treffen (1)",
        "Herbsttreffen 2026",
        "Unser Halbjahrestreffen",
        "Wie erreichen wir Familien?",
        "Kalender-Abos und wer die Links hat (1)",
        "Outlook im Büro",
        "Seite 1 von",
    ):
        assert expected in text, expected
    assert "Gegangen" not in text and "Längst erledigt" not in text
    group_report = client.get(url("team:handover-report", world.group, pk=record.pk))
    assert group_report.content == response.content  # the same document, from the cache


def test_the_report_is_made_from_the_handover_as_it_was(world, handed_over_data):
    record = HandoverFactory(working_group=world.group, sections=handover.compose(world.group))
    first = handover.report_html(record)
    FindingFactory(working_group=world.group, title="Später gefunden")
    assert handover.report_html(record) == first


def test_the_handover_page_does_not_grow_with_the_group(coordinator_client, world, django_assert_num_queries):
    address = url("team:handover", world.group)
    MeetingFactory(working_group=world.group)
    with CaptureQueriesContext(connection) as few:
        assert coordinator_client.get(address).status_code == 200
    for number in range(20):
        person = ParticipantFactory(working_group=world.group)
        FindingFactory(working_group=world.group, assignee_participant=person)
        GroupRoleFactory(working_group=world.group, user=UserFactory(), role=RoleKind.OBSERVER)
        create_feed(group=world.group, label=f"Gerät {number}", by=world.coordinator)
    with django_assert_num_queries(len(few)):
        assert coordinator_client.get(address).status_code == 200
