"""Template helpers of the minutes pages and documents."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

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


@register.simple_tag
def attendance_rows(form):
    """The rows of the recording page's attendance table, built here rather than by the template engine and the radio
    widgets (a large group has hundreds of participants, three radio buttons each): name and organisation, their
    answer to the invitation, and the radio buttons in a fieldset with the person's name as its legend."""
    answer_label, attendance_label_ = (
        conditional_escape(_("Answer to the invitation")),
        conditional_escape(_("Attendance")),
    )
    choices = [(value, conditional_escape(label)) for value, label in AttendanceStatus.choices]
    rows = []
    for row, field in form.attendance_fields():
        person = row["participant"]
        name = conditional_escape(person.display_name)
        organization = (
            format_html('<span class="d-block small text-body-secondary">{}</span>', person.organization.name)
            if person.organization_id
            else ""
        )
        value, html_name, base_id = str(field.value() or ""), field.html_name, field.auto_id
        radios = "".join(
            f'<div class="form-check"><input class="form-check-input" type="radio" name="{html_name}" '
            f'value="{choice}" id="{base_id}_{index}" required{" checked" if choice == value else ""}> '
            f'<label class="form-check-label" for="{base_id}_{index}">{label}</label></div>'
            for index, (choice, label) in enumerate(choices)
        )
        errors = ""
        if field.errors:
            errors = format_html('<div class="invalid-feedback d-block">{}</div>', " ".join(field.errors))
        legend = conditional_escape(_("Attendance of %(name)s") % {"name": person.display_name})
        rows.append(
            f"<tr><td>{name}{organization}</td>"
            f'<td data-label="{answer_label}">{conditional_escape(row["answer"] or "–")}</td>'
            f'<td data-label="{attendance_label_}"><fieldset class="d-flex flex-wrap gap-3">'
            f'<legend class="visually-hidden">{legend}</legend>{radios}</fieldset>{errors}</td></tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 — every value above is escaped  # nosec B308, B703


def _label(choices, code):
    try:
        return choices(code).label
    except ValueError:
        return code
