"""Agenda editing: add, edit, delete, reorder (without JavaScript), clock times, total against the duration."""

import datetime

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import AgendaItem, AgendaTemplate, MeetingStatus
from tests.meetings.factories import (
    AgendaItemFactory,
    AgendaTemplateFactory,
    AgendaTemplateItemFactory,
    MeetingFactory,
    at,
)


def url(name, meeting, **kwargs):
    return reverse(name, kwargs={**meeting.working_group.url_kwargs(), "pk": meeting.pk, **kwargs})


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def meeting(world):
    meeting = MeetingFactory(working_group=world.group, start=at("2030-05-16", 16, 0), title="Frühjahrstreffen")
    for position, (title, minutes) in enumerate([("Begrüßung", 10), ("Leitfrage", 45), ("Verschiedenes", 15)], 1):
        AgendaItemFactory(meeting=meeting, position=position, title=title, planned_minutes=minutes)
    return meeting


def titles(meeting):
    return list(meeting.agenda_items.order_by("position").values_list("title", flat=True))


def test_clock_times_are_computed_from_the_start(coordinator_client, meeting):
    content = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert "Donnerstag, 16. Mai 2030, 16:00–17:30 Uhr" in content
    for span in ("16:00–16:10", "16:10–16:55", "16:55–17:10"):
        assert span in content
    assert "70 von 90 Minuten" in content
    assert "überschreitet" not in content


def test_an_agenda_longer_than_the_meeting_shows_a_warning(coordinator_client, meeting):
    AgendaItemFactory(meeting=meeting, position=4, title="Marketing", planned_minutes=35)
    content = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert "105 von 90 Minuten" in content
    assert "Die Tagesordnung überschreitet die geplante Dauer des Treffens um 15 Minuten." in content


def test_add_an_item_at_the_end(coordinator_client, meeting):
    response = coordinator_client.post(
        url("meetings:agenda-item-add", meeting),
        {
            "title": "Neuigkeiten aus dem Integreat-Team",
            "planned_minutes": "10",
            "presenter": "Tür an Tür",
            "description": "",
        },
        follow=True,
    )
    assert "Der Punkt „Neuigkeiten aus dem Integreat-Team“ wurde in die Tagesordnung aufgenommen." in messages_of(
        response
    )
    item = meeting.agenda_items.get(title="Neuigkeiten aus dem Integreat-Team")
    assert (item.position, item.planned_minutes, item.presenter) == (4, 10, "Tür an Tür")
    assert "17:10–17:20" in response.content.decode()
    assert "Vorgestellt von Tür an Tür" in response.content.decode()


def test_negative_minutes_are_refused(coordinator_client, meeting):
    response = coordinator_client.post(
        url("meetings:agenda-item-add", meeting), {"title": "Pause", "planned_minutes": "-5"}
    )
    assert response.context["form"].errors == {"planned_minutes": ["Die geplanten Minuten dürfen nicht negativ sein."]}
    assert "Die geplanten Minuten dürfen nicht negativ sein." in response.content.decode()
    assert meeting.agenda_items.count() == 3


def test_edit_an_item(coordinator_client, meeting):
    item = meeting.agenda_items.get(title="Leitfrage")
    response = coordinator_client.get(url("meetings:agenda-item-edit", meeting, item_pk=item.pk))
    assert 'value="Leitfrage"' in response.content.decode()
    response = coordinator_client.post(
        url("meetings:agenda-item-edit", meeting, item_pk=item.pk),
        {"title": "Leitfrage: Multiplikator:innen", "planned_minutes": "30", "presenter": "", "description": "Wer?"},
        follow=True,
    )
    assert "Der Tagesordnungspunkt wurde gespeichert." in messages_of(response)
    item.refresh_from_db()
    assert (item.title, item.planned_minutes, item.description, item.position) == (
        "Leitfrage: Multiplikator:innen",
        30,
        "Wer?",
        2,
    )


def test_delete_an_item_renumbers_the_rest(coordinator_client, meeting):
    item = meeting.agenda_items.get(title="Begrüßung")
    response = coordinator_client.post(url("meetings:agenda-item-delete", meeting, item_pk=item.pk), follow=True)
    assert "Der Punkt „Begrüßung“ wurde aus der Tagesordnung entfernt." in messages_of(response)
    assert list(meeting.agenda_items.values_list("position", "title")) == [(1, "Leitfrage"), (2, "Verschiedenes")]
    assert "16:00–16:45" in response.content.decode()


def test_move_up_and_down_without_javascript(coordinator_client, meeting):
    item = meeting.agenda_items.get(title="Verschiedenes")
    response = coordinator_client.post(
        url("meetings:agenda-item-move", meeting, item_pk=item.pk), {"direction": "up"}, follow=True
    )
    assert "„Verschiedenes“ wurde nach oben verschoben." in messages_of(response)
    assert titles(meeting) == ["Begrüßung", "Verschiedenes", "Leitfrage"]
    assert list(meeting.agenda_items.order_by("position").values_list("position", flat=True)) == [1, 2, 3]
    assert "16:10–16:25" in response.content.decode()  # Verschiedenes now second
    coordinator_client.post(url("meetings:agenda-item-move", meeting, item_pk=item.pk), {"direction": "down"})
    assert titles(meeting) == ["Begrüßung", "Leitfrage", "Verschiedenes"]


