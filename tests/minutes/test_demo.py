"""The demo measures: budgets, funding sources, responsible people and organisations, done, dropped and overdue
ones decided in past meetings, on the follow-up of the upcoming meeting; idempotent."""

from io import StringIO

from django.core.management import call_command

from meetings import selectors as meeting_selectors
from minutes.models import Measure, MeasureEvent


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
