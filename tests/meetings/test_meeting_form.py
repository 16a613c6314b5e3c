"""Scheduling and editing a meeting: the form, its warnings and errors, what the coordinator sees and what is stored."""

import datetime
import re

import holidays
import pytest
import time_machine
from django.utils import formats, timezone

from meetings import services
from meetings.models import AgendaTemplate, FocusQuestion, Meeting, MeetingStatus
from meetings.scheduling import BERLIN
from tests.meetings.factories import FocusQuestionFactory, MeetingFactory, at
from tests.meetings.helpers import form_data, future_day, messages_of, url


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


def test_a_question_id_too_large_for_the_database_is_an_error_not_a_500(coordinator_client, world):
    response = coordinator_client.post(url("meetings:create", world.group), form_data(focus_questions=["9" * 20]))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["focus_questions"]
    assert "9" * 20 in response.context["form"].errors["focus_questions"][0]
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


@pytest.mark.parametrize(
    ("language", "holiday_note", "suggested"),
    [
        (
            "de",
            "4. Juni 2026 ist ein Feiertag (Fronleichnam).",
            "Vorgeschlagener Termin: Freitag, 5. Juni 2026, 16:00 Uhr.",
        ),
        ("en", "June 4, 2026 is a public holiday (Corpus Christi).", "Suggested date: Friday, 5 June 2026, 16:00."),
    ],
)
@time_machine.travel(datetime.datetime(2026, 4, 20, 9, 0, tzinfo=BERLIN), tick=False)
def test_skipped_holiday_date_follows_the_language(coordinator_client, world, language, holiday_note, suggested):
    """The holiday note on the scheduling page uses the language's date format, not a hard-coded German one.

    A monthly group that last met on Monday, 4 May 2026: the next date, Thursday, 4 June 2026, is Fronleichnam in
    Baden-Württemberg, so the page suggests Friday, 5 June, and says why.
    """
    world.group.cadence_months = 1
    world.group.save()
    MeetingFactory(working_group=world.group, start=at("2026-05-04"))
    coordinator_client.cookies["django_language"] = language
    content = coordinator_client.get(
        url("meetings:create", world.group), HTTP_ACCEPT_LANGUAGE=language
    ).content.decode()
    note = content.split("alert-info")[1][:1200]
    assert holiday_note in note
    assert suggested in note
    assert 'value="2026-06-05"' in content


def test_planned_meeting_offers_to_send_the_invitations(coordinator_client, world):
    meeting = MeetingFactory(working_group=world.group, status="planned")
    content = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert "Es wurde noch keine Einladung verschickt." in content
    invitations_url = url("meetings:invitations", world.group, pk=meeting.pk)
    assert f'href="{invitations_url}">Einladungen verschicken</a>' in content
    assert "Ohne E-Mails als eingeladen markieren" in content  # the fallback for groups that invite outside the app


def _next(weekday_or_holiday):
    """The next Saturday from 40 days on, or the next weekday that is a holiday in Baden-Württemberg."""
    day = timezone.localdate() + datetime.timedelta(days=40)
    if weekday_or_holiday == "saturday":
        return day + datetime.timedelta(days=(5 - day.weekday()) % 7)
    calendar = holidays.country_holidays("DE", subdiv="BW", years=[day.year, day.year + 1])
    return min(d for d in calendar if d >= day and d.weekday() < 5)


@pytest.mark.parametrize("kind", ["saturday", "holiday"])
def test_moving_a_meeting_to_a_day_off_warns_like_scheduling_one(coordinator_client, world, kind):
    """Editing a meeting to a Saturday or a public holiday of the Bundesland saves it, with a warning (not an error:
    some groups meet on Saturdays) — the same warning a new meeting on that day gets."""
    day = _next(kind)
    meeting = MeetingFactory(working_group=world.group, start=at(future_day()), title="Herbsttreffen")
    edit = url("meetings:edit", world.group, pk=meeting.pk)
    response = coordinator_client.post(edit, form_data(title="Herbsttreffen", day=day.isoformat()), follow=True)
    date = formats.date_format(day, "DATE_FORMAT")
    expected = f"{date} ist ein Samstag." if kind == "saturday" else f"{date} ist ein Feiertag in Baden-Württemberg"
    edit_messages = messages_of(response)
    assert edit_messages[0] == "Das Treffen wurde gespeichert."
    assert len(edit_messages) == 2 and edit_messages[1].startswith(expected)
    meeting.refresh_from_db()
    assert timezone.localtime(meeting.start).date() == day
    # Saving it again without moving it does not warn again; scheduling a new one on that day warns the same way.
    again = coordinator_client.post(edit, form_data(title="Herbsttreffen", day=day.isoformat()), follow=True)
    assert messages_of(again) == ["Das Treffen wurde gespeichert."]
    created = coordinator_client.post(
        url("meetings:create", world.group), form_data(title="Zweites", day=day.isoformat()), follow=True
    )
    assert messages_of(created)[1].startswith(expected)
