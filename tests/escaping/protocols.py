"""Escaping registry of the minutes (protocols): pages, PDFs, the mail of the review, the participant's view."""

from tests.escaping import ACTION, NoUserText, Shows, group_kwargs
from tests.escaping.members import NAMES

RECORD = ("note.text", "answer.text", "decision.text", "attendance.guest_name", "attendance.guest_organization")


def past(h):
    return {**group_kwargs(h), "pk": h.past.pk}


def version(h):
    return {**past(h), "number": 1}


PAGES = {
    "minutes:list": Shows(group_kwargs, ("meeting.title",)),
    "minutes:archive": NoUserText("a ZIP of the approved PDFs, each checked as minutes:version-pdf"),
    "minutes:detail": Shows(
        past,
        (*RECORD, *NAMES, "meeting.title", "item.title", "question.text", "comment.text", "minutes.correction_reason"),
    ),
    "minutes:edit": Shows(past, (*RECORD, *NAMES, "item.title", "question.text", "meeting.title")),
    "minutes:review": Shows(past, ("meeting.title", "group.name", *NAMES), kind="mail"),
    "minutes:approve": ACTION,
    "minutes:correct": ACTION,
    "minutes:send": NoUserText(
        "mails the approved PDF (checked as minutes:version-pdf) with the text of minutes:review"
    ),
    "minutes:pdf": Shows(past, (*RECORD, "meeting.title", "item.title", "minutes.correction_reason"), kind="pdf"),
    "minutes:version": Shows(version, (*RECORD, *NAMES, "meeting.title", "item.title", "question.text")),
    "minutes:version-pdf": Shows(version, (*RECORD, "meeting.title", "item.title"), kind="pdf"),
    "minutes:diff": Shows(version, ("note.text", "decision.text", "meeting.title")),
    "protocols:year": NoUserText("a ZIP of the approved PDFs, each checked as minutes:version-pdf"),
    "personal:minutes": Shows(lambda h: {"pk": h.past.pk}, (*RECORD, "meeting.title", "item.title"), as_="participant"),
    "personal:minutes-pdf": Shows(
        lambda h: {"pk": h.past.pk}, (*RECORD, "meeting.title"), as_="participant", kind="pdf"
    ),
}
