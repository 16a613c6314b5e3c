"""Writes of the snapshot: claiming a fetch (throttled per municipality), fetching, importing uploaded answers,
storing a complete snapshot or recording why there is none, and the group's content areas of top-level pages.

The rule: the snapshot in use changes only when a complete new one is stored, in one transaction with the region
row locked — every language fetched and checked first, nothing written while the network is talked to. A failed or
partial attempt writes its outcome (``Region.attempt_*``) and leaves the pages as they were. The checklist of a
meeting is written by ``integreat/validation.py``.
"""

import datetime
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from integreat import snapshot, tasks
from integreat.client import IntegreatClient
from integreat.models import AreaMapping, AttemptStatus, Page, Region, SnapshotSource
from integreat.problems import SnapshotProblem

logger = logging.getLogger(__name__)

# An attempt still "running" after this long was interrupted (its worker was stopped): it no longer blocks.
ATTEMPT_LEASE = datetime.timedelta(minutes=30)


class FetchRefused(ValidationError):
    """A fetch asked for too soon after the last one (or while one runs); the message says when to try again."""


def _locked_region(municipality) -> Region:
    """The municipality's region row, created when missing, locked until the transaction ends."""
    region, _created = Region.objects.get_or_create(municipality=municipality)
    return Region.objects.select_for_update().get(pk=region.pk)


def attempt_is_running(region, now=None) -> bool:
    now = now or timezone.now()
    return (
        region.attempt_status == AttemptStatus.RUNNING
        and region.attempt_started_at is not None
        and now - region.attempt_started_at < ATTEMPT_LEASE
    )


def next_fetch_at(region):
    """When the coordinators' button may fetch again (None: now)."""
    if region.attempt_source != SnapshotSource.API or region.attempt_started_at is None:
        return None
    return region.attempt_started_at + datetime.timedelta(minutes=settings.INTEGREAT_FETCH_INTERVAL_MINUTES)


def _claim(municipality, *, source, by, throttle, now=None) -> Region:
    now = now or timezone.now()
    region = _locked_region(municipality)
    if attempt_is_running(region, now):
        raise FetchRefused(_("The pages are being loaded right now. Please reload this page in a minute."))
    if throttle and (ready := next_fetch_at(region)) and ready > now:
        clock = formats.time_format(timezone.localtime(ready), "H:i")
        raise FetchRefused(
            _("The pages were loaded from Integreat a few minutes ago. You can load them again from %(time)s.")
            % {"time": clock}
        )
    region.attempt_started_at, region.attempt_finished_at = now, None
    region.attempt_source, region.attempt_status, region.attempt_by = source, AttemptStatus.RUNNING, by
    region.attempt_problem, region.attempt_details = "", {}
    region.save()
    return region


@transaction.atomic
def request_fetch(*, municipality, by) -> Region:
    """The coordinators' button: claim a fetch of the municipality's pages and run it in the background.

    Side effects: the region row (created if missing) is locked and marked as a running attempt by ``by``; after
    the commit the task ``integreat.tasks.fetch_pages`` is enqueued (with the immediate backend it runs at once).
    Raises :class:`FetchRefused` while an attempt runs and for ``INTEGREAT_FETCH_INTERVAL_MINUTES`` after the last
    fetch started, and ValidationError when the municipality has no Integreat region.
    """
    if not municipality.integreat_region_slug:
        raise ValidationError(_("No Integreat region is entered for this municipality."))
    region = _claim(municipality, source=SnapshotSource.API, by=by, throttle=True)
    transaction.on_commit(lambda: tasks.fetch_pages.enqueue(region_id=region.pk))
    return region


def fetch_now(*, municipality, by=None, client=None) -> Region:
    """Fetch and store at once, in this process (``manage.py fetch_integreat_pages``, a scheduler): not
    throttled, but never beside a running attempt (:class:`FetchRefused`). Side effects: those of :func:`run_fetch`."""
    with transaction.atomic():
        region = _claim(municipality, source=SnapshotSource.API, by=by, throttle=False)
    return run_fetch(region_id=region.pk, client=client)


def run_fetch(*, region_id, client=None) -> Region:
    """Fetch the regions, then the pages in every language of the region, and store the snapshot if all of it
    arrived and has the documented form; otherwise record why (the previous snapshot stays).

    Side effects: :func:`store_snapshot` or :func:`record_failure`; requests to ``INTEGREAT_API_URL``.
    """
    region = Region.objects.select_related("municipality", "attempt_by").get(pk=region_id)
    slug = region.municipality.integreat_region_slug
    try:
        if not slug:
            raise SnapshotProblem("no_region_slug")
        with client or IntegreatClient() as api:
            found = snapshot.find_region(api.regions(), slug)
            codes = [language["code"] for language in snapshot.region_languages(found, slug)]
            entries = {code: snapshot.entries(api.pages(slug, code), code) for code in codes}
        built = snapshot.build(found, entries, slug=slug)
    except SnapshotProblem as problem:
        return record_failure(region=region, problem=problem)
    except Exception as error:
        logger.exception("Fetching the Integreat pages of %s failed", slug)
        return record_failure(region=region, problem=SnapshotProblem("unexpected", detail=type(error).__name__))
    return store_snapshot(region=region, built=built, source=SnapshotSource.API, by=region.attempt_by)


