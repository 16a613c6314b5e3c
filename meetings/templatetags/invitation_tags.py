"""The rows of the invitations page's table of answers, built here rather than by the template engine: a large group
invites hundreds of people, and each row has a link, a badge, its mails and a small answer form (``bench/pages.py``
measured the template at several hundred milliseconds for 300 rows)."""

from django import template
from django.template.defaultfilters import capfirst, truncatechars
from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from arbeitskreis.shortcuts import url_maker
from meetings.templatetags.meeting_tags import answer_badge, mail_kind

register = template.Library()


def _when(value):
    return formats.date_format(value, "SHORT_DATETIME_FORMAT") if value else ""


def _mail(mail, *, retry_url, csrf):
    kind = conditional_escape(capfirst(mail_kind(mail.kind)))
    if mail.status == "sent":
        state = conditional_escape(_("sent %(when)s") % {"when": _when(mail.sent_at)})
    elif mail.status == "failed":
        state = format_html('<span class="text-danger-emphasis fw-semibold">{}</span>', _("failed"))
        if mail.last_error:
            state += format_html(' <span class="text-body-secondary">({})</span>', truncatechars(mail.last_error, 80))
    else:
        state = conditional_escape(mail.get_status_display())
        if mail.attempts:
            attempts = ngettext("%(counter)s attempt", "%(counter)s attempts", mail.attempts) % {
                "counter": mail.attempts
            }
            state += conditional_escape(f" ({attempts})")
    html = f'<span class="d-block small">{kind}: {state}</span>'
    if retry_url is not None and mail.status == "failed":
        html += (
            f'\n<form method="post" action="{retry_url(mail.pk)}" class="d-inline">{csrf}'
            f'<button type="submit" class="btn btn-sm btn-outline-danger mt-1">{conditional_escape(_("Send again"))}'
            "</button></form>"
        )
    return html


@register.simple_tag(takes_context=True)
def invitation_rows(context, invitations, meeting, answer_form, can_write):
    """One ``<tr>`` per invitation: the person (linked), the answer with when and how it came, the comment, the
    mails with their state (and "send again" for a failed one), and for the coordination the answer form."""
    group = meeting.working_group
    kwargs = group.url_kwargs()
    person_url = url_maker("members:participant-detail", vary="pk", **kwargs)
    retry_url = None
    if can_write:
        retry_url = url_maker("meetings:invitation-mail-retry", vary="mail_pk", **kwargs, pk=meeting.pk)
    answer_url = url_maker("meetings:invitation-answer", vary="invitation_pk", **kwargs, pk=meeting.pk)
    csrf = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', context.get("csrf_token", ""))
    labels = {"answer": _("Answer"), "comment": _("Comment"), "mails": _("Mails")}
    labels = {key: conditional_escape(text) for key, text in labels.items()}
    no_mail = format_html('<span class="small text-body-secondary">{}</span>', _("no mail"))
    save = conditional_escape(_("Save"))
    choices = []
    if answer_form is not None:
        choices = [(str(value), conditional_escape(label)) for value, label in answer_form.fields["answer"].choices]
    rows = []
    for invitation in invitations:
        person = invitation.participant
        name = conditional_escape(person.display_name)
        organization = (
            format_html('<span class="d-block small text-body-secondary">{}</span>', person.organization.name)
            if person.organization_id
            else ""
        )
        answered = (
            format_html(
                '<span class="d-block small text-body-secondary">{}, {}</span>',
                _when(invitation.answered_at),
                invitation.get_answer_source_display(),
            )
            if invitation.answered_at
            else ""
        )
        mails = "\n".join(_mail(mail, retry_url=retry_url, csrf=csrf) for mail in invitation.mails) or no_mail
        cells = [
            f'<td><a href="{person_url(person.pk)}">{name}</a>{organization}</td>',
            f'<td data-label="{labels["answer"]}"><span class="badge {answer_badge(invitation.answer)}">'
            f"{conditional_escape(invitation.get_answer_display())}</span>{answered}</td>",
            f'<td data-label="{labels["comment"]}">{conditional_escape(invitation.comment or "–")}</td>',
            f'<td data-label="{labels["mails"]}">{mails}</td>',
        ]
        if can_write:
            form = ""
            if invitation.can_answer:
                options = "".join(
                    f'<option value="{value}"{" selected" if value == invitation.answer else ""}>{label}</option>'
                    for value, label in choices
                )
                legend = conditional_escape(_("Answer of %(name)s") % {"name": person.display_name})
                form = (
                    f'<form method="post" action="{answer_url(invitation.pk)}" '
                    f'class="d-flex flex-wrap gap-1 align-items-center">{csrf}'
                    f'<label class="visually-hidden" for="answer-{invitation.pk}">{legend}</label>'
                    f'<select name="answer" id="answer-{invitation.pk}" class="form-select form-select-sm w-auto">'
                    f"{options}</select>"
                    f'<input type="hidden" name="comment" value="{conditional_escape(invitation.comment)}">'
                    f'<button type="submit" class="btn btn-sm btn-outline-primary">{save}</button></form>'
                )
            cells.append(f'<td class="no-print">{form}</td>')
        rows.append(f'<tr id="invitation-{invitation.pk}">{"".join(cells)}</tr>')
    return mark_safe("\n".join(rows))  # noqa: S308 — every value above is escaped  # nosec B308, B703
