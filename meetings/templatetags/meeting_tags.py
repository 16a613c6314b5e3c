"""Dates as the pages and print-outs show them: "Donnerstag, 14. Mai 2026, 16:00–17:30 Uhr"."""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

register = template.Library()


@register.filter
def long_date(value):
    """The weekday and date, e.g. "Donnerstag, 14. Mai 2026"."""
    # Translators: a PHP-style date format; German: "l, j. F Y" (Donnerstag, 14. Mai 2026).
    return date_format(timezone.localtime(value), pgettext("date format", "l, j F Y")) if value else ""


@register.filter
def clock(value):
    """A clock time, e.g. "16:00 Uhr"."""
    return pgettext("clock time", "%(time)s") % {"time": date_format(timezone.localtime(value), "H:i")} if value else ""


@register.filter
def when(meeting):
    """Date and time span of a meeting, e.g. "Donnerstag, 14. Mai 2026, 16:00–17:30 Uhr"."""
    start, end = timezone.localtime(meeting.start), timezone.localtime(meeting.end)
    return _("%(date)s, %(start)s–%(end)s") % {
        "date": long_date(start),
        "start": date_format(start, "H:i"),
        "end": date_format(end, "H:i"),
    }


STATUS_BADGES = {
    "planned": "text-bg-secondary",
    "invited": "text-bg-primary",
    "held": "text-bg-success",
    "minutes_approved": "text-bg-dark",
    "cancelled": "text-bg-danger",
}


@register.filter
def status_badge(status):
    return STATUS_BADGES.get(status, "text-bg-secondary")


MAIL_KINDS = {
    "invitation": gettext_lazy("invitation"),
    "update": pgettext_lazy("mail", "change"),
    "reminder": gettext_lazy("reminder"),
    "cancellation": gettext_lazy("cancellation"),
}


@register.filter
def mail_kind(kind):
    """The kind of a mail about a meeting, in the reader's language."""
    return MAIL_KINDS.get(kind, kind)


ANSWER_BADGES = {
    "accepted": "text-bg-success",
    "tentative": "text-bg-warning",
    "declined": "text-bg-secondary",
    "needs_action": "text-bg-light border",
}


@register.filter
def answer_badge(answer):
    return ANSWER_BADGES.get(answer, "text-bg-light border")


@register.filter
def answer_counts(counts):
    """'3 yes · 1 maybe · 0 no · 2 open' (an :class:`~meetings.selectors.AnswerCounts`), or a dash without any
    invitation: a filter, as the meeting list shows it in every row."""
    if not counts or not counts.total:
        return format_html('<span class="text-body-secondary">{}</span>', "–")
    text = _("%(accepted)s yes · %(tentative)s maybe · %(declined)s no · %(open)s open") % {
        "accepted": counts.accepted,
        "tentative": counts.tentative,
        "declined": counts.declined,
        "open": counts.open,
    }
    return format_html('<span class="text-nowrap">{}</span>', text)