def build_from_files(*, slug, regions_data, pages_files) -> snapshot.Snapshot:
    """A snapshot from uploaded answers: the regions answer and one pages answer per language, each language
    recognised from its pages' paths (or the file name). Raises SnapshotProblem."""
    if not slug:
        raise SnapshotProblem("no_region_slug")
    found = snapshot.find_region(regions_data, slug)
    codes = [language["code"] for language in snapshot.region_languages(found, slug)]
    entries = {}
    for filename, data in pages_files:
        code = snapshot.language_of_file(data, slug=slug, codes=codes, filename=filename)
        if code is None:
            raise SnapshotProblem("file_language", file=filename)
        if code not in codes:
            raise SnapshotProblem("file_language_unknown", file=filename, part=code)
        if code in entries:
            raise SnapshotProblem("file_twice", part=code)
        entries[code] = snapshot.entries(data, code)
    return snapshot.build(found, entries, slug=slug)


def import_files(*, municipality, data: dict, by) -> Region:
    """Take the snapshot from uploaded JSON answers (installations without internet access; the demo data).

    ``data``: ``regions`` (the parsed regions answer) and ``pages`` ([(file name, parsed pages answer)]).
    Side effects: the attempt is recorded on the region; a complete snapshot is stored (:func:`store_snapshot`),
    a problem recorded (:func:`record_failure`, the previous snapshot stays) and raised as SnapshotProblem.
    """
    with transaction.atomic():
        region = _claim(municipality, source=SnapshotSource.UPLOAD, by=by, throttle=False)
    try:
        built = build_from_files(
            slug=municipality.integreat_region_slug, regions_data=data["regions"], pages_files=data["pages"]
        )
    except SnapshotProblem as problem:
        record_failure(region=region, problem=problem)
        raise
    return store_snapshot(region=region, built=built, source=SnapshotSource.UPLOAD, by=by)


@transaction.atomic
def store_snapshot(*, region, built: snapshot.Snapshot, source, by=None) -> Region:
    """Replace the region's snapshot by ``built`` (complete), in one transaction.

    Side effects: the region row is locked; its pages are deleted and the new ones inserted; name, languages, time,
    source, page count and the attempt's success are saved. A reader sees the old tree or the new one, never a mix.
    """
    locked = Region.objects.select_for_update().get(pk=region.pk)
    now = timezone.now()
    locked.pages.all().delete()
    Page.objects.bulk_create(
        (
            Page(
                region=locked,
                key=row.key,
                integreat_id=row.integreat_id,
                position=row.position,
                depth=row.depth,
                parent_key=row.parent_key,
                top_key=row.top_key,
                title=row.title,
                url=row.url,
                last_updated=row.last_updated,
                languages=row.languages,
                stale_languages=row.stale_languages,
                translations=row.translations,
            )
            for row in built.pages
        ),
        batch_size=500,
    )
    locked.slug, locked.name, locked.languages = built.slug, built.name, built.languages
    locked.source_language, locked.page_count = built.source_language, len(built.pages)
    locked.taken_at, locked.taken_from, locked.taken_by = now, source, by
    locked.attempt_status, locked.attempt_finished_at = AttemptStatus.SUCCEEDED, now
    locked.attempt_problem, locked.attempt_details = "", {}
    locked.save()
    return locked


@transaction.atomic
def record_failure(*, region, problem: SnapshotProblem) -> Region:
    """Record why the attempt failed. Side effects: the region's attempt fields (failed, when, the problem's code
    and values); its snapshot and pages stay as they were."""
    locked = Region.objects.select_for_update().get(pk=region.pk)
    locked.attempt_status, locked.attempt_finished_at = AttemptStatus.FAILED, timezone.now()
    locked.attempt_problem, locked.attempt_details = problem.code, problem.details
    locked.save(update_fields=["attempt_status", "attempt_finished_at", "attempt_problem", "attempt_details"])
    logger.warning("Integreat snapshot of %s not taken: %s %s", locked.municipality_id, problem.code, problem.details)
    return locked


@transaction.atomic
def save_area_mapping(*, group, data: dict) -> int:
    """Store which content area each top-level page belongs to (``data["mapping"]``: {page path: area or None}).

    Side effects: one AreaMapping row per top-level page of the group (created or updated; None: "no area").
    Returns the number of pages whose area changed.
    """
    existing = {
        mapping.page_key: mapping for mapping in AreaMapping.objects.select_for_update().filter(working_group=group)
    }
    changed = 0
    for key, area in data["mapping"].items():
        mapping = existing.get(key)
        if mapping is None:
            AreaMapping.objects.create(working_group=group, page_key=key, content_area=area)
            changed += 1
        elif mapping.content_area_id != (area.pk if area else None):
            mapping.content_area = area
            mapping.save(update_fields=["content_area"])
            changed += 1
    return changed