def test_moving_the_first_item_up_changes_nothing(coordinator_client, meeting):
    item = meeting.agenda_items.get(title="Begrüßung")
    response = coordinator_client.post(
        url("meetings:agenda-item-move", meeting, item_pk=item.pk), {"direction": "up"}, follow=True
    )
    assert messages_of(response) == ["„Begrüßung“ steht bereits an diesem Ende der Tagesordnung."]
    assert titles(meeting) == ["Begrüßung", "Leitfrage", "Verschiedenes"]


def test_an_unknown_direction_is_refused(coordinator_client, meeting):
    item = meeting.agenda_items.get(title="Leitfrage")
    response = coordinator_client.post(
        url("meetings:agenda-item-move", meeting, item_pk=item.pk), {"direction": "sideways"}, follow=True
    )
    assert messages_of(response) == ["Unbekannte Richtung."]
    assert titles(meeting) == ["Begrüßung", "Leitfrage", "Verschiedenes"]


def test_move_buttons_are_labelled_and_the_ends_disabled(coordinator_client, meeting):
    content = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert 'aria-label="„Begrüßung“ nach oben verschieben"' in content
    assert content.count(" disabled aria-label=") == 2


def test_reorder_service_takes_a_full_permutation_only(meeting):
    ids = list(meeting.agenda_items.order_by("position").values_list("pk", flat=True))
    services.reorder_agenda(meeting=meeting, order=list(reversed(ids)))
    assert titles(meeting) == ["Verschiedenes", "Leitfrage", "Begrüßung"]
    with pytest.raises(services.ValidationError):
        services.reorder_agenda(meeting=meeting, order=ids[:2])
    assert titles(meeting) == ["Verschiedenes", "Leitfrage", "Begrüßung"]


def test_an_item_of_another_meeting_is_not_found(coordinator_client, meeting, world):
    other_meeting = MeetingFactory(working_group=world.group)
    foreign_item = AgendaItemFactory(meeting=other_meeting)
    response = coordinator_client.post(url("meetings:agenda-item-delete", meeting, item_pk=foreign_item.pk))
    assert response.status_code == 404
    assert AgendaItem.objects.filter(pk=foreign_item.pk).exists()


def test_the_agenda_of_an_approved_meeting_is_frozen(coordinator_client, meeting):
    meeting.status = MeetingStatus.MINUTES_APPROVED
    meeting.save()
    content = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert "Punkt hinzufügen" not in content and "nach oben verschieben" not in content
    item = meeting.agenda_items.get(title="Leitfrage")
    response = coordinator_client.post(
        url("meetings:agenda-item-move", meeting, item_pk=item.pk), {"direction": "up"}, follow=True
    )
    assert messages_of(response) == ["Dieses Treffen kann nicht mehr geändert werden (Status: Protokoll genehmigt)."]
    assert titles(meeting) == ["Begrüßung", "Leitfrage", "Verschiedenes"]


def test_observer_cannot_edit_the_agenda(observer_client, meeting):
    item = meeting.agenda_items.get(title="Leitfrage")
    assert observer_client.post(url("meetings:agenda-item-delete", meeting, item_pk=item.pk)).status_code == 403
    assert observer_client.get(url("meetings:agenda-item-add", meeting)).status_code == 403
    assert meeting.agenda_items.count() == 3


# Templates


def test_save_the_agenda_as_a_group_template_and_start_a_meeting_from_it(coordinator_client, meeting, world):
    response = coordinator_client.post(
        url("meetings:save-as-template", meeting), {"name": "Unser Frühjahrstreffen"}, follow=True
    )
    assert (
        "Die Tagesordnung wurde als Vorlage „Unser Frühjahrstreffen“ dieses Arbeitskreises gespeichert."
        in messages_of(response)
    )
    template = AgendaTemplate.objects.get(name="Unser Frühjahrstreffen")
    assert template.working_group == world.group and template.kind == "custom"
    assert list(template.items.values_list("position", "title", "minutes")) == [
        (1, "Begrüßung", 10),
        (2, "Leitfrage", 45),
        (3, "Verschiedenes", 15),
    ]
    content = response.content.decode()
    assert "Vorlagen dieses Arbeitskreises" in content and "Unser Frühjahrstreffen" in content
    assert "Leitfrage <span" in content

    create = reverse("meetings:create", kwargs=world.group.url_kwargs())
    assert "Unser Frühjahrstreffen</option>" in coordinator_client.get(create).content.decode()


