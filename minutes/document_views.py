"""The printed documents of a meeting as PDF: invitation letters and the attendance sheet.

Each view builds the HTML with ``minutes.letters``, gets the PDF from the content-keyed cache (rendered once per
content, on whichever app server) and serves it with ``PdfResponse``.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from arbeitskreis.access import group_view
from documents.cache import cached_pdf
from documents.responses import PdfResponse
from meetings import selectors as meeting_selectors
from minutes import letters as documents


def _meeting(group, pk):
    return get_object_or_404(meeting_selectors.meetings_for_page(group), pk=pk)


def _day(meeting):
    return formats.date_format(timezone.localtime(meeting.start), "SHORT_DATE_FORMAT")


@group_view
def letters(request, group, pk):
    """``?participant=<id>``: that person's letter; ``?blank=1``: one letter without a name; else a letter for every
    active participant without email — one document. The personal link (with its QR code) is printed only for
    those who may see the links (coordinators, staff); an observer's letters ask for an answer to the organiser."""
    meeting = _meeting(group, pk)
    participant = request.GET.get("participant", "")
    if request.GET.get("blank"):
        letters = [documents.Letter()]
        name = _("Invitation letter %(date)s") % {"date": _day(meeting)}
    else:
        if participant and not participant.isdigit():
            raise Http404
        people = documents.letter_recipients(group, participant_id=int(participant) if participant else None)
        if participant and not people:
            raise Http404
        letters = documents.letters_for(people, meeting, with_links=request.group_access.can_write)
        if len(people) == 1:
            name = _("Invitation %(date)s %(name)s") % {"date": _day(meeting), "name": people[0].display_name}
        else:
            name = _("Invitation letters %(date)s") % {"date": _day(meeting)}
        if not letters:
            letters = [documents.Letter()]  # nobody without email: one blank letter to copy
    html = documents.letters_html(meeting=meeting, letters=letters)
    return PdfResponse(cached_pdf(html), filename=f"{name}.pdf")


@group_view
def attendance_sheet(request, group, pk):
    meeting = _meeting(group, pk)
    html = documents.attendance_sheet_html(meeting=meeting, rows=documents.attendance_rows(meeting))
    name = _("Attendance sheet %(date)s") % {"date": _day(meeting)}
    return PdfResponse(cached_pdf(html), filename=f"{name}.pdf")
