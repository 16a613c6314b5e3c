"""Escaping registry of the minutes app: the measures register, a measure, its exports; the printed documents."""

from tests.escaping import ACTION, Shows, group_kwargs
from tests.escaping.core import USER
from tests.escaping.members import NAMES

MEASURE = ("measure.title", "measure.description", "measure.funding_source")
# What the register's filters and the form's dropdowns offer.
CHOICES = ("meeting.title", *NAMES, "org.name")


def measure(h):
    return {**group_kwargs(h), "pk": h.measure.pk}


def meeting(h):
    return {**group_kwargs(h), "pk": h.meeting.pk}


PAGES = {
    "minutes:measures": Shows(group_kwargs, ("measure.title", "measure.funding_source", *CHOICES)),
    "minutes:measure-create": Shows(group_kwargs, CHOICES),
    "minutes:measures-export-csv": Shows(group_kwargs, (*MEASURE, "meeting.title", *NAMES), kind="csv"),
    "minutes:measures-export-xlsx": Shows(group_kwargs, (*MEASURE, "meeting.title", *NAMES), kind="xlsx"),
    "minutes:measure-detail": Shows(measure, (*MEASURE, "meeting.title", *NAMES, "org.name", *USER)),
    "minutes:measure-edit": Shows(measure, (*MEASURE, *CHOICES)),
    "minutes:measure-transition": ACTION,
    # The PDFs: the typed text printed as text (never read as markup), found in the extracted text.
    "minutes:letters": Shows(
        meeting,
        (*NAMES, "org.name", "meeting.title", "meeting.place", "item.title", "question.text"),
        kind="pdf",  # the letters of everyone without email: the second hostile participant
    ),
    "minutes:attendance-sheet": Shows(meeting, (*NAMES, "org.name", "meeting.title", "meeting.place"), kind="pdf"),
}
