"""Filters for the content gaps' pages (the register shows 50 rows; an include per row cost more than its HTML)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()

STATUS_BADGES = {"open": "text-bg-warning", "in_progress": "text-bg-info", "resolved": "text-bg-success"}


@register.filter
def finding_status(finding):
    """The status badge of a content gap, and the red "overdue" badge when it is overdue."""
    badge = format_html(
        '<span class="badge finding-status {}">{}</span>',
        STATUS_BADGES.get(finding.status, "text-bg-secondary"),
        finding.get_status_display(),
    )
    if finding.overdue:
        badge += format_html(' <span class="badge text-bg-danger">{}</span>', _("overdue"))
    return badge
