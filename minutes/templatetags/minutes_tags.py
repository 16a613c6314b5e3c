"""Template helpers of the minutes pages and documents."""

from django import template

from findings.models import FindingStatus
from minutes.models import AttendanceStatus, MeasureStatus, MinutesStatus
from minutes.notes import render_markdown

register = template.Library()


@register.filter
def notes(text):
    """Notes written in the safe subset of Markdown, as sanitised HTML (the same on the page and in the PDF)."""
    return render_markdown(text)


@register.filter
def attendance_label(code):
    return _label(AttendanceStatus, code)


@register.filter
def measure_status_label(code):
    return _label(MeasureStatus, code)


@register.filter
def minutes_status_label(code):
    return _label(MinutesStatus, code)


@register.filter
def finding_status_label(code):
    return _label(FindingStatus, code)


def _label(choices, code):
    try:
        return choices(code).label
    except ValueError:
        return code
