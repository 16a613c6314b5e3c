"""The demo data: a snapshot of both demo regions and the validated area "Arbeit"; running it twice adds nothing."""

from django.core.management import call_command

from findings.models import Finding
from integreat.models import Page, PageCheck, Region, ValidationItem


def test_seed_demo_loads_both_regions_and_one_validated_area(db):
    call_command("seed_demo")
    regions = {region.municipality.slug: region for region in Region.objects.select_related("municipality")}
    assert set(regions) == {"landkreis-karlsruhe", "bielefeld"}
    for region in regions.values():
        assert region.has_snapshot and region.page_count == 44 == region.pages.count()
        pages = list(region.pages.all())
        assert any(len(page.language_codes) == len(region.languages) for page in pages), "fully translated pages"
        assert any(len(page.language_codes) <= 3 for page in pages), "pages with few translations"
        assert any(page.stale_languages for page in pages), "translations older than the German text"
        years = {page.last_updated.year for page in pages}
        assert len(years) >= 3, "old and new pages"
    items = ValidationItem.objects.filter(meeting__working_group__municipality__slug="landkreis-karlsruhe")
    assert {item.content_area.name for item in items} == {"Arbeit"}
    assert set(items.values_list("result", flat=True)) == {"checked", "outdated", "missing_translation"}
    checked_in = items.first().meeting
    assert checked_in.status == "held"
    assert {check.checked_at for check in PageCheck.objects.all()} == {checked_in.end}
    gaps = Finding.objects.filter(validation_item__isnull=False).order_by("title")
    assert list(gaps.values_list("title", "kind")) == [
        ("Veraltet: Minijob", "outdated"),
        ("Übersetzung fehlt: Anerkennung von Abschlüssen", "missing_translation"),
    ]
    counts = (Page.objects.count(), ValidationItem.objects.count(), Finding.objects.count(), PageCheck.objects.count())
    call_command("seed_demo")
    assert (
        Page.objects.count(),
        ValidationItem.objects.count(),
        Finding.objects.count(),
        PageCheck.objects.count(),
    ) == (counts)
