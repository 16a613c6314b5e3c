"""Answers to a meeting's invitations, counted: for one meeting from its invitations or in the database, and for a
list of meetings in one query. Read through :mod:`meetings.selectors`."""

from dataclasses import dataclass

from django.db.models import Count, Q

from meetings.models import Answer, Invitation


@dataclass(frozen=True)
class AnswerCounts:
    accepted: int = 0
    tentative: int = 0
    declined: int = 0
    open: int = 0

    @property
    def total(self):
        return self.accepted + self.tentative + self.declined + self.open


def answer_counts(invitations) -> AnswerCounts:
    values = {"accepted": 0, "tentative": 0, "declined": 0, "open": 0}
    for invitation in invitations:
        values["open" if invitation.answer == Answer.NEEDS_ACTION else invitation.answer] += 1
    return AnswerCounts(**values)


def meeting_answer_summary(meeting) -> tuple[AnswerCounts, int]:
    """The answers to ``meeting``'s invitations and how many invited people have not received its current version:
    counted in the database (one query), for the meeting page, which lists no invitation."""
    behind = Q(sequence_sent__lt=meeting.sequence)
    if meeting.sequence > 0:
        behind |= Q(sequence_sent__isnull=True)  # as Invitation.has_update_pending: no sequence recorded counts as 0
    rows = (
        meeting.invitations.values("answer")
        .annotate(n=Count("pk"), outdated=Count("pk", filter=Q(sent_at__isnull=False) & behind))
        .order_by()
    )
    values, update_pending = {}, 0
    for row in rows:
        key = "open" if row["answer"] == Answer.NEEDS_ACTION else row["answer"]
        values[key] = values.get(key, 0) + row["n"]
        update_pending += row["outdated"]
    return AnswerCounts(**values), update_pending


def add_answer_counts(meetings) -> list:
    """Set ``answers`` (:class:`AnswerCounts`) on each meeting: one query for all of them."""
    meetings = list(meetings)
    rows = (
        Invitation.objects.filter(meeting__in=meetings)
        .values("meeting_id", "answer")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {}
    for row in rows:
        key = "open" if row["answer"] == Answer.NEEDS_ACTION else row["answer"]
        counts.setdefault(row["meeting_id"], {})[key] = row["n"]
    for meeting in meetings:
        meeting.answers = AnswerCounts(**counts.get(meeting.pk, {}))
    return meetings
