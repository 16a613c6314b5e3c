"""Recording a meeting on one page: attendance prefilled from the answers, guests, notes in safe Markdown, answers
to the focus questions, decisions — saved at once, never overwriting a colleague's save unnoticed."""

import pytest
from django.urls import reverse

from meetings.models import FocusQuestion, MeetingStatus
from minutes.models import Attendance, AttendanceStatus, Decision, ItemNote, Minutes
from tests.meetings.factories import InvitationFactory, MeetingFactory
from tests.meetings.helpers import messages_of
from tests.members.factories import ParticipantFactory
from tests.minutes.factories import held_meeting


def edit_url(meeting):
    return reverse("minutes:edit", kwargs={**meeting.working_group.url_kwargs(), "pk": meeting.pk})


def detail_url(meeting):
    return reverse("minutes:detail", kwargs={**meeting.working_group.url_kwargs(), "pk": meeting.pk})


@pytest.fixture
def meeting(world):
    meeting = held_meeting(world.group)
    meeting.focus_questions.set(FocusQuestion.objects.filter(working_group=None)[:1])
    return meeting


def form_data(meeting, **overrides):
    items = list(meeting.agenda_items.order_by("position"))
    data = {
        "revision": 0,
        "guests": "",
        "decisions": "",
        **{f"note_{item.pk}": "" for item in items},
        **{f"answer_{question.pk}": "" for question in meeting.focus_questions.all()},
    }
    for participant in meeting.working_group.participants.active():
        data[f"attendance_{participant.pk}"] = "absent"
    data.update(overrides)
    return data


def test_attendance_is_prefilled_from_the_answers_and_a_get_stores_nothing(coordinator_client, world, meeting):
    came = InvitationFactory(meeting=meeting, answer="accepted", participant__family_name="Haddad")
    declined = InvitationFactory(meeting=meeting, answer="declined", participant__family_name="Kovalenko")
    silent = ParticipantFactory(working_group=world.group, family_name="Öztürk")
    form = coordinator_client.get(edit_url(meeting)).context["form"]
    assert form[f"attendance_{came.participant.pk}"].initial == AttendanceStatus.PRESENT
    assert form[f"attendance_{declined.participant.pk}"].initial == AttendanceStatus.EXCUSED  # a decline: excused
    assert form[f"attendance_{silent.pk}"].initial == AttendanceStatus.ABSENT
    assert not Minutes.objects.exists() and not Attendance.objects.exists()


def test_everything_written_is_saved_at_once_and_shown(coordinator_client, world, meeting):
    person = ParticipantFactory(working_group=world.group, given_name="Олена", family_name="Шевченко")
    first, second = meeting.agenda_items.order_by("position")
    question = meeting.focus_questions.get()
    data = form_data(
        meeting,
        **{
            f"attendance_{person.pk}": "present",
            "guests": "Dr. Petra Schmidt; Jobcenter\nAna Popescu",
            f"note_{first.pk}": "Begrüßung durch **Frau Keller**.\n\n- Vorstellungsrunde",
            f"answer_{question.pk}": "Viele neue Familien aus der Ukraine.",
            "decisions": "Die Kita-Seite wird übersetzt.\n\nNächstes Treffen im Landratsamt.",
        },
    )
    response = coordinator_client.post(edit_url(meeting), data, follow=True)
    assert "Das Protokoll wurde gespeichert." in messages_of(response)
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.revision == 1
    assert Attendance.objects.get(participant=person).status == AttendanceStatus.PRESENT
    assert sorted(Attendance.objects.filter(participant=None).values_list("guest_name", "guest_organization")) == [
        ("Ana Popescu", ""),
        ("Dr. Petra Schmidt", "Jobcenter"),
    ]
    assert ItemNote.objects.get(agenda_item=first).text.startswith("Begrüßung durch **Frau Keller**")
    assert list(Decision.objects.values_list("text", flat=True)) == [
        "Die Kita-Seite wird übersetzt.",
        "Nächstes Treffen im Landratsamt.",
    ]
    page = coordinator_client.get(detail_url(meeting)).content.decode()
    assert "Begrüßung durch <strong>Frau Keller</strong>." in page and "<li>Vorstellungsrunde</li>" in page
    assert "Олена Шевченко" in page and "Dr. Petra Schmidt" in page and "Viele neue Familien aus der Ukraine." in page
    assert second.title in page and "Keine Notizen." in page


