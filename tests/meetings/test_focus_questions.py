"""The focus question library and the group's own questions."""

from django.urls import reverse

from meetings.models import FocusQuestion
from tests.meetings.factories import FocusQuestionFactory, MeetingFactory


def list_url(group):
    return reverse("meetings:focus-questions", kwargs=group.url_kwargs())


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_the_library_holds_the_five_questions_of_the_source_material(db):
    texts = list(FocusQuestion.objects.filter(working_group=None).values_list("text", flat=True))
    assert len(texts) == 5
    assert texts[0].startswith("Wer genau ist unsere Zielgruppe")
    assert any("Multiplikator:in" in text for text in texts)
    assert any("regionale Marketing" in text for text in texts)
    assert any("Feedback aus der Zielgruppe" in text for text in texts)
    assert any("Fachwissen" in text for text in texts)


def test_coordinator_adds_and_deletes_an_own_question(coordinator_client, world):
    response = coordinator_client.post(
        list_url(world.group),
        {"text": "Wie erreichen wir Familien mit kleinen Kindern?", "description": ""},
        follow=True,
    )
    assert "Die Leitfrage wurde hinzugefügt." in messages_of(response)
    question = FocusQuestion.objects.get(working_group=world.group)
    assert "Wie erreichen wir Familien mit kleinen Kindern?" in response.content.decode()
    meeting = MeetingFactory(working_group=world.group, focus_questions=[question])
    response = coordinator_client.post(
        reverse("meetings:focus-question-delete", kwargs={**world.group.url_kwargs(), "question_pk": question.pk}),
        follow=True,
    )
    assert "Die Leitfrage wurde gelöscht." in messages_of(response)
    # A planned meeting loses the deleted question.
    assert not meeting.focus_questions.exists()


def test_a_question_of_a_held_meeting_cannot_be_deleted(coordinator_client, world):
    """Deleting must not rewrite the record of past meetings: refused with a German message, nothing changes."""
    import datetime

    from django.utils import timezone

    from tests.meetings.factories import at

    question = FocusQuestionFactory(working_group=world.group, text="Wie erreichen wir Familien?")
    for status in ("held", "minutes_approved"):
        meeting = MeetingFactory(
            working_group=world.group,
            title="Frühjahrstreffen",
            start=at(timezone.localdate() - datetime.timedelta(days=30)),
            status=status,
            focus_questions=[question],
        )
        response = coordinator_client.post(
            reverse("meetings:focus-question-delete", kwargs={**world.group.url_kwargs(), "question_pk": question.pk}),
            follow=True,
        )
        [message] = messages_of(response)
        assert "Frühjahrstreffen" in message and "kann nicht gelöscht werden" in message
        assert list(meeting.focus_questions.all()) == [question]
        meeting.delete()


def test_an_empty_question_is_refused(coordinator_client, world):
    response = coordinator_client.post(list_url(world.group), {"text": ""})
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert not FocusQuestion.objects.filter(working_group=world.group).exists()


def test_library_questions_cannot_be_deleted_by_a_group(coordinator_client, world):
    library = FocusQuestion.objects.filter(working_group=None).first()
    response = coordinator_client.post(
        reverse("meetings:focus-question-delete", kwargs={**world.group.url_kwargs(), "question_pk": library.pk})
    )
    assert response.status_code == 404
    assert FocusQuestion.objects.filter(pk=library.pk).exists()


def test_observers_read_without_the_form_and_other_groups_questions_stay_hidden(observer_client, world):
    FocusQuestionFactory(working_group=world.group, text="Unsere Frage?")
    FocusQuestionFactory(working_group=world.other_group, text="Bielefelder Frage?")
    content = observer_client.get(list_url(world.group)).content.decode()
    assert "Unsere Frage?" in content and "Bielefelder Frage?" not in content
    assert "Frage hinzufügen" not in content
    assert observer_client.post(list_url(world.group), {"text": "Gekapert?"}).status_code == 403
    assert not FocusQuestion.objects.filter(text="Gekapert?").exists()
