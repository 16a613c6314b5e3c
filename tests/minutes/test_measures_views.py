"""The measure pages: create and edit with German errors next to the field, the page with its history, the status
change, as coordinator and observer."""

import datetime

import pytest
from django.urls import reverse

from minutes.models import Measure, MeasureEvent
from tests.minutes.factories import MeasureFactory


def url(world, name, **kwargs):
    return reverse(f"minutes:{name}", kwargs={**world.group.url_kwargs(), **kwargs})


def valid(**changes):
    return {"title": "Flyer drucken", "description": "", "responsible": "", "meeting": "", **changes}


def test_create_with_all_fields(coordinator_client, world, past_meeting, participant):
    response = coordinator_client.post(
        url(world, "measure-create"),
        valid(
            meeting=past_meeting.pk,
            responsible=f"p:{participant.pk}",
            due_date="2030-06-30",
            budget="1.500,50",
            funding_source="Landesprogramm Integrationsmanagement",
        ),
    )
    measure = Measure.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(world, "measure-detail", pk=measure.pk)
    assert (measure.meeting, measure.responsible_participant, str(measure.budget)) == (
        past_meeting,
        participant,
        "1500.50",
    )
    assert measure.due_date == datetime.date(2030, 6, 30) and measure.working_group == world.group
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "Die Maßnahme wurde erfasst." in page
    assert "1.500,50 €" in page and "Landesprogramm Integrationsmanagement" in page and "Ana Popescu" in page


def test_the_form_preselects_the_meeting_from_the_address(coordinator_client, world, past_meeting):
    response = coordinator_client.get(url(world, "measure-create") + f"?meeting={past_meeting.pk}")
    assert response.context["form"].initial["meeting"] == str(past_meeting.pk)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "Bitte geben Sie an, was zu tun ist."),
        ({"title": "   "}, "title", "Bitte geben Sie an, was zu tun ist."),
        ({"budget": "abc"}, "budget", "Bitte geben Sie einen Betrag in Euro an, z. B. 1500 oder 1.500,50."),
        ({"budget": "-5"}, "budget", "Das Budget kann nicht negativ sein."),
        ({"budget": "1e5"}, "budget", "Bitte geben Sie einen Betrag in Euro an"),
        ({"budget": "99999999999"}, "budget", "Das Budget ist zu groß."),
        ({"due_date": "2020-13-45"}, "due_date", "Bitte ein gültiges Datum eingeben."),
        ({"responsible": "p:999999"}, "responsible", "Bitte eine gültige Auswahl treffen."),
    ],
)
def test_bad_input_gets_a_german_message_next_to_the_field(coordinator_client, world, changes, field, message):
    response = coordinator_client.post(url(world, "measure-create"), valid(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    assert not Measure.objects.exists()


def test_a_due_date_before_the_meeting_is_refused(coordinator_client, world, past_meeting):
    day = past_meeting.start.date()
    before = (day - datetime.timedelta(days=1)).isoformat()
    response = coordinator_client.post(url(world, "measure-create"), valid(meeting=past_meeting.pk, due_date=before))
    expected = f"Das Fälligkeitsdatum liegt vor dem Treffen, in dem die Maßnahme beschlossen wurde ({day:%d.%m.%Y})."
    assert response.context["form"].errors["due_date"] == [expected]
    assert not Measure.objects.exists()
    ok = coordinator_client.post(url(world, "measure-create"), valid(meeting=past_meeting.pk, due_date=day.isoformat()))
    assert ok.status_code == 302


def test_two_responsibles_are_refused(coordinator_client, world, participant, organization):
    data = valid()
    data["responsible"] = [f"p:{participant.pk}", f"o:{organization.pk}"]
    response = coordinator_client.post(url(world, "measure-create"), data)
    assert response.context["form"].errors["responsible"] == [
        "Bitte wählen Sie eine Person oder eine Organisation als verantwortlich, nicht mehrere."
    ]
    assert not Measure.objects.exists()


def test_a_participant_of_another_group_cannot_be_made_responsible(coordinator_client, world):
    from tests.members.factories import ParticipantFactory

    stranger = ParticipantFactory(working_group=world.other_group)
    response = coordinator_client.post(url(world, "measure-create"), valid(responsible=f"p:{stranger.pk}"))
    assert "responsible" in response.context["form"].errors
    assert not Measure.objects.exists()


def test_edit_keeps_the_values_and_records_the_history(coordinator_client, world, participant, organization):
    measure = MeasureFactory(working_group=world.group, responsible_participant=participant, budget=1500)
    form = coordinator_client.get(url(world, "measure-edit", pk=measure.pk))
    assert form.context["form"]["budget"].value() == "1.500,00"
    assert form.context["form"]["responsible"].value() == f"p:{participant.pk}"
    response = coordinator_client.post(
        url(world, "measure-edit", pk=measure.pk),
        valid(title=measure.title, responsible=f"o:{organization.pk}", budget="2000"),
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.responsible_organization, measure.responsible_participant) == (organization, None)
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "Im Verlauf festgehalten: verantwortlich, Budget." in page
    assert "Ana Popescu → Caritasverband Karlsruhe" in page
    assert "1.500,00 € → 2.000,00 €" in page


def test_status_change_by_post_with_history(coordinator_client, world):
    measure = MeasureFactory(working_group=world.group, due_date=datetime.date(2020, 1, 1))
    detail = coordinator_client.get(url(world, "measure-detail", pk=measure.pk)).content.decode()
    assert "überfällig" in detail and "Bearbeitung beginnen" in detail
    response = coordinator_client.post(url(world, "measure-transition", pk=measure.pk), {"to": "done"})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.status == "done" and measure.done_on is not None
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "Die Maßnahme ist jetzt erledigt." in page
    assert "offen → erledigt" in page and "Wieder öffnen" in page
    assert "überfällig" not in page


def test_a_refused_status_change_says_why(coordinator_client, world):
    measure = MeasureFactory(working_group=world.group, status="done")
    response = coordinator_client.post(url(world, "measure-transition", pk=measure.pk), {"to": "dropped"}, follow=True)
    assert "Eine Maßnahme, die erledigt ist, kann nicht auf verworfen gesetzt werden." in response.content.decode()
    assert MeasureEvent.objects.count() == 0


def test_the_observer_reads_but_does_not_change(observer_client, world):
    measure = MeasureFactory(working_group=world.group)
    page = observer_client.get(url(world, "measure-detail", pk=measure.pk)).content.decode()
    assert measure.title in page and "Status ändern" not in page and "Bearbeiten" not in page
    assert observer_client.post(url(world, "measure-transition", pk=measure.pk), {"to": "done"}).status_code == 403
    assert observer_client.get(url(world, "measure-create")).status_code == 403
    measure.refresh_from_db()
    assert measure.status == "open"


def test_a_status_change_is_post_only(coordinator_client, world):
    measure = MeasureFactory(working_group=world.group)
    assert coordinator_client.get(url(world, "measure-transition", pk=measure.pk)).status_code == 405
