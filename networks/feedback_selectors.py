"""Reads of the feedback to the Integreat team: the parts of minutes one can mark, the feedback shown next to its
item (one query for a whole page), the staff's inbox across all municipalities and a group's own list."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from arbeitskreis.shortcuts import group_url
from networks.models import Feedback, FeedbackStatus

INBOX_PAGE_SIZE = 25


@dataclass(frozen=True)
class Part:
    key: str  # "decision:<position>" or "item:<agenda item id>"
    label: str
    text: str


def minutes_parts(minutes) -> list[Part]:
    """What of the minutes can be passed on: each decision and each agenda item's notes that say something (two
    queries)."""
    if minutes is None:
        return []
    parts = [
        Part(f"decision:{decision.position}", _("Decision %(number)s") % {"number": number}, decision.text)
        for number, decision in enumerate(minutes.decisions.order_by("position", "pk"), start=1)
    ]
    notes = minutes.notes.select_related("agenda_item").exclude(text="").order_by("agenda_item__position", "pk")
    parts += [
        Part(
            f"item:{note.agenda_item_id}",
            _("Notes on item %(number)s: %(title)s")
            % {"number": note.agenda_item.position, "title": note.agenda_item.title},
            note.text,
        )
        for note in notes
    ]
    return parts


def attach(items, field: str) -> list:
    """Set ``team_feedback`` on each of ``items`` (findings, suggestions or minutes of one page, ``field`` naming
    which): what was passed on about it, newest first (one query). The hooks of the findings and minutes apps."""
    items = [item for item in items if item is not None]
    by_item = {item.pk: [] for item in items}
    if items:
        for feedback in Feedback.objects.filter(**{f"{field}__in": items}).select_related("replied_by"):
            by_item[getattr(feedback, f"{field}_id")].append(feedback)
    for item in items:
        item.team_feedback = by_item[item.pk]
    return items


def attach_to_findings(findings):
    return attach(findings, "finding")


def attach_to_suggestions(suggestions):
    return attach(suggestions, "suggestion")


def attach_to_minutes(minutes_list):
    return attach(minutes_list, "minutes")


def about(feedback) -> str:
    """What the feedback is about, in a few words (its objects already fetched)."""
    if feedback.finding_id:
        return _("Content gap")
    if feedback.suggestion_id:
        return _("Suggestion of a participant")
    if feedback.minutes_id:
        return _("Minutes")
    return _("General feedback")


def item_url(feedback) -> str:
    """Where the coordinator sees the feedback next to its item (the item's page, else the group's list)."""
    group = feedback.working_group
    if feedback.finding_id:
        return group_url("findings:detail", group, pk=feedback.finding_id)
    if feedback.suggestion_id:
        return group_url("findings:suggestions", group)
    if feedback.minutes_id:
        return group_url("minutes:detail", group, pk=feedback.minutes.meeting_id)
    return group_url("feedback:list", group)


def inbox(*, status="", state="", category=""):
    """The staff's inbox: every feedback across the municipalities, newest first, filtered (a queryset to page)."""
    items = Feedback.objects.for_inbox()
    if status:
        items = items.filter(status=status)
    if state:
        items = items.filter(working_group__municipality__state=state)
    if category:
        items = items.filter(category=category)
    return items.order_by("-created_at", "-pk")


def prepared(items) -> list:
    """The items of one page with ``about`` and ``url`` set (no query: their objects are fetched with them)."""
    items = list(items)
    for feedback in items:
        feedback.about = about(feedback)
        feedback.url = item_url(feedback)
        feedback.reporter = person_name(feedback.created_by) or "–"
        feedback.replier = person_name(feedback.replied_by) or "–"
    return items


def person_name(user) -> str:
    """How the app names an account: the full name, else the user name ("" without an account)."""
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def status_counts() -> dict:
    """``{status: n}`` of every feedback (one aggregate), for the inbox's tabs."""
    values = Feedback.objects.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in FeedbackStatus.values}
    )
    return values


def of_group(group) -> list:
    """What a group has passed on, newest first (one query)."""
    return prepared(group.team_feedback.for_inbox().order_by("-created_at", "-pk"))


def inbox_url(feedback) -> str:
    return reverse("networks:inbox-item", kwargs={"pk": feedback.pk})
