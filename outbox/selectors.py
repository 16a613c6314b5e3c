"""Reads of the outbox for other apps' pages: the mails about given objects, failures, counts by status.

The objects are any model instances with integer primary keys (an invitation, a participant, minutes); the outbox
does not know their models. Every function costs one query, however many objects it is given.
"""

from django.db.models import Count, F

from outbox.models import MailStatus, OutboxMail

# The bodies can be long; the log shows subject, status, times and errors.
_LOG_DEFER = ("text_body", "html_body", "calendar")


def mails_about(objects):
    """``{object: [mails, newest first]}`` for every one of ``objects`` (an empty list when none was sent).

    For a page that shows per participant what was sent when, and what failed. One query; the mail bodies are
    deferred (reading ``text_body`` of one of them costs a query).
    """
    objects = list(objects)
    result = {obj: [] for obj in objects}
    if not objects:
        return result
    keys = {(obj._meta.concrete_model._meta.label_lower, obj.pk): obj for obj in objects}
    # The content type's two names joined in as strings: no ContentType instance per mail (300 of them on a large
    # group's invitations page), and no lookup when the content-type cache is cold.
    mails = (
        OutboxMail.objects.about_any(objects)
        .annotate(about_app=F("content_type__app_label"), about_model=F("content_type__model"))
        .defer(*_LOG_DEFER)
        .order_by("-created_at", "-pk")
    )
    for mail in mails:
        obj = keys[(f"{mail.about_app}.{mail.about_model}", mail.object_id)]
        result[obj].append(mail)
    return result


def failed_mails(*, about=None):
    """The failed mails, newest first — all of them, or those about the objects in ``about``."""
    mails = OutboxMail.objects.filter(status=MailStatus.FAILED)
    if about is not None:
        mails = mails.about_any(about)
    return mails.defer(*_LOG_DEFER).order_by("-created_at", "-pk")


def status_counts(*, about=None):
    """``{status: count}`` with every status of :class:`MailStatus` (0 when none) — all mails, or those ``about``."""
    mails = OutboxMail.objects.all()
    if about is not None:
        mails = mails.about_any(about)
    counts = dict.fromkeys(MailStatus.values, 0)
    for row in mails.order_by().values("status").annotate(count=Count("pk")):
        counts[row["status"]] = row["count"]
    return counts