def test_a_template_without_name_is_refused(coordinator_client, meeting):
    response = coordinator_client.post(url("meetings:save-as-template", meeting), {"name": ""}, follow=True)
    assert messages_of(response) == ["Bitte geben Sie der Vorlage einen Namen."]
    assert not AgendaTemplate.objects.filter(working_group__isnull=False).exists()


def test_an_empty_agenda_is_not_saved_as_template(coordinator_client, world):
    empty = MeetingFactory(working_group=world.group)
    response = coordinator_client.post(url("meetings:save-as-template", empty), {"name": "Leer"}, follow=True)
    assert messages_of(response) == [
        "Die Tagesordnung ist leer: Es gibt nichts, was als Vorlage gespeichert werden könnte."
    ]


def test_templates_page_lists_global_and_own_templates(observer_client, world):
    own = AgendaTemplateFactory(working_group=world.group, name="Unsere Vorlage")
    AgendaTemplateItemFactory(template=own, title="Rückblick", minutes=25)
    AgendaTemplateFactory(working_group=world.other_group, name="Bielefelder Vorlage")
    content = observer_client.get(reverse("meetings:templates", kwargs=world.group.url_kwargs())).content.decode()
    assert "Erstes Treffen: Kennenlernen und Erwartungen" in content
    assert "Regelmäßiges Treffen" in content
    assert "Genehmigung des Protokolls des letzten Treffens" in content
    assert 'Rückblick <span class="text-body-secondary">(25 Minuten)</span>' in content
    assert "Bielefelder Vorlage" not in content
    assert "Löschen" not in content  # observers only read


def test_delete_a_group_template_but_never_a_global_one(coordinator_client, world):
    own = AgendaTemplateFactory(working_group=world.group, name="Alt")
    kwargs = world.group.url_kwargs()
    response = coordinator_client.post(
        reverse("meetings:template-delete", kwargs={**kwargs, "template_pk": own.pk}), follow=True
    )
    assert messages_of(response) == ["Die Vorlage „Alt“ wurde gelöscht."]
    assert not AgendaTemplate.objects.filter(pk=own.pk).exists()
    global_template = AgendaTemplate.objects.get(kind="first")
    response = coordinator_client.post(
        reverse("meetings:template-delete", kwargs={**kwargs, "template_pk": global_template.pk})
    )
    assert response.status_code == 404
    assert AgendaTemplate.objects.filter(pk=global_template.pk).exists()


def test_the_follow_up_section_is_shown_with_empty_lists(coordinator_client, meeting):
    content = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert "Nachverfolgung aus früheren Treffen" in content
    assert "Keine offenen Inhaltslücken." in content and "Keine offenen Aufgaben." in content


def test_the_follow_up_partial_renders_open_items():
    from django.template.loader import render_to_string

    class Gap:
        title = "Kita-Anmeldung fehlt auf Arabisch"
        url = "/gap/1/"
        status = "offen"

    class Action:
        title = "Flyer drucken"
        url = "/measure/1/"
        status = "in Arbeit"
        responsible = "Sabine Keller"
        due_date = datetime.date(2026, 6, 1)
        overdue = True

    html = render_to_string(
        "meetings/_follow_up.html",
        {
            "follow_up_findings": [Gap()],
            "follow_up_findings_total": 1,
            "follow_up_action_items": [Action()],
        },
    )
    assert '<a href="/gap/1/">Kita-Anmeldung fehlt auf Arabisch</a>' in html and "(offen)" in html
    assert '<a href="/measure/1/">Flyer drucken</a>' in html
    assert "(in Arbeit, Sabine Keller, " in html and "01.06.2026)" in html and "überfällig" in html


def test_drag_and_drop_order_is_saved_as_a_form_post(coordinator_client, meeting):
    ids = list(meeting.agenda_items.order_by("position").values_list("pk", flat=True))
    reorder = url("meetings:agenda-reorder", meeting)
    response = coordinator_client.post(reorder, {"order": f"{ids[2]},{ids[0]},{ids[1]}"}, follow=True)
    assert messages_of(response) == ["Die neue Reihenfolge der Tagesordnung wurde gespeichert."]
    assert titles(meeting) == ["Verschiedenes", "Begrüßung", "Leitfrage"]
    assert "16:00–16:15" in response.content.decode()


@pytest.mark.parametrize("order", ["1,2", "abc", "", "{a},{a},{b}"])
def test_a_stale_or_forged_order_changes_nothing(coordinator_client, meeting, world, order):
    ids = list(meeting.agenda_items.order_by("position").values_list("pk", flat=True))
    foreign = AgendaItemFactory(meeting=MeetingFactory(working_group=world.other_group))
    order = order.format(a=ids[0], b=foreign.pk)
    response = coordinator_client.post(url("meetings:agenda-reorder", meeting), {"order": order}, follow=True)
    assert messages_of(response) == ["Die Tagesordnung wurde inzwischen geändert. Bitte laden Sie die Seite neu."]
    assert titles(meeting) == ["Begrüßung", "Leitfrage", "Verschiedenes"]
