"""Scheduling, editing, listing and the status of meetings: what the coordinator sees and what is stored."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import AgendaTemplate, FocusQuestion, Meeting, MeetingStatus
from tests.meetings.factories import AgendaItemFactory, FocusQuestionFactory, MeetingFactory, at


def url(name, group, **kwargs):
    return reverse(name, kwargs={**group.url_kwargs(), **kwargs})


def future_day(days=40):
    return timezone.localdate() + datetime.timedelta(days=days)


def form_data(**overrides):
    data = {
        "title": "Erstes Treffen",
        "day": future_day().isoformat(),
        "start_time": "16:00",
        "end_time": "17:30",
        "place": "Landratsamt, Saal 1",
        "online_link": "",
        "organiser_notes": "",
        "template": "",
    }
    data.update(overrides)
    return data


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_coordinator_schedules_a_meeting_from_the_first_meeting_template(coordinator_client, world):
    template = AgendaTemplate.objects.get(kind="first", working_group=None)
    questions = list(FocusQuestion.objects.filter(working_group=None)[:2])
    response = coordinator_client.post(
        url("meetings:create", world.group),
        form_data(template=template.pk, focus_questions=[q.pk for q in questions], online_link="meet.example.org/ak"),
        follow=True,
    )
    meeting = Meeting.objects.get()
    assert meeting.working_group == world.group
    assert meeting.status == MeetingStatus.PLANNED
    assert meeting.online_link == "https://meet.example.org/ak"
    assert timezone.localtime(meeting.start).strftime("%H:%M") == "16:00"
    assert meeting.duration_minutes == 90
    assert meeting.calendar_uid.endswith("@arbeitskreis") and meeting.sequence == 0
    assert list(meeting.agenda_items.values_list("position", "title", "planned_minutes")) == [
        (1, "Begrüßung und Vorstellungsrunde", 20),
        (2, "Rückblick und Einblick in den aktuellen Stand", 20),
        (3, "Austausch über Erwartungen, Wünsche und Anregungen", 35),
        (4, "Interesse für weitere Arbeitskreise und zukünftige Teilnahme abfragen", 15),
    ]
    assert set(meeting.focus_questions.all()) == set(questions)
    content = response.content.decode()
    assert "Das Treffen wurde geplant." in content
    assert "16:00–16:20" in content and "17:15–17:30" in content
    assert "90 von 90 Minuten" in content
    assert questions[0].text in content


def test_more_than_two_focus_questions_are_refused(coordinator_client, world):
    questions = FocusQuestion.objects.filter(working_group=None)[:3]
    response = coordinator_client.post(
        url("meetings:create", world.group), form_data(focus_questions=[q.pk for q in questions])
    )
    assert response.status_code == 200
    assert "Bitte wählen Sie höchstens zwei Leitfragen." in response.content.decode()
    assert not Meeting.objects.exists()


def test_end_before_start_is_an_error_next_to_the_end(coordinator_client, world):
    response = coordinator_client.post(url("meetings:create", world.group), form_data(end_time="15:00"))
    assert response.context["form"].errors == {"end_time": ["Das Ende muss nach dem Beginn liegen."]}
    assert re.search(
        r'id="error_1_id_end_time"[^>]*>\s*<strong>Das Ende muss nach dem Beginn liegen', response.content.decode()
    )
    assert not Meeting.objects.exists()


def test_a_place_or_an_online_link_is_needed(coordinator_client, world):
    response = coordinator_client.post(url("meetings:create", world.group), form_data(place=""))
    assert "Bitte geben Sie einen Ort oder einen Online-Link an (oder beides)." in response.content.decode()
    assert not Meeting.objects.exists()


def test_an_online_meeting_needs_no_place(coordinator_client, world):
    coordinator_client.post(
        url("meetings:create", world.group), form_data(place="", online_link="https://meet.example.org/x")
    )
    assert Meeting.objects.get().place == ""


def test_a_new_meeting_in_the_past_is_saved_with_a_warning(coordinator_client, world):
    day = (timezone.localdate() - datetime.timedelta(days=3)).isoformat()
    response = coordinator_client.post(url("meetings:create", world.group), form_data(day=day), follow=True)
    assert Meeting.objects.count() == 1
    assert "Das Datum dieses neuen Treffens liegt in der Vergangenheit." in messages_of(response)


def test_a_duration_outside_60_to_120_minutes_is_saved_with_a_warning(coordinator_client, world):
    response = coordinator_client.post(url("meetings:create", world.group), form_data(end_time="18:30"), follow=True)
    assert Meeting.objects.get().duration_minutes == 150
    assert "Das Treffen dauert 150 Minuten. Empfohlen sind 60 bis 120 Minuten einschließlich Pausen." in messages_of(
        response
    )
    assert "Empfohlen sind 60 bis 120 Minuten einschließlich Pausen." in response.content.decode()


def test_garbage_input_gets_german_errors_not_a_500(coordinator_client, world):
    response = coordinator_client.post(
        url("meetings:create", world.group),
        {"title": "", "day": "31.02.2026", "start_time": "25:00", "end_time": "x", "template": "99999"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Dieses Feld ist zwingend erforderlich." in content
    assert "Bitte ein gültiges Datum eingeben." in content
    assert "Bitte korrigieren Sie die markierten Felder." in content
    assert not Meeting.objects.exists()


def test_another_groups_question_and_template_cannot_be_picked(coordinator_client, world):
    foreign_question = FocusQuestionFactory(working_group=world.other_group)
    foreign_template = AgendaTemplate.objects.create(working_group=world.other_group, name="Fremd")
    response = coordinator_client.post(
        url("meetings:create", world.group),
        form_data(focus_questions=[foreign_question.pk], template=foreign_template.pk),
    )
    errors = response.context["form"].errors
    assert set(errors) == {"focus_questions", "template"}
    assert not Meeting.objects.exists()


def test_the_group_own_question_can_be_picked(coordinator_client, world):
    own = FocusQuestionFactory(working_group=world.group, text="Wie erreichen wir Familien?")
    coordinator_client.post(url("meetings:create", world.group), form_data(focus_questions=[own.pk]))
    assert list(Meeting.objects.get().focus_questions.all()) == [own]


def test_editing_time_raises_the_calendar_sequence_and_keeps_the_uid(coordinator_client, world):
    meeting = MeetingFactory(working_group=world.group, start=at(future_day()), title="Herbsttreffen")
    uid = meeting.calendar_uid
    response = coordinator_client.get(url("meetings:edit", world.group, pk=meeting.pk))
    assert f'value="{future_day().isoformat()}"' in response.content.decode()
    response = coordinator_client.post(
        url("meetings:edit", world.group, pk=meeting.pk),
        form_data(title="Herbsttreffen", start_time="17:00", end_time="18:30"),
        follow=True,
    )
    assert "Das Treffen wurde gespeichert." in messages_of(response)
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.start).strftime("%H:%M") == "17:00"
    assert (meeting.calendar_uid, meeting.sequence) == (uid, 1)


def test_editing_only_the_notes_keeps_the_sequence(coordinator_client, world):
    meeting = MeetingFactory(working_group=world.group, start=at(future_day()), title="Herbsttreffen", place="Rathaus")
    coordinator_client.post(
        url("meetings:edit", world.group, pk=meeting.pk),
        form_data(title="Herbsttreffen", place="Rathaus", organiser_notes="Beamer reservieren"),
    )
    meeting.refresh_from_db()
    assert (meeting.organiser_notes, meeting.sequence) == ("Beamer reservieren", 0)


def test_editing_a_past_meeting_gives_no_past_warning(coordinator_client, world):
    past = timezone.localdate() - datetime.timedelta(days=30)
    meeting = MeetingFactory(working_group=world.group, start=at(past), status=MeetingStatus.HELD)
    response = coordinator_client.post(
        url("meetings:edit", world.group, pk=meeting.pk), form_data(day=past.isoformat(), title="Neu"), follow=True
    )
    assert messages_of(response) == ["Das Treffen wurde gespeichert."]


def test_list_shows_upcoming_and_past_meetings_with_status(observer_client, world):
    MeetingFactory(working_group=world.group, title="Frühjahrstreffen", start=at(future_day(20)))
    MeetingFactory(
        working_group=world.group, title="Herbsttreffen", start=at(future_day(-150)), status=MeetingStatus.HELD
    )
    MeetingFactory(working_group=world.group, title="Abgesagtes Treffen", start=at(future_day(60)), status="cancelled")
    MeetingFactory(working_group=world.other_group, title="Bielefelder Treffen")
    response = observer_client.get(url("meetings:list", world.group))
    upcoming, past = response.context["upcoming"], response.context["past"]
    assert [m.title for m in upcoming] == ["Frühjahrstreffen"]
    assert [m.title for m in past] == ["Abgesagtes Treffen", "Herbsttreffen"]
    content = response.content.decode()
    assert "Anstehende Treffen" in content and "stattgefunden" in content and "abgesagt" in content
    assert "Bielefelder Treffen" not in content
    assert "Treffen planen" not in content  # observers only read


def test_empty_list_invites_the_coordinator_to_schedule(coordinator_client, world):
    content = coordinator_client.get(url("meetings:list", world.group)).content.decode()
    assert "Es ist noch kein Treffen geplant." in content
    assert "Jetzt das nächste Treffen planen." in content


# Status transitions


def test_the_page_offers_only_the_allowed_next_steps(coordinator_client, world):
    meeting = MeetingFactory(working_group=world.group)
    content = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert "Als eingeladen markieren" in content and "Treffen absagen" in content
    assert "Als stattgefunden markieren" not in content and "Protokoll als genehmigt markieren" not in content
    meeting.status = MeetingStatus.HELD
    meeting.save()
    content = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert "Protokoll als genehmigt markieren" in content
    assert "Als eingeladen markieren" not in content and "Treffen absagen" not in content


def test_observer_sees_no_actions(observer_client, world):
    meeting = MeetingFactory(working_group=world.group)
    AgendaItemFactory(meeting=meeting)
    content = observer_client.get(meeting.get_absolute_url()).content.decode()
    for text in ("Als eingeladen markieren", "Treffen absagen", "Angaben bearbeiten", "nach oben verschieben"):
        assert text not in content


def test_planned_to_invited_to_held_to_minutes_approved(coordinator_client, world):
    meeting = MeetingFactory(working_group=world.group, start=at(future_day(-1)))
    for target, label in [
        ("invited", "eingeladen"),
        ("held", "stattgefunden"),
        ("minutes_approved", "Protokoll genehmigt"),
    ]:
        response = coordinator_client.post(
            url("meetings:status", world.group, pk=meeting.pk), {"to": target}, follow=True
        )
        assert f"Das Treffen ist jetzt als „{label}“ markiert." in messages_of(response)
        meeting.refresh_from_db()
        assert meeting.status == target


def test_an_invalid_transition_is_refused_with_a_message(coordinator_client, world):
    meeting = MeetingFactory(working_group=world.group, start=at(future_day(-1)))
    response = coordinator_client.post(url("meetings:status", world.group, pk=meeting.pk), {"to": "held"}, follow=True)
    assert messages_of(response) == [
        "Ein Treffen mit dem Status „geplant“ kann nicht als „stattgefunden“ markiert werden."
    ]
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_an_unknown_status_is_refused(coordinator_client, world):
    meeting = MeetingFactory(working_group=world.group)
    response = coordinator_client.post(url("meetings:status", world.group, pk=meeting.pk), {"to": "gone"}, follow=True)
    assert messages_of(response) == ["Diesen Status gibt es nicht."]


def test_a_future_meeting_cannot_be_marked_as_held(coordinator_client, world):
    meeting = MeetingFactory(working_group=world.group, status=MeetingStatus.INVITED)
    response = coordinator_client.post(url("meetings:status", world.group, pk=meeting.pk), {"to": "held"}, follow=True)
    assert "Ein Treffen kann erst als stattgefunden markiert werden, wenn es begonnen hat." in messages_of(response)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.INVITED


def test_cancelling_raises_the_sequence_and_freezes_the_meeting(coordinator_client, world):
    meeting = MeetingFactory(working_group=world.group, status=MeetingStatus.INVITED)
    response = coordinator_client.post(url("meetings:cancel", world.group, pk=meeting.pk), follow=True)
    assert "Das Treffen wurde abgesagt." in messages_of(response)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence) == (MeetingStatus.CANCELLED, 1)
    response = coordinator_client.post(url("meetings:cancel", world.group, pk=meeting.pk), follow=True)
    assert messages_of(response) == ["Ein Treffen mit dem Status „abgesagt“ kann nicht als „abgesagt“ markiert werden."]
    response = coordinator_client.get(url("meetings:edit", world.group, pk=meeting.pk), follow=True)
    assert messages_of(response) == ["Dieses Treffen kann nicht mehr geändert werden (Status: abgesagt)."]


def test_a_held_meeting_cannot_be_cancelled_by_the_service(world):
    meeting = MeetingFactory(working_group=world.group, status=MeetingStatus.HELD)
    with pytest.raises(services.TransitionError):
        services.cancel_meeting(meeting=meeting)


def test_get_never_changes_the_status(coordinator_client, world):
    meeting = MeetingFactory(working_group=world.group)
    assert coordinator_client.get(url("meetings:status", world.group, pk=meeting.pk) + "?to=invited").status_code == 405
    assert coordinator_client.get(url("meetings:cancel", world.group, pk=meeting.pk)).status_code == 405
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_observer_cannot_change_the_status(observer_client, world):
    meeting = MeetingFactory(working_group=world.group)
    assert (
        observer_client.post(url("meetings:status", world.group, pk=meeting.pk), {"to": "invited"}).status_code == 403
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PLANNED


def test_the_other_groups_meeting_is_not_found(coordinator_client, world):
    foreign = MeetingFactory(working_group=world.other_group)
    assert coordinator_client.get(url("meetings:detail", world.group, pk=foreign.pk)).status_code == 404
    assert coordinator_client.post(url("meetings:cancel", world.group, pk=foreign.pk)).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == MeetingStatus.PLANNED


# Query counts


@pytest.mark.parametrize("meetings", [2, 40])
def test_list_query_count_does_not_grow(coordinator_client, world, django_assert_num_queries, meetings):
    for index in range(meetings):
        meeting = MeetingFactory(working_group=world.group, start=at(future_day(index * 7 - meetings * 3)))
        AgendaItemFactory.create_batch(2, meeting=meeting)
    # session, user, group, role, meetings
    with django_assert_num_queries(5):
        response = coordinator_client.get(url("meetings:list", world.group))
    assert len(response.context["upcoming"]) + len(response.context["past"]) == meetings


@pytest.mark.parametrize(("meetings", "items"), [(2, 2), (40, 20)])
def test_page_query_count_does_not_grow(coordinator_client, world, django_assert_num_queries, meetings, items):
    questions = FocusQuestion.objects.filter(working_group=None)[:2]
    created = MeetingFactory.create_batch(meetings, working_group=world.group, focus_questions=list(questions))
    meeting = created[0]
    AgendaItemFactory.create_batch(items, meeting=meeting, planned_minutes=5)
    # session, user, group, role, meeting, focus questions, agenda items, follow-up findings, findings raised in it
    with django_assert_num_queries(9):
        response = coordinator_client.get(meeting.get_absolute_url())
    assert response.content.decode().count('class="agenda-row"') == items


# Dashboard


def test_dashboard_shows_the_next_meeting_in_one_query(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.staff)
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("dashboard"))
    MeetingFactory(working_group=world.group, start=at("2040-05-10"), title="Später")
    soon = MeetingFactory(working_group=world.group, start=at("2040-03-15"))
    MeetingFactory(working_group=world.group, start=at("2040-01-10"), status="cancelled")
    MeetingFactory(working_group=world.group, start=at("2020-01-10"), status="held")
    with CaptureQueriesContext(connection) as after:
        response = client.get(reverse("dashboard"))
    meeting_queries = [q for q in after.captured_queries if '"meetings_meeting"' in q["sql"]]
    assert len(meeting_queries) == 1
    assert len(after.captured_queries) == len(before.captured_queries)
    content = response.content.decode()
    assert f'<a href="{soon.get_absolute_url()}">Donnerstag, 15. März 2040, 16:00</a>' in content
    assert "noch nicht geplant" in content  # the other group has none


def test_a_service_error_on_create_appears_next_to_the_field_and_keeps_the_input(
    coordinator_client, world, monkeypatch
):
    """A ValidationError from the service (not caught by the form) is shown in the form, never a 500."""
    from django.core.exceptions import ValidationError

    def refuse(**kwargs):
        raise ValidationError({"end": "Das Ende passt nicht.", "title": "Den Titel gibt es schon."})

    monkeypatch.setattr(services, "create_meeting", refuse)
    response = coordinator_client.post(url("meetings:create", world.group), form_data(title="Mein Titel"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["end_time"] == ["Das Ende passt nicht."]
    assert errors["title"] == ["Den Titel gibt es schon."]
    assert 'value="Mein Titel"' in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_service_error_on_edit_is_shown_in_the_form(coordinator_client, world, monkeypatch):
    from django.core.exceptions import ValidationError

    meeting = MeetingFactory(working_group=world.group, start=at(future_day()), title="Herbsttreffen")

    def refuse(**kwargs):
        raise ValidationError("Dieses Treffen wurde inzwischen abgesagt.")

    monkeypatch.setattr(services, "update_meeting", refuse)
    response = coordinator_client.post(
        url("meetings:edit", world.group, pk=meeting.pk), form_data(title="Neuer Titel", start_time="17:00")
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Dieses Treffen wurde inzwischen abgesagt." in content
    assert 'value="Neuer Titel"' in content
    meeting.refresh_from_db()
    assert meeting.title == "Herbsttreffen"


def test_the_service_refuses_more_than_two_focus_questions(world):
    from django.core.exceptions import ValidationError

    questions = list(FocusQuestion.objects.filter(working_group=None)[:3])
    data = {
        "title": "T",
        "start": at(future_day()),
        "end": at(future_day(), 17, 30),
        "place": "Rathaus",
        "focus_questions": questions,
    }
    with pytest.raises(ValidationError) as refused:
        services.create_meeting(group=world.group, data=data)
    assert refused.value.message_dict == {"focus_questions": ["Bitte wählen Sie höchstens zwei Leitfragen."]}
    assert not Meeting.objects.exists()
    meeting = services.create_meeting(group=world.group, data={**data, "focus_questions": questions[:2]})
    with pytest.raises(ValidationError):
        services.update_meeting(meeting=meeting, data={"title": "Geändert", "focus_questions": questions})
    meeting.refresh_from_db()
    assert meeting.title == "T"
    assert meeting.focus_questions.count() == 2
    foreign = FocusQuestionFactory(working_group=world.other_group)
    with pytest.raises(ValidationError):
        services.update_meeting(meeting=meeting, data={"focus_questions": [foreign]})
    assert foreign not in meeting.focus_questions.all()


def test_the_edit_form_refuses_another_groups_question(coordinator_client, world):
    meeting = MeetingFactory(working_group=world.group, start=at(future_day()), title="Herbsttreffen")
    foreign = FocusQuestionFactory(working_group=world.other_group)
    response = coordinator_client.post(
        url("meetings:edit", world.group, pk=meeting.pk), form_data(title="Herbsttreffen", focus_questions=[foreign.pk])
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["focus_questions"]
    assert not meeting.focus_questions.exists()


def test_a_meeting_from_a_template_without_items_has_an_empty_agenda(coordinator_client, world):
    empty = AgendaTemplate.objects.create(working_group=world.group, name="Leere Vorlage")
    response = coordinator_client.post(url("meetings:create", world.group), form_data(template=empty.pk))
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert not meeting.agenda_items.exists()
    assert coordinator_client.get(meeting.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("language", ["de", "en"])
def test_skipped_holiday_date_follows_the_language(coordinator_client, world, language):
    """The holiday note on the scheduling page uses the language's date format, not a hard-coded German one."""
    import holidays
    from dateutil.relativedelta import relativedelta
    from django.utils import formats, translation

    state = world.group.municipality.state
    start = timezone.localdate() + datetime.timedelta(days=40)
    calendar = holidays.country_holidays("DE", subdiv=state, years=[start.year, start.year + 1])
    holiday = min(day for day in calendar if day >= start and day.weekday() < 5 and day.day <= 28)
    world.group.cadence_months = 1
    world.group.save()
    MeetingFactory(working_group=world.group, start=at(holiday - relativedelta(months=1)))
    coordinator_client.cookies["django_language"] = language
    content = coordinator_client.get(
        url("meetings:create", world.group), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    with translation.override(language):
        expected = formats.date_format(holiday, "DATE_FORMAT")
    assert expected in content
    if language == "en":
        assert f"{holiday.day}. " not in content.split("alert-info")[1][:600]


def test_planned_meeting_says_that_invitations_are_not_sent_yet(coordinator_client, world):
    meeting = MeetingFactory(working_group=world.group, status="planned")
    content = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert "laden Sie die Teilnehmenden bitte selbst ein" in content
    assert f'href="/ak/{world.group.municipality.slug}/{world.group.slug}/members/mailing-list/"' in content
    meeting.status = "invited"
    meeting.save()
    assert (
        "laden Sie die Teilnehmenden bitte selbst ein"
        not in coordinator_client.get(meeting.get_absolute_url()).content.decode()
    )
