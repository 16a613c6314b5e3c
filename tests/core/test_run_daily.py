"""`manage.py run_daily`: the housekeeping steps in their order, each on its own (one failing leaves the others
done, and the exit status tells), and a second run the same day changes nothing."""

import datetime
import io
import logging

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from arbeitskreis.management.commands.run_daily import steps
from documents.models import RenderedDocument
from meetings.models import Invitation, MeetingStatus
from members import services as members_services
from members.models import Participant
from outbox.models import MailStatus, OutboxMail
from tests.meetings.factories import InvitationFactory, MeetingFactory
from tests.members.factories import ParticipantFactory
from tests.outbox.factories import OutboxMailFactory

CONSENT = datetime.date(2025, 1, 15)


@pytest.fixture
def due(world):
    """One thing for each step to do: a person who left years ago, a meeting in five days with an invited person,
    a mail sent 100 days ago and one sent yesterday, a PDF not downloaded for 40 days and one from today."""
    now = timezone.now()
    gone = ParticipantFactory(working_group=world.group, family_name="Längstweg", left_on=datetime.date(2020, 1, 31))
    meeting = MeetingFactory(
        working_group=world.group, status=MeetingStatus.INVITED, start=now + datetime.timedelta(days=5)
    )
    invitation = InvitationFactory(meeting=meeting, participant__consent_given_at=CONSENT)
    old_mail = OutboxMailFactory(status=MailStatus.SENT, sent_at=now - datetime.timedelta(days=100))
    recent_mail = OutboxMailFactory(status=MailStatus.SENT, sent_at=now - datetime.timedelta(days=1))
    for key, days in (("alt", 40), ("neu", 0)):
        when = now - datetime.timedelta(days=days)
        RenderedDocument.objects.create(
            key=key.ljust(64, "0"), renderer="r", content=b"%PDF", size=4, created_at=when, last_used_at=when
        )
    return {"gone": gone, "invitation": invitation, "old_mail": old_mail, "recent_mail": recent_mail}


def _state():
    return {
        "erased": sorted(Participant.objects.filter(erased_at__isnull=False).values_list("pk", flat=True)),
        "reminded": sorted(Invitation.objects.filter(reminded_at__isnull=False).values_list("pk", flat=True)),
        "reminders": OutboxMail.objects.filter(kind="reminder").count(),
        "mails": sorted(OutboxMail.objects.exclude(kind="reminder").values_list("pk", flat=True)),
        "pdfs": sorted(key[:3] for key in RenderedDocument.objects.values_list("key", flat=True)),
    }


def test_the_steps_run_in_the_documented_order(settings):
    settings.TASKS_BACKEND = "immediate"
    assert [name for name, _ in steps()] == [
        "sync_networks",
        "anonymise_participants",
        "send_reminders",
        "prune_outbox",
        "prune_documents",
    ]
    settings.TASKS_BACKEND = "database"  # the worker's task rows are pruned with the mails' retention
    assert ("prune_db_task_results", ["--min-age-days=90", "--queue-name=*"]) in steps()


def test_run_daily_does_every_step_once_and_a_second_run_nothing_more(world, due, caplog):
    out = io.StringIO()
    with caplog.at_level(logging.INFO, logger="arbeitskreis.daily"):
        call_command("run_daily", stdout=out)
    after_first = _state()
    assert after_first == {
        "erased": [due["gone"].pk],
        "reminded": [due["invitation"].pk],
        "reminders": 1,
        "mails": [due["recent_mail"].pk],
        "pdfs": [],  # the erasure empties the PDF cache (a protocol may show the name); see the next test for pruning
    }
    assert Participant.objects.get(pk=due["gone"].pk).family_name != "Längstweg"
    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == [name for name, _ in steps()]
    assert "1 reminder(s) queued." in out.getvalue()
    assert [record.getMessage().split()[2] for record in caplog.records] == [name for name, _ in steps()]

    call_command("run_daily", stdout=io.StringIO())
    assert _state() == after_first  # nobody reminded twice, nothing else to delete


def test_a_failing_step_leaves_the_others_done_and_fails_at_the_end(world, due, monkeypatch, caplog):
    def broken(**kwargs):
        raise RuntimeError("database hiccup")

    monkeypatch.setattr(members_services, "anonymise_left_participants", broken)
    err = io.StringIO()
    with caplog.at_level(logging.INFO, logger="arbeitskreis.daily"), pytest.raises(CommandError) as failure:
        call_command("run_daily", stdout=io.StringIO(), stderr=err)

    assert str(failure.value) == "1 Schritt fehlgeschlagen: anonymise_participants"
    state = _state()
    assert state["erased"] == []  # the failed step
    assert (state["reminders"], state["mails"], state["pdfs"]) == (1, [due["recent_mail"].pk], ["neu"])  # the rest
    (error,) = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert error.getMessage() == "daily step anonymise_participants failed"
    assert "RuntimeError: database hiccup" in caplog.text
    assert "anonymise_participants" in err.getvalue()
