"""The demo minutes and measures: measures with budgets, funding sources, responsible people and organisations,
done, dropped and overdue ones decided in past meetings, on the follow-up of the upcoming meeting; minutes in two
versions and in review; idempotent."""

from io import StringIO

from django.core.management import call_command

from meetings import selectors as meeting_selectors
from minutes import selectors
from minutes.models import Measure, MeasureEvent, Minutes
from outbox.models import OutboxMail


def test_seed_demo_adds_measures_idempotently(db):
    call_command("seed_demo", stdout=StringIO())
    count, events = Measure.objects.count(), MeasureEvent.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert (Measure.objects.count(), MeasureEvent.objects.count()) == (count, events)
    for slug in ("landkreis-karlsruhe", "bielefeld"):
        measures = Measure.objects.filter(working_group__municipality__slug=slug)
        assert measures.count() >= 10
        assert measures.filter(status="done", done_on__isnull=False).exists()
        assert measures.filter(status="dropped").exists()
        assert measures.overdue().exists()
        assert measures.filter(budget__gt=0).exclude(funding_source="").count() >= 5
        assert {"Landesprogramm Integrationsmanagement", "Kommunaler Haushalt"} <= set(
            measures.values_list("funding_source", flat=True)
        )
        assert measures.filter(responsible_participant__isnull=False).exists()
        assert measures.filter(responsible_organization__isnull=False).exists()
        assert measures.filter(meeting__status__in=["held", "minutes_approved"]).count() >= 8
        upcoming = measures.first().working_group.meetings.order_by("-start").first()
        items = meeting_selectors.follow_up(upcoming)["action_items"]
        assert items and items.total == measures.open().count()


def test_seed_demo_writes_the_minutes_of_the_past_meetings_again_and_again(db):
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    for slug in ("landkreis-karlsruhe", "bielefeld"):
        minutes = Minutes.objects.filter(meeting__working_group__municipality__slug=slug)
        approved, in_review = minutes.get(status="approved"), minutes.get(status="in_review")
        # Approved in the next meeting, then corrected into a second version that was approved again.
        assert approved.version == 2 and approved.approved_in == in_review.meeting
        assert list(approved.versions.values_list("number", flat=True).order_by("number")) == [1, 2]
        assert approved.meeting.status == "minutes_approved" and in_review.meeting.status == "held"
        assert in_review.comments.count() == 1
        # Everyone's names in every script are in the protocol, and it lists the measures decided in its meeting.
        content = selectors.protocol(in_review.meeting, in_review)
        names = " ".join(row["name"] for row in content["attendance"])
        assert any("\u0600" <= char <= "\u06ff" for char in names)  # Arabic script (Arabic and Persian names)
        assert any("\u0400" <= char <= "\u04ff" for char in names)  # Cyrillic
        assert content["measures"] and content["decisions"] and all(row["notes"] for row in content["agenda"])
    # The demo's mails are marked as sent (the worker finds nothing; `make run` prints no mail).
    assert not OutboxMail.objects.filter(status="queued").exists()
    assert OutboxMail.objects.filter(kind="minutes-review", status="sent").exists()
