"""Escaping registry of the Integreat content: the tree, coverage, content areas, upload, a meeting's checklist."""

from tests.escaping import ACTION, Shows, group_kwargs
from tests.escaping.members import NAMES

PAGE = ("ipage.title", "ipage.url")


def meeting(h):
    return {**group_kwargs(h), "pk": h.meeting.pk}


PAGES = {
    "integreat:tree": Shows(
        group_kwargs, (*PAGE, "iregion.name", "iregion.languages", "area.name", "municipality.name")
    ),
    "integreat:coverage": Shows(group_kwargs, ("iregion.languages", "area.name", "municipality.name")),
    "integreat:areas": Shows(group_kwargs, ("ipage.title", "area.name")),
    "integreat:fetch": ACTION,
    "integreat:upload": Shows(group_kwargs, ("group.name",)),
    # With the area picked for single pages: the paths of the pages not on the list are the checkboxes' values.
    "integreat:validation": Shows(
        meeting,
        (*PAGE, "ipage.key", "vitem.note", "area.name", "meeting.title", *NAMES, "org.name", "iregion.languages"),
        query=lambda h: {"area": h.area.pk},
    ),
    "integreat:validation-add-areas": ACTION,
    "integreat:validation-add-pages": ACTION,
    "integreat:validation-remove": ACTION,
}