def test_a_colleagues_save_in_between_is_never_overwritten(coordinator_client, world, meeting):
    """Two coordinators open the page; the first saves; the second save is refused, their text kept in the form."""
    item = meeting.agenda_items.order_by("position").first()
    coordinator_client.post(edit_url(meeting), form_data(meeting, **{f"note_{item.pk}": "Zuerst gespeichert"}))
    late = form_data(meeting, revision=0, **{f"note_{item.pk}": "Mein längerer Text aus dem Treffen"})
    response = coordinator_client.post(edit_url(meeting), late)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Jemand anderes hat dieses Protokoll inzwischen gespeichert." in page
    assert "Mein längerer Text aus dem Treffen" in page  # nothing typed is lost
    assert ItemNote.objects.get(agenda_item=item).text == "Zuerst gespeichert"
    assert Minutes.objects.get().revision == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("guests", "x" * 201, "Bitte halten Sie Namen und Organisationen unter 200 Zeichen."),
        ("decisions", "y" * 2001, "Ein Beschluss darf höchstens 2000 Zeichen haben; bitte teilen Sie ihn auf."),
        ("revision", "abc", "Das Formular ist veraltet. Bitte laden Sie die Seite neu."),
    ],
)
def test_bad_input_gets_a_message_and_nothing_is_stored(coordinator_client, world, meeting, field, value, message):
    response = coordinator_client.post(edit_url(meeting), form_data(meeting, **{field: value}))
    assert response.status_code == 200 and message in response.content.decode()
    assert not Minutes.objects.exists() and not Attendance.objects.exists()


def test_notes_with_script_and_javascript_links_are_rendered_harmless(coordinator_client, world, meeting):
    item = meeting.agenda_items.order_by("position").first()
    hostile = "<script>alert(1)</script> [Klick](javascript:alert(2)) <img src=x onerror=alert(3)> **ok**"
    coordinator_client.post(edit_url(meeting), form_data(meeting, **{f"note_{item.pk}": hostile}))
    page = coordinator_client.get(detail_url(meeting)).content.decode()
    assert "<strong>ok</strong>" in page
    assert "<script>alert(1)" not in page and "javascript:alert" not in page and "onerror=alert" not in page
    assert ">Klick</a>" in page  # the link text stays, without an address


def test_a_meeting_that_has_not_begun_has_no_minutes_yet(coordinator_client, world):
    upcoming = MeetingFactory(working_group=world.group, status=MeetingStatus.INVITED)
    response = coordinator_client.get(edit_url(upcoming), follow=True)
    assert "Ein Protokoll kann geschrieben werden, sobald das Treffen begonnen hat." in messages_of(response)
    assert coordinator_client.post(edit_url(upcoming), form_data(upcoming)).status_code == 302
    assert not Minutes.objects.exists()


def test_an_observer_reads_but_does_not_write(observer_client, world, meeting):
    assert observer_client.get(detail_url(meeting)).status_code == 200
    assert observer_client.get(edit_url(meeting)).status_code == 403
    assert observer_client.post(edit_url(meeting), form_data(meeting)).status_code == 403
    assert not Minutes.objects.exists()


@pytest.mark.parametrize("items", [5, 40])
def test_the_pages_take_the_same_queries_for_any_number_of_agenda_items(
    coordinator_client, world, django_assert_num_queries, items
):
    meeting = held_meeting(world.group, items=[f"Punkt {n}" for n in range(items)])
    ParticipantFactory.create_batch(items // 5 + 1, working_group=world.group)
    coordinator_client.post(edit_url(meeting), form_data(meeting))
    # session, user, group with the role, meeting + focus questions, minutes, notes, answers, decisions, attendances,
    # agenda, measures, findings raised (+ the group's open findings for the hook's link), next meeting, versions,
    # comments, later meetings for the approval form, the pages validated in the meeting (integreat), the feedback
    # passed on to the Integreat team (networks)
    with django_assert_num_queries(20):
        assert coordinator_client.get(detail_url(meeting)).status_code == 200
    # session, user, group with the role, meeting + questions, minutes, agenda, attendance rows (3), notes, answers,
    # decisions and guests
    with django_assert_num_queries(14):
        assert coordinator_client.get(edit_url(meeting)).status_code == 200
