"""The demo data: 30–50 findings per group with history, spread over meetings; running it twice changes nothing."""

from django.core.management import call_command

from findings.impact import impact
from findings.models import Finding, FindingEvent, Suggestion


def test_seed_demo_creates_findings_once(db):
    call_command("seed_demo")
    counts = (Finding.objects.count(), FindingEvent.objects.count(), Suggestion.objects.count())
    call_command("seed_demo")
    assert (Finding.objects.count(), FindingEvent.objects.count(), Suggestion.objects.count()) == counts
    for slug in ("landkreis-karlsruhe", "bielefeld"):
        findings = Finding.objects.filter(working_group__municipality__slug=slug)
        assert 30 <= findings.count() <= 50
        assert set(findings.values_list("status", flat=True)) == {"open", "in_progress", "resolved", "rejected"}
        assert findings.overdue().exists()
        assert findings.filter(raised_in_meeting__isnull=False).exists()
        assert findings.values("content_area").distinct().count() >= 8
        figures = impact(findings)
        assert len(figures["by_language"]) >= 8
        assert figures["median_days"] is not None
        assert Suggestion.objects.filter(working_group__municipality__slug=slug, status="pending").count() == 3
    states = set(Finding.objects.values_list("working_group__municipality__state", flat=True))
    assert states == {"BW", "NW"}


def test_seed_demo_restores_missing_global_areas(db):
    from findings.models import ContentArea

    ContentArea.objects.filter(working_group=None).delete()  # as after a flush of a test database
    call_command("seed_demo")
    assert ContentArea.objects.filter(working_group=None).count() == 12
    assert not Finding.objects.filter(content_area=None).exists()
