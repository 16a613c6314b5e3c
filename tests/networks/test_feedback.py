"""Feedback to the Integreat team: a coordinator passes a content gap, a suggestion or a part of the minutes on; staff
answer in one inbox across all municipalities; the coordinator sees the reply next to the item and gets it by mail."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from arbeitskreis.models import State
from findings.models import Suggestion
from minutes.models import MinutesStatus
from networks.models import Feedback, FeedbackStatus
from tests.escaping import hostile
from tests.factories import GroupRoleFactory, MunicipalityFactory, WorkingGroupFactory
from tests.findings.factories import FindingFactory, SuggestionFactory
from tests.mail import html as mail_html
from tests.mail import text as mail_text
from tests.minutes.factories import minutes_in, record
from tests.networks.factories import pass_on
from tests.snapshot import database_rows


def url(name, group, **kwargs):
    return reverse(name, kwargs={**group.url_kwargs(), **kwargs})


def test_a_coordinator_passes_a_content_gap_on_and_sees_it_next_to_the_gap(world, coordinator_client):
    finding = FindingFactory(working_group=world.group, title="Kita-Anmeldung fehlt", description="Auf Arabisch.")
    page = coordinator_client.get(url("findings:detail", world.group, pk=finding.pk)).content.decode()
    link = url("feedback:create", world.group) + f"?finding={finding.pk}"
    assert link in page
    form = coordinator_client.get(link).content.decode()
    assert "Zur Inhaltslücke" in form and "Kita-Anmeldung fehlt" in form
    response = coordinator_client.post(link, {"category": "translation", "text": "Die Übersetzung fehlt im CMS."})
    assert response["Location"] == url("findings:detail", world.group, pk=finding.pk)
    feedback = Feedback.objects.get()
    assert (feedback.working_group, feedback.finding, feedback.status) == (world.group, finding, FeedbackStatus.NEW)
    assert feedback.excerpt == "Kita-Anmeldung fehlt\n\nAuf Arabisch."
    assert feedback.created_by == world.coordinator
    page = coordinator_client.get(url("findings:detail", world.group, pk=finding.pk)).content.decode()
    assert "Die Übersetzung fehlt im CMS." in page and "Problem mit einer Übersetzung" in page


def test_a_decision_of_the_minutes_is_passed_on_and_kept_when_the_minutes_change(world, coordinator_client):
    minutes = minutes_in(world.group, MinutesStatus.DRAFT)
    meeting = minutes.meeting
    link = url("feedback:create", world.group) + f"?minutes={meeting.pk}"
    form = coordinator_client.get(link).content.decode()
    assert "Beschluss 1" in form and "Notizen zu TOP 1: Begrüßung" in form
    response = coordinator_client.post(
        link, {"category": "app_wish", "text": "Bitte Mehrsprachigkeit.", "part": "decision:0"}
    )
    assert response["Location"] == url("minutes:detail", world.group, pk=meeting.pk)
    feedback = Feedback.objects.get()
    assert feedback.excerpt == "Beschluss 1\n\nDie Seite zur Kita-Anmeldung wird übersetzt."
    # The minutes are saved again with other decisions: the feedback keeps what was marked.
    record(meeting, decisions=["Etwas ganz anderes"])
    feedback.refresh_from_db()
    assert feedback.minutes == minutes and "Kita-Anmeldung" in feedback.excerpt
    page = coordinator_client.get(url("minutes:detail", world.group, pk=meeting.pk)).content.decode()
    assert "Bitte Mehrsprachigkeit." in page


def test_a_part_the_minutes_do_not_have_is_refused(world, coordinator_client):
    meeting = minutes_in(world.group, MinutesStatus.DRAFT).meeting
    link = url("feedback:create", world.group) + f"?minutes={meeting.pk}"
    before = database_rows()
    response = coordinator_client.post(link, {"category": "bug", "text": "x", "part": "decision:7"})
    assert response.status_code == 200 and "part" in response.context["form"].errors
    response = coordinator_client.post(link, {"category": "bug", "text": "   ", "part": "decision:0"})
    assert "text" in response.context["form"].errors
    assert database_rows() == before


def test_a_suggestion_is_passed_on_from_the_triage_page(world, coordinator_client):
    suggestion = SuggestionFactory(participant__working_group=world.group, title="Offline-Modus")
    page = coordinator_client.get(url("findings:suggestions", world.group)).content.decode()
    link = url("feedback:create", world.group) + f"?suggestion={suggestion.pk}"
    assert link in page
    coordinator_client.post(link, {"category": "app_wish", "text": "Wunsch aus dem Arbeitskreis"})
    assert Feedback.objects.get().suggestion == suggestion
    page = coordinator_client.get(url("findings:suggestions", world.group)).content.decode()
    assert "Wunsch aus dem Arbeitskreis" in page


@pytest.mark.parametrize("source", ["finding", "suggestion", "minutes"])
def test_an_item_of_another_group_is_not_found_and_nothing_is_stored(world, coordinator_client, source):
    other = {
        "finding": lambda: FindingFactory(working_group=world.other_group).pk,
        "suggestion": lambda: SuggestionFactory(participant__working_group=world.other_group).pk,
        "minutes": lambda: minutes_in(world.other_group, MinutesStatus.DRAFT).meeting.pk,
    }[source]()
    link = url("feedback:create", world.group) + f"?{source}={other}"
    before = database_rows()
    assert coordinator_client.get(link).status_code == 404
    assert coordinator_client.post(link, {"category": "bug", "text": "x", "part": "decision:0"}).status_code == 404
    for bad in ("abc", "-1", "1e3", "9" * 30):
        assert coordinator_client.get(url("feedback:create", world.group) + f"?{source}={bad}").status_code == 404
    assert database_rows() == before


def test_observers_read_the_feedback_but_pass_nothing_on(world, observer_client):
    finding = FindingFactory(working_group=world.group)
    pass_on(world.group, finding=finding, by=world.coordinator, text="Fehler beim Export")
    page = observer_client.get(url("findings:detail", world.group, pk=finding.pk)).content.decode()
    assert "Fehler beim Export" in page and url("feedback:create", world.group) not in page
    assert "Fehler beim Export" in observer_client.get(url("feedback:list", world.group)).content.decode()


def test_staff_answer_in_the_inbox_and_the_coordinator_gets_the_reply(world, client, commit):
    world.coordinator.first_name = "Sabine"
    world.coordinator.save()
    finding = FindingFactory(working_group=world.group, title="Umlaute")
    feedback = pass_on(world.group, finding=finding, by=world.coordinator, text=hostile("feedback.text"))
    client.force_login(world.staff)
    inbox = client.get(reverse("networks:inbox")).content.decode()
    assert escape(hostile("feedback.text"))[:60] in inbox and "Landkreis Karlsruhe" in inbox
    mail.outbox.clear()
    reply = hostile("feedback.reply")
    with commit():
        response = client.post(
            reverse("networks:inbox-item", kwargs={"pk": feedback.pk}), {"status": "in_progress", "reply": reply}
        )
    assert response["Location"] == reverse("networks:inbox")
    feedback.refresh_from_db()
    assert (feedback.status, feedback.reply, feedback.replied_by) == ("in_progress", reply, world.staff)
    (message,) = mail.outbox
    assert message.to == [world.coordinator.email]
    assert reply in mail_text(message) and hostile("feedback.text") in mail_text(message)
    body = mail_html(message)
    assert escape(reply) in body and "<script>alert(1)" not in body
    assert url("findings:detail", world.group, pk=finding.pk) in mail_text(message)
    # Only the status changes: no second mail.
    with commit():
        client.post(reverse("networks:inbox-item", kwargs={"pk": feedback.pk}), {"status": "done", "reply": reply})
    assert len(mail.outbox) == 1
    client.force_login(world.coordinator)
    page = client.get(url("findings:detail", world.group, pk=finding.pk)).content.decode()
    assert escape(reply) in page and "erledigt" in page


def test_the_inbox_filters_by_status_state_and_kind(world, client):
    pass_on(world.group, text="Aus Karlsruhe")
    bielefeld = pass_on(world.other_group, text="Aus Bielefeld")
    bielefeld.status = FeedbackStatus.DONE
    bielefeld.save()
    client.force_login(world.staff)
    content = client.get(reverse("networks:inbox"), {"state": "NW"}).content.decode()
    assert "Aus Bielefeld" in content and "Aus Karlsruhe" not in content
    content = client.get(reverse("networks:inbox"), {"status": "new"}).content.decode()
    assert "Aus Karlsruhe" in content and "Aus Bielefeld" not in content
    content = client.get(reverse("networks:inbox"), {"category": "bug"}).content.decode()
    assert "Kein Feedback passt zu den Filtern." in content
    assert client.get(reverse("networks:inbox"), {"state": "XX", "page": "abc"}).status_code == 200


def _feedback_of_many_municipalities(count):
    for index in range(count):
        group = WorkingGroupFactory(municipality=MunicipalityFactory(name=f"Gemeinde {index:03}", state=State.BY))
        coordinator = GroupRoleFactory(working_group=group).user
        pass_on(group, finding=FindingFactory(working_group=group), by=coordinator)
        pass_on(group, suggestion=SuggestionFactory(participant__working_group=group), by=coordinator)


@pytest.mark.parametrize("count", [10, 100])
def test_the_inbox_takes_the_same_queries_for_10_and_100_municipalities(
    world, client, django_assert_num_queries, count
):
    _feedback_of_many_municipalities(count)
    client.force_login(world.staff)
    # session, user, the page of feedback (with group, municipality, source and people), its count, the status counts
    with django_assert_num_queries(5):
        response = client.get(reverse("networks:inbox"))
    assert len(response.context["items"]) == min(2 * count, 25)
    assert response.context["page"].paginator.count == 2 * count
    assert Suggestion.objects.count() == count
