"""queue_mail: what is stored, when sending is enqueued, what is refused, and "sending twice sends once"."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail as django_mail
from django.db import transaction

from outbox import services
from outbox.models import CalendarMethod, MailStatus, OutboxAttachment, OutboxMail
from tests.factories import UserFactory
from tests.outbox.factories import PDF, calendar_data

pytestmark = pytest.mark.django_db


def queue(**kwargs):
    values = {"to": "person@example.org", "subject": "Erinnerung", "text": "Guten Tag"}
    return services.queue_mail(**{**values, **kwargs})


def test_a_mail_is_stored_with_everything_needed_to_send_it_later(dummy_tasks, django_capture_on_commit_callbacks):
    about = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        mail = queue(
            html="<p>Guten Tag</p>",
            calendar=calendar_data("CANCEL"),
            attachments=[("protokoll.pdf", PDF, "application/pdf")],
            reply_to="organisation@example.org",
            about=about,
            kind="cancellation",
            language="en",
        )
        assert dummy_tasks.results == []  # nothing before the commit

    mail = OutboxMail.objects.get(pk=mail.pk)
    assert (mail.status, mail.attempts, mail.kind, mail.language) == (MailStatus.QUEUED, 0, "cancellation", "en")
    assert mail.calendar_method == CalendarMethod.CANCEL
    assert "METHOD:CANCEL" in mail.calendar
    assert mail.reply_to == ["organisation@example.org"]
    assert mail.from_address == "Arbeitskreis <arbeitskreis@localhost>"
    assert (mail.content_type, mail.object_id, mail.about) == (
        ContentType.objects.get_for_model(about),
        about.pk,
        about,
    )
    [attachment] = mail.attachments.all()
    assert (attachment.filename, attachment.mimetype, bytes(attachment.content)) == (
        "protokoll.pdf",
        "application/pdf",
        PDF,
    )
    [task] = dummy_tasks.results
    assert (task.task.name, task.kwargs, task.task.run_after) == ("deliver_mail", {"mail_id": mail.pk}, None)


def test_a_rolled_back_change_queues_and_enqueues_nothing(dummy_tasks, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue(attachments=[("a.pdf", PDF, "application/pdf")])
        raise RuntimeError("the change failed")

    assert callbacks == []
    assert not OutboxMail.objects.exists()
    assert not OutboxAttachment.objects.exists()
    assert dummy_tasks.results == []


def test_with_the_immediate_backend_the_mail_is_sent_right_after_the_commit(django_capture_on_commit_callbacks):
    """The `make run` path: no worker, mail to the console backend (locmem in tests) once the change commits."""
    with django_capture_on_commit_callbacks(execute=True):
        mail = queue(subject="Einladung für Frau Müller")
        assert django_mail.outbox == []

    [sent] = django_mail.outbox
    assert sent.subject == "Einladung für Frau Müller"
    assert sent.extra_headers["Message-ID"] == mail.message_id
    assert OutboxMail.objects.get(pk=mail.pk).status == MailStatus.SENT


def test_the_same_dedupe_key_twice_stores_and_sends_one_mail(dummy_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = queue(dedupe_key="invitation:42:participant:7:sequence:0")
        second = queue(dedupe_key="invitation:42:participant:7:sequence:0", subject="anders")
        other = queue(dedupe_key="invitation:42:participant:7:sequence:1")

    assert second.pk == first.pk
    assert second.subject == "Erinnerung"
    assert OutboxMail.objects.count() == 2
    assert [task.kwargs["mail_id"] for task in dummy_tasks.results] == [first.pk, other.pk]


def test_mails_without_dedupe_key_are_all_queued(dummy_tasks):
    queue()
    queue()
    assert OutboxMail.objects.count() == 2
    assert OutboxMail.objects.values("message_id").distinct().count() == 2


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"to": "keine-adresse"}, "not an email address"),
        ({"to": "a@example.org\nBcc: b@example.org"}, "line breaks"),
        ({"subject": "Hallo\r\nBcc: b@example.org"}, "line breaks"),
        ({"reply_to": ["kaputt"]}, "not an email address"),
        ({"calendar": calendar_data(method="")}, "needs a METHOD"),
        ({"calendar": calendar_data("REQUEST"), "calendar_method": "CANCEL"}, "differs from the data's METHOD"),
        ({"calendar_method": "REQUEST"}, "needs a METHOD"),
        ({"calendar": calendar_data("REPLY")}, "needs a METHOD"),
    ],
)
def test_bad_input_is_refused_before_anything_is_stored(dummy_tasks, kwargs, message):
    with pytest.raises(ValueError, match=message):
        queue(**kwargs)
    assert not OutboxMail.objects.exists()


def test_the_calendar_method_is_taken_from_the_data(dummy_tasks):
    mail = queue(calendar=calendar_data("PUBLISH").decode())
    assert mail.calendar_method == CalendarMethod.PUBLISH
