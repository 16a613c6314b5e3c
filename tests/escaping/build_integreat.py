"""The Integreat part of the escaping build (tests/escaping/build.py): what the API sends is text from outside, and
the upload is how a user brings it in. A snapshot whose region name, a language name, a page title, a page address
and a page path are hostile is uploaded through the form; a top-level page is put in the group's own (hostile)
area; in the meeting a page is marked with a hostile note."""

import copy
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from arbeitskreis.models import Municipality
from integreat.models import ValidationItem
from tests.escaping import FIELDS
from tests.integreat.api import demo_answers

SLUG = "landkreis-karlsruhe"


def v(key):
    return FIELDS[key].value


def _post(client, name, group, data, **kwargs):
    response = client.post(reverse(name, kwargs={**group.url_kwargs(), **kwargs}), data)
    assert response.status_code == 302, response.context["form"].errors.as_json() if response.context else response
    return response


def hostile_answers():
    regions, pages = copy.deepcopy(demo_answers(SLUG))
    regions[0]["name"] = v("iregion.name")
    regions[0]["languages"].append({"id": 99, "code": "kmr", "bcp47_tag": "kmr", "native_name": v("iregion.languages")})
    top, child = pages["de"][0], pages["de"][1]
    top["title"], top["url"] = v("ipage.title"), v("ipage.url")
    child["path"] = f"/{SLUG}/de/{v('ipage.key')}/"
    return regions, {**pages, "kmr": []}


def upload_snapshot(h):
    """Before the participant's suggestions, which name the hostile page."""
    Municipality.objects.filter(pk=h.group.municipality_id).update(integreat_region_slug=SLUG)  # staff, admin
    h.group.municipality.refresh_from_db()
    regions, pages = hostile_answers()
    files = [SimpleUploadedFile(f"pages-{code}.json", json.dumps(data).encode()) for code, data in pages.items()]
    _post(
        h.coordinator,
        "integreat:upload",
        h.group,
        {"regions": SimpleUploadedFile("regions.json", json.dumps(regions).encode()), "pages": files},
    )
    _post(h.coordinator, "integreat:areas", h.group, {"top_0": h.area.pk})


def check_pages(h):
    """At the end: the hostile area on the meeting's checklist, the hostile page marked with a hostile note."""
    _post(h.coordinator, "integreat:validation-add-areas", h.group, {"areas": [h.area.pk]}, pk=h.meeting.pk)
    item = ValidationItem.objects.get(meeting=h.meeting, title=v("ipage.title"))
    data = {"item": item.pk, f"item{item.pk}-result": "outdated", f"item{item.pk}-note": v("vitem.note")}
    data[f"item{item.pk}-responsible"] = f"p:{h.participant.pk}"
    _post(h.coordinator, "integreat:validation", h.group, data, pk=h.meeting.pk)
    # The page with the hostile path is offered again once it is off the list (the form's values are paths).
    other = ValidationItem.objects.get(meeting=h.meeting, page_key__contains=v("ipage.key"))
    _post(h.coordinator, "integreat:validation-remove", h.group, {}, pk=h.meeting.pk, item_pk=other.pk)
