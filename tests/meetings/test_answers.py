"""Answers on the web: the link from the mail preselects, only the button records; the coordinator sees the answers."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arbeitskreis.access import PARTICIPANT_COOKIE
from meetings.models import Answer, AnswerSource, Invitation, MeetingStatus
from tests.meetings.factories import InvitationFactory, MeetingFactory
from tests.meetings.helpers import url
from tests.members.factories import ParticipantFactory
from tests.personal import open_personal_link


@pytest.fixture
def invitation(world):
    meeting = MeetingFactory(working_group=world.group, title="Herbsttreffen", status=MeetingStatus.INVITED)
    return InvitationFactory(meeting=meeting, participant__given_name="Ana", participant__family_name="Popescu")


def answer_page(invitation):
    return reverse("personal:meeting", kwargs={"pk": invitation.meeting.pk})


def test_the_link_preselects_the_answer_and_records_nothing(client, invitation):
    """Mail scanners open every link, some run JavaScript: a GET shows the choice, it never records it."""
    open_personal_link(client, invitation.participant, f"meetings/{invitation.meeting.pk}/?answer=declined")
    response = client.get(answer_page(invitation) + "?answer=declined")
    page = response.content.decode()
    assert 'value="declined" class="form-check-input" id="id_answer_2" required checked' in page or (
        'value="declined"' in page and "checked" in page.split('value="declined"')[1][:80]
    )
    assert "Bitte bestätigen Sie Ihre Antwort mit der Schaltfläche unten." in page
    assert "<script" not in page.split("<main")[1].split("</main>")[0]  # no page submits itself
    invitation.refresh_from_db()
    assert invitation.answer == Answer.NEEDS_ACTION and invitation.answered_at is None


def test_the_button_records_the_answer_with_a_comment_and_it_can_change(client, invitation):
    open_personal_link(client, invitation.participant)
    response = client.post(answer_page(invitation), {"answer": "accepted", "comment": "komme später"}, follow=True)
    assert "Vielen Dank, Ihre Antwort wurde gespeichert." in response.content.decode()
    invitation.refresh_from_db()
    assert (invitation.answer, invitation.comment, invitation.answer_source) == ("accepted", "komme später", "web")
    first = invitation.answered_at
    client.post(answer_page(invitation), {"answer": "declined", "comment": ""})
    invitation.refresh_from_db()
    assert invitation.answer == Answer.DECLINED and invitation.comment == "" and invitation.answered_at >= first
    page = client.get(reverse("personal:page")).content.decode()
    assert "Herbsttreffen" in page and "abgesagt" in page and "Antwort ändern" in page


@pytest.mark.parametrize(
    "data", [{}, {"answer": "maybe"}, {"answer": "needs_action"}, {"answer": "accepted", "comment": "x" * 501}]
)
def test_bad_answers_are_refused_next_to_the_field(client, invitation, data):
    open_personal_link(client, invitation.participant)
    response = client.post(answer_page(invitation), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "invalid-feedback" in page
    invitation.refresh_from_db()
    assert invitation.answer == Answer.NEEDS_ACTION and invitation.comment == ""


def test_after_the_start_the_answer_cannot_change(client, world, invitation):
    meeting = invitation.meeting
    meeting.start = timezone.now() - datetime.timedelta(minutes=10)
    meeting.end = timezone.now() + datetime.timedelta(minutes=80)
    meeting.save()
    open_personal_link(client, invitation.participant)
    page = client.get(answer_page(invitation)).content.decode()
    assert "Das Treffen hat begonnen oder wurde abgesagt: Die Antwort kann nicht mehr geändert werden." in page
    assert "Meine Antwort speichern" not in page
    response = client.post(answer_page(invitation), {"answer": "accepted"})
    assert "Die Antwort kann nicht mehr geändert werden." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.answer == Answer.NEEDS_ACTION


def test_someone_without_email_answers_through_the_link_of_a_printed_letter(client, world, invitation):
    person = ParticipantFactory(working_group=world.group, email="", family_name="Ohnemail")
    open_personal_link(client, person, f"meetings/{invitation.meeting.pk}/")
    client.post(answer_page(invitation), {"answer": "tentative"})
    stored = Invitation.objects.get(participant=person)
    assert stored.answer == Answer.TENTATIVE and stored.sent_at is None


def test_a_meeting_of_another_group_or_a_planned_one_is_not_found(client, world, invitation):
    other = MeetingFactory(working_group=world.other_group, status=MeetingStatus.INVITED)
    planned = MeetingFactory(working_group=world.group, status=MeetingStatus.PLANNED)
    open_personal_link(client, invitation.participant)
    for meeting in (other, planned):
        address = reverse("personal:meeting", kwargs={"pk": meeting.pk})
        assert client.get(address).status_code == 404
        assert client.post(address, {"answer": "accepted"}).status_code == 404
    assert not Invitation.objects.filter(meeting__in=[other, planned]).exists()


def test_the_coordinator_sees_answers_with_comments_and_counts(coordinator_client, world, invitation):
    InvitationFactory(meeting=invitation.meeting, answer="declined", comment="Urlaub")
    InvitationFactory(meeting=invitation.meeting, answer="tentative")
    Invitation.objects.filter(pk=invitation.pk).update(answer="accepted", comment="komme später")
    page = coordinator_client.get(url("meetings:invitations", world.group, pk=invitation.meeting.pk)).content.decode()
    assert "komme später" in page and "Urlaub" in page
    assert page.count('class="badge text-bg-success">1<') == 1
    listing = coordinator_client.get(url("meetings:list", world.group)).content.decode()
    assert "1 zugesagt · 1 vielleicht · 1 abgesagt · 0 offen" in listing
    detail = coordinator_client.get(invitation.meeting.get_absolute_url()).content.decode()
    assert "1 zugesagt · 1 vielleicht · 1 abgesagt · 0 offen" in detail


def test_the_coordinator_enters_an_answer_given_by_phone(coordinator_client, world, invitation):
    address = url("meetings:invitation-answer", world.group, pk=invitation.meeting.pk, invitation_pk=invitation.pk)
    coordinator_client.post(address, {"answer": "accepted", "comment": "per Telefon"})
    invitation.refresh_from_db()
    assert (invitation.answer, invitation.answer_source, invitation.comment) == (
        Answer.ACCEPTED,
        AnswerSource.COORDINATION,
        "per Telefon",
    )


@pytest.mark.parametrize("count", [2, 40])
def test_the_invitations_page_has_a_constant_number_of_queries(
    coordinator_client, world, django_assert_num_queries, count
):
    meeting = MeetingFactory(working_group=world.group, status=MeetingStatus.INVITED)
    InvitationFactory.create_batch(count, meeting=meeting, answer="accepted")
    ParticipantFactory.create_batch(count, working_group=world.group, consent_given_at=datetime.date(2025, 1, 1))
    # session, user, group with the role, meeting, focus questions, invitations, their mails, active participants,
    # the not invited ones for the form
    with django_assert_num_queries(9):
        response = coordinator_client.get(url("meetings:invitations", world.group, pk=meeting.pk))
    assert len(response.context["overview"].invitations) == count


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: SQLite lets one writer in at a time")
@pytest.mark.django_db(transaction=True)
def test_fifty_people_pressing_the_same_button_at_once_leave_one_answer(world):
    """50 concurrent POSTs of the same answer (a double click multiplied), each request in its own thread with its
    own database connection: no error, one invitation, one answer."""
    meeting = MeetingFactory(working_group=world.group, status=MeetingStatus.INVITED)
    person = ParticipantFactory(working_group=world.group, consent_given_at=datetime.date(2025, 1, 1))
    opener = Client()
    open_personal_link(opener, person)
    cookie = opener.cookies[PARTICIPANT_COOKIE].value
    barrier = threading.Barrier(50)
    statuses, errors = [], []

    def answer():
        client = Client()
        client.cookies[PARTICIPANT_COOKIE] = cookie
        try:
            barrier.wait()
            response = client.post(answer_page_of(meeting), {"answer": "accepted", "comment": "bis gleich"})
            statuses.append(response.status_code)
        except Exception as error:  # noqa: BLE001 — collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=answer) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and statuses == [302] * 50
    (stored,) = Invitation.objects.filter(meeting=meeting, participant=person)
    assert stored.answer == Answer.ACCEPTED and stored.comment == "bis gleich"


def answer_page_of(meeting):
    return reverse("personal:meeting", kwargs={"pk": meeting.pk})
