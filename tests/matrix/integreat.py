"""Matrix entries of the Integreat content: the tree and its pages, loading a snapshot, a meeting's checklist.

The group (and, for the other group's ids, the other group) gets its municipality's region and the demo snapshot, so
that every page shows what it shows in use; the fetch button never reaches a real server (tests/conftest.py points
INTEGREAT_API_URL at a closed port, and the task runs only after a commit).
"""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from findings.models import ContentArea
from integreat import validation
from integreat.models import Page, ValidationItem
from tests.integreat.api import demo_answers
from tests.integreat.conftest import load
from tests.matrix import READ, READ_ONLY_PAGE, WRITE_DONE, WRITE_PAGE, Case, group_kwargs
from tests.meetings.factories import MeetingFactory

REGIONS = {"landkreis-karlsruhe": "landkreis-karlsruhe", "bielefeld": "bielefeld"}


def _snapshot(group):
    municipality = group.municipality
    if not municipality.integreat_region_slug:
        municipality.integreat_region_slug = REGIONS.get(municipality.slug, "landkreis-karlsruhe")
        municipality.save()
        load(municipality)
    return municipality


def snapshot_kwargs(world, group, object_group):
    _snapshot(object_group)
    return group_kwargs(world, group, object_group)


def _wohnen():
    return ContentArea.objects.get(working_group=None, name="Wohnen")


def meeting_kwargs(world, group, object_group):
    _snapshot(object_group)
    meeting = MeetingFactory(working_group=object_group)
    validation.add_areas(meeting=meeting, data={"areas": [_wohnen()]})
    return {**group_kwargs(world, group, object_group), "pk": meeting.pk}


def item_kwargs(world, group, object_group):
    kwargs = meeting_kwargs(world, group, object_group)
    item = ValidationItem.objects.filter(meeting_id=kwargs["pk"]).order_by("position").last()
    return {**kwargs, "item_pk": item.pk}


def mark_data(world):
    item = ValidationItem.objects.order_by("-pk").first()  # of the meeting just made (the other group's, crossing)
    return {"item": item.pk, f"item{item.pk}-result": "checked", f"item{item.pk}-note": "Geprüft."}


def areas_data(world):
    return {"top_0": str(_wohnen().pk)}


def upload_data(world):
    regions, pages = demo_answers("landkreis-karlsruhe")
    return {
        "regions": SimpleUploadedFile("regions.json", json.dumps(regions).encode()),
        "pages": [SimpleUploadedFile(f"pages-{code}.json", json.dumps(data).encode()) for code, data in pages.items()],
    }


def add_pages_data(world):
    page = Page.objects.filter(title="Kaution").order_by("pk").first()
    return {"area": str(_wohnen().pk), "pages": [page.key]}


ENTRIES = {
    "integreat:tree": Case(kwargs=snapshot_kwargs, get=READ, post=READ_ONLY_PAGE),
    "integreat:coverage": Case(kwargs=snapshot_kwargs, get=READ, post=READ_ONLY_PAGE),
    "integreat:areas": Case(kwargs=snapshot_kwargs, get=READ, post=WRITE_DONE, post_data=areas_data),
    # The button: POST only, throttled per municipality (tests/integreat/test_views.py).
    "integreat:fetch": Case(kwargs=snapshot_kwargs, get=READ_ONLY_PAGE, post=WRITE_DONE),
    "integreat:upload": Case(kwargs=snapshot_kwargs, get=WRITE_PAGE, post=WRITE_DONE, post_data=upload_data),
    "integreat:validation": Case(
        kwargs=meeting_kwargs, get=READ, post=WRITE_DONE, post_data=mark_data, cross_objects=True
    ),
    "integreat:validation-add-areas": Case(
        kwargs=meeting_kwargs,
        get=READ_ONLY_PAGE,
        post=WRITE_DONE,
        post_data=lambda world: {"areas": [str(ContentArea.objects.get(working_group=None, name="Arbeit").pk)]},
        cross_objects=True,
    ),
    "integreat:validation-add-pages": Case(
        kwargs=meeting_kwargs, get=READ_ONLY_PAGE, post=WRITE_DONE, post_data=add_pages_data, cross_objects=True
    ),
    "integreat:validation-remove": Case(kwargs=item_kwargs, get=READ_ONLY_PAGE, post=WRITE_DONE, cross_objects=True),
}
