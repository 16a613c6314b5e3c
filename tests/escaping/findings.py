"""Escaping registry of the findings app: the register, a gap, its exports, Wirkung, suggestions."""

from tests.escaping import ACTION, Shows, group_kwargs
from tests.escaping.core import USER
from tests.escaping.members import NAMES

FINDING = ("finding.title", "finding.description", "finding.integreat_url", "finding.resolution_note")
# What the register's filters and the form's dropdowns offer.
CHOICES = ("area.name", "meeting.title", *NAMES, "org.name")


def finding(h):
    return {**group_kwargs(h), "pk": h.finding.pk}


PAGES = {
    "findings:list": Shows(group_kwargs, ("finding.title", *CHOICES)),
    "findings:create": Shows(group_kwargs, CHOICES),
    "findings:export-csv": Shows(group_kwargs, (*FINDING, "area.name", "meeting.title", *NAMES), kind="csv"),
    "findings:export-xlsx": Shows(group_kwargs, (*FINDING, "area.name", "meeting.title", *NAMES), kind="xlsx"),
    "findings:impact": Shows(group_kwargs, ("group.name", "area.name", "iregion.languages")),
    "findings:areas": Shows(group_kwargs, ("area.name",)),
    "findings:suggestions": Shows(
        group_kwargs,
        (
            "suggestion.title",
            "suggestion.description",
            "suggestion.decline_note",
            "meeting.title",
            *NAMES,
            "ipage.title",
        ),
    ),
    "findings:suggestion-accept": ACTION,
    "findings:suggestion-decline": ACTION,
    "findings:detail": Shows(finding, (*FINDING, "area.name", "meeting.title", *NAMES, *USER)),
    "findings:edit": Shows(finding, (*FINDING[:3], *CHOICES)),
    "findings:transition": ACTION,
}
