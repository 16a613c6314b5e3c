"""The printed documents of a meeting: the invitation letter (Einladungsschreiben) with the agenda for people without
email, and the signable attendance sheet (Anwesenheitsliste).

Reads and HTML only: who gets a letter, who is on the sheet, the QR code of a personal link, and the document's HTML
(``templates/minutes/letters.html``, ``templates/minutes/attendance_sheet.html``, both extending
``documents/base.html``). The views turn the HTML into a PDF through ``documents.cache.cached_pdf``. Several letters
are one HTML document with page breaks — one render, one file to print.
"""

from dataclasses import dataclass

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from arbeitskreis import collation
from meetings import selectors as meeting_selectors
from meetings.models import Answer

# Empty rows of the attendance sheet for guests who were not invited.
GUEST_ROWS = 8


@dataclass(frozen=True)
class Letter:
    """One invitation letter: to a person (name and, where known, organisation as the address block) or blank."""

    name: str = ""
    organization: str = ""
    link: str = ""  # the personal link to the meeting's answer page; empty: no link printed
    qr: str = ""  # the link as a QR code (an SVG ``data:`` URI, nothing is fetched)


def qr_code(link: str) -> str:
    """The QR code of ``link`` as an SVG ``data:`` URI (error correction M: readable from a creased letter)."""
    return segno.make(link, error="m").svg_data_uri(scale=1, border=4)


def answer_link(participant, meeting) -> str:
    """The participant's personal link that opens the meeting's answer page, or "" when the link is switched off."""
    if not participant.token:
        return ""
    token = participant.token
    prefix = reverse("personal:entry", kwargs={"token": token}).removesuffix(f"{token}/")  # "/p/"
    rest = reverse("personal:meeting", kwargs={"pk": meeting.pk}).removeprefix(prefix)
    return settings.BASE_URL + reverse("personal:entry-path", kwargs={"token": token, "rest": rest})


def letter_recipients(group, *, participant_id=None):
    """Who gets a letter: one participant of the group (not erased), or every active participant without email —
    the people the invitations page lists as getting no email. In German order (one query)."""
    people = group.participants.not_erased().select_related("organization")
    people = people.filter(pk=participant_id) if participant_id is not None else people.active().filter(email="")
    return list(people.order_by(*collation.german("family_name", "given_name", "pk")))


def letters_for(people, meeting, *, with_links: bool) -> list[Letter]:
    """A letter per person; ``with_links``: their personal link and its QR code printed (only for those who may see
    the links: coordinators and staff)."""
    letters = []
    for person in people:
        link = answer_link(person, meeting) if with_links else ""
        letters.append(
            Letter(
                name=person.display_name,
                organization=person.organization.name if person.organization_id else "",
                link=link,
                qr=qr_code(link) if link else "",
            )
        )
    return letters


def letters_html(*, meeting, letters, today=None) -> str:
    """The HTML of the letters as one document: the agenda and focus questions are looked up once for all."""
    return render_to_string(
        "minutes/letters.html",
        {
            "group": meeting.working_group,
            "meeting": meeting,
            "letters": letters,
            "agenda": meeting_selectors.agenda(meeting),
            "focus_questions": list(meeting.focus_questions.all()),
            "today": today or timezone.localdate(),
        },
    )


@dataclass(frozen=True)
class SheetRow:
    name: str
    organization: str
    answer: str  # the answer to the invitation ("accepted" …) or "" when not invited or not answered


def attendance_rows(meeting) -> list[SheetRow]:
    """Everyone expected at the meeting: the invited participants (also those who left since, not erased) and the
    group's active participants, in German order — two queries."""
    invitations = {
        invitation.participant_id: invitation
        for invitation in meeting.invitations.select_related("participant__organization").filter(
            participant__erased_at__isnull=True
        )
    }
    people = {invitation.participant_id: invitation.participant for invitation in invitations.values()}
    for person in meeting.working_group.participants.active().select_related("organization"):
        people.setdefault(person.pk, person)
    rows = []
    in_order = sorted(
        people.values(), key=lambda p: (collation.sort_key(p.family_name), collation.sort_key(p.given_name), p.pk)
    )
    for person in in_order:
        invitation = invitations.get(person.pk)
        answered = invitation is not None and invitation.answer != Answer.NEEDS_ACTION
        rows.append(
            SheetRow(
                name=person.display_name,
                organization=person.organization.name if person.organization_id else "",
                answer=invitation.get_answer_display() if answered else "",
            )
        )
    return rows


def attendance_sheet_html(*, meeting, rows, guest_rows=GUEST_ROWS) -> str:
    return render_to_string(
        "minutes/attendance_sheet.html",
        {"group": meeting.working_group, "meeting": meeting, "rows": rows, "guest_rows": range(1, guest_rows + 1)},
    )
