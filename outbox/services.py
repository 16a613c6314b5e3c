"""Every write of the outbox: queueing a mail, claiming and sending it, retries, "send again", pruning.

The guarantees, and how they are kept:

- **Nothing is lost.** A mail is a row written in the caller's transaction (``queue_mail``); the sending task is
  enqueued only after that transaction commits, and ``send_due`` (run by a timer) picks up every due mail whose
  task was lost. While the mail server cannot be reached at all (refused, timed out, TLS or login failing) a mail
  stays queued however long the outage lasts: those attempts back off up to 6 hours but never mark it failed.
  Only a message the server refuses (or that cannot be built) counts towards ``OUTBOX_MAX_ATTEMPTS``.
- **Sent once.** A worker claims a mail (queued and due → sending) with ``SELECT … FOR UPDATE SKIP LOCKED`` and a
  compare-and-set update in a short transaction, and commits before it talks to the mail server, so a second
  worker skips it. A sent mail is never claimed again. A mail left "sending" longer than ``OUTBOX_LEASE_SECONDS``
  (its worker was killed) becomes due again; the one window no database can close is a worker killed between the
  server's "250 OK" and the commit of "sent" — such a mail goes out twice, with the same Message-ID.
"""

import datetime
import logging
import smtplib
from email.utils import make_msgid, parseaddr
from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from outbox import tasks
from outbox.mime import build_message, calendar_method_of
from outbox.models import CalendarMethod, MailStatus, OutboxAttachment, OutboxMail

logger = logging.getLogger(__name__)

__all__ = [
    "NotRetryable",
    "backoff_seconds",
    "build_message",
    "deliver",
    "forget_address",
    "prune",
    "queue_mail",
    "retry",
    "send_due",
]

MAX_BACKOFF_SECONDS = 6 * 60 * 60


class NotRetryable(ValueError):
    """``retry`` was asked to send a mail that is sent or being sent."""


def _setting(name, default):
    return getattr(settings, name, default)


def backoff_seconds(attempts):
    """Seconds to wait after the ``attempts``-th failed attempt: base, 2 × base, 4 × base, …, at most 6 hours."""
    base = _setting("OUTBOX_RETRY_BASE_SECONDS", 60)
    return min(base * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS)


def _check_header(name, value):
    if "\n" in value or "\r" in value:
        raise ValueError(f"{name} must not contain line breaks: {value!r}")


def _check_address(name, value):
    _check_header(name, value)
    try:
        validate_email(parseaddr(value)[1])
    except ValidationError:
        raise ValueError(f"{name} is not an email address: {value!r}") from None


def _message_id(from_address):
    domain = parseaddr(from_address)[1].rpartition("@")[2] or None
    return make_msgid(domain=domain)


@transaction.atomic
def queue_mail(
    *,
    to,
    subject,
    text,
    html="",
    calendar=None,
    calendar_method="",
    attachments=(),
    reply_to=(),
    about=None,
    kind="",
    language="de",
    dedupe_key=None,
):
    """Store a rendered mail for sending; call it inside the transaction of the change that causes the mail.

    ``to`` is one address (``"Name <a@b.de>"`` is fine); ``calendar`` iCalendar text or bytes whose METHOD must equal
    ``calendar_method`` (taken from the data when not given); ``attachments`` are ``(filename, bytes, mimetype)``
    triples; ``about`` the model instance the mail belongs to (integer primary key). With a ``dedupe_key`` that
    is already stored, nothing is queued and that earlier mail is returned — also when two transactions try at
    once (the unique constraint decides, inside a savepoint, so the caller's transaction goes on).

    Side effects: creates an :class:`OutboxMail` (status queued, due now, a new Message-ID, the sender
    ``DEFAULT_FROM_EMAIL``) and its :class:`OutboxAttachment` rows; after the caller's transaction commits, enqueues
    the ``deliver_mail`` task (with the immediate backend that sends at once). A rollback leaves no trace.
    Raises ValueError for a bad address, a line break in a header or a calendar without a matching METHOD.
    """
    _check_address("to", to)
    _check_header("subject", subject)
    reply_to = [reply_to] if isinstance(reply_to, str) else list(reply_to)
    for address in reply_to:
        _check_address("reply_to", address)
    if isinstance(calendar, bytes):
        calendar = calendar.decode("utf-8")
    calendar = calendar or ""
    if calendar:
        found = calendar_method_of(calendar)
        calendar_method = calendar_method or found
        if calendar_method != found:
            raise ValueError(f"calendar_method {calendar_method!r} differs from the data's METHOD {found!r}")
    if calendar_method not in CalendarMethod.values or bool(calendar) != bool(calendar_method):
        raise ValueError(f"calendar data needs a METHOD of {CalendarMethod.values[1:]}, not {calendar_method!r}")

    if dedupe_key is not None and (existing := OutboxMail.objects.filter(dedupe_key=dedupe_key).first()):
        return existing
    from_address = settings.DEFAULT_FROM_EMAIL
    mail = OutboxMail(
        to_address=to,
        from_address=from_address,
        reply_to=reply_to,
        subject=subject,
        text_body=text,
        html_body=html,
        calendar=calendar,
        calendar_method=calendar_method,
        language=language,
        kind=kind,
        dedupe_key=dedupe_key,
        message_id=_message_id(from_address),
    )
    if about is not None:
        mail.content_type = ContentType.objects.get_for_model(about)
        mail.object_id = about.pk
    try:
        with transaction.atomic():  # a savepoint: a lost race on dedupe_key must not break the caller's transaction
            mail.save()
    except IntegrityError:
        if dedupe_key is None:
            raise
        return OutboxMail.objects.get(dedupe_key=dedupe_key)
    OutboxAttachment.objects.bulk_create(
        OutboxAttachment(mail=mail, filename=filename, mimetype=mimetype, content=bytes(content))
        for filename, content, mimetype in attachments
    )
    transaction.on_commit(lambda: tasks.enqueue_delivery(mail_id=mail.pk))
    return mail


def deliver(*, mail_id):
    """Send one mail if it is due, and record the outcome. Returns the mail's status afterwards (None if gone).

    Side effects: in a short transaction claims the mail (status sending, ``claimed_at`` now, ``attempts`` + 1) —
    a mail that is not due, already sent, failed or held by another worker is left alone; then sends it through
    Django's mail backend (``get_connection()``) and marks it sent, or records the error (``last_error``,
    ``next_attempt_at`` with exponential back-off, or failed after ``OUTBOX_MAX_ATTEMPTS``) and, with a task
    backend that can defer, enqueues the next attempt for then.
    """
    connection = get_connection()
    try:
        return _deliver(mail_id, connection).status
    finally:
        _close(connection)


def send_due(*, limit=None):
    """Deliver every mail that is due now (at most ``limit``), through one connection. Returns how many were sent.

    The sweep for a scheduler (``manage.py send_queued_mail``) and the safety net for lost tasks and stopped
    workers; safe to run in several processes at once. It stops early when the mail server cannot be reached
    (the other mails stay due and untouched). Side effects: those of :func:`deliver`, for each mail.
    """
    now = timezone.now()
    lease = _setting("OUTBOX_LEASE_SECONDS", 600)
    due = OutboxMail.objects.due(now=now, lease_seconds=lease).order_by("next_attempt_at", "pk")
    mail_ids = list(due.values_list("pk", flat=True)[:limit])
    connection = get_connection()
    sent = 0
    try:
        for mail_id in mail_ids:
            outcome = _deliver(mail_id, connection)
            sent += outcome.sent
            if outcome.unreachable:
                break
    finally:
        _close(connection)
    return sent


@transaction.atomic
def retry(*, mail):
    """Send again ("erneut senden"): a failed mail, or one waiting for its next attempt, is due now with a fresh count.

    Side effects: the mail's status becomes queued, ``attempts`` 0, ``next_attempt_at`` now (``last_error`` is kept
    until it is sent); after the commit the ``deliver_mail`` task is enqueued. Raises :class:`NotRetryable` for a
    mail that is sent or being sent.
    """
    mail = OutboxMail.objects.select_for_update().get(pk=mail.pk)
    if mail.status not in (MailStatus.FAILED, MailStatus.QUEUED):
        raise NotRetryable(
            _("Only a failed or waiting mail can be sent again; this one is “%(status)s”.")
            % {"status": mail.get_status_display()}
        )
    mail.status = MailStatus.QUEUED
    mail.attempts = 0
    mail.next_attempt_at = timezone.now()
    mail.claimed_at = None
    mail.save(update_fields=["status", "attempts", "next_attempt_at", "claimed_at"])
    transaction.on_commit(lambda: tasks.enqueue_delivery(mail_id=mail.pk))
    return mail


@transaction.atomic
def prune(*, days):
    """Delete sent mails sent more than ``days`` days ago. Side effects: deletes them and their attachments.

    Returns the number of mails deleted. Queued, sending and failed mails are kept whatever their age.
    """
    cutoff = timezone.now() - datetime.timedelta(days=days)
    old = OutboxMail.objects.filter(status=MailStatus.SENT, sent_at__lt=cutoff)
    OutboxAttachment.objects.filter(mail__in=old).delete()
    count, _deleted = old.delete()
    return count


@transaction.atomic
def forget_address(*, address) -> int:
    """Erase what the outbox keeps about a recipient (GDPR erasure of a participant).

    Side effects: mails to ``address`` (any case) that were not sent yet are deleted — they will not go out; the
    others keep their status and times for the log but lose the address, subject, bodies, calendar data and
    attachments. Returns the number of mails touched.
    """
    if not address:
        return 0
    mails = OutboxMail.objects.filter(to_address__iendswith=address.strip()).filter(
        Q(to_address__iexact=address.strip()) | Q(to_address__iendswith=f"<{address.strip()}>")
    )
    pending = mails.exclude(status=MailStatus.SENT)
    OutboxAttachment.objects.filter(mail__in=mails).delete()
    deleted, _by_model = pending.delete()
    blanked = mails.update(to_address="", subject="", text_body="", html_body="", calendar="", reply_to=[])
    return deleted + blanked


class _Outcome(NamedTuple):
    status: str | None  # the mail's status afterwards; None when there is no such mail
    sent: bool = False  # sent by this call (not by another worker)
    unreachable: bool = False  # the mail server could not be reached


def _deliver(mail_id, connection):
    """Claim, send and record one mail."""
    mail = _claim(mail_id)
    if mail is None:  # not due, done, or another worker's
        return _Outcome(OutboxMail.objects.filter(pk=mail_id).values_list("status", flat=True).first())
    if mail.status != MailStatus.SENDING:  # abandoned too often: marked failed while claiming
        return _Outcome(mail.status)
    try:
        message = build_message(mail)
    except Exception as exc:  # broken stored data: the server was never asked
        logger.exception("Outbox mail %s could not be built", mail.pk)
        return _Outcome(_record_failure(mail, exc, unreachable=False))
    try:
        connection.open()
    except Exception as exc:
        _close(connection)
        logger.warning("Mail server unreachable for outbox mail %s: %s", mail.pk, exc)
        return _Outcome(_record_failure(mail, exc, unreachable=True), unreachable=True)
    try:
        if connection.send_messages([message]) != 1:
            raise RuntimeError("The mail backend sent nothing.")
    except Exception as exc:
        _close(connection)  # the next mail opens a fresh connection
        unreachable = _is_connection_error(exc)
        logger.warning("Outbox mail %s not sent (attempt %s): %s", mail.pk, mail.attempts, exc)
        return _Outcome(_record_failure(mail, exc, unreachable=unreachable), unreachable=unreachable)
    return _Outcome(_mark_sent(mail), sent=True)


def _claim(mail_id):
    """queued and due (or abandoned while sending) → sending, committed before anything is sent; None if not ours."""
    now = timezone.now()
    with transaction.atomic():
        due = OutboxMail.objects.due(now=now, lease_seconds=_setting("OUTBOX_LEASE_SECONDS", 600))
        mail = due.select_for_update(skip_locked=True).filter(pk=mail_id).first()
        if mail is None:
            return None
        changes = {"status": MailStatus.SENDING, "claimed_at": now, "attempts": mail.attempts + 1}
        if mail.status == MailStatus.SENDING:
            logger.warning("Outbox mail %s was abandoned while sending (worker stopped); sending it again", mail.pk)
            # Stored for the log in English, like the mail server's own error texts.
            changes["last_error"] = "The worker stopped while sending; sent again after the lease expired."
            if mail.attempts >= _setting("OUTBOX_MAX_ATTEMPTS", 8):  # a mail that keeps killing its worker
                changes.update(status=MailStatus.FAILED, next_attempt_at=None, attempts=mail.attempts)
        # Compare-and-set on top of the row lock: also correct where SELECT … FOR UPDATE is a no-op (SQLite).
        claimed = OutboxMail.objects.filter(pk=mail.pk, status=mail.status, attempts=mail.attempts).update(**changes)
        if not claimed:
            return None
        for name, value in changes.items():
            setattr(mail, name, value)
    return mail


def _mark_sent(mail):
    now = timezone.now()
    updated = OutboxMail.objects.filter(pk=mail.pk, status=MailStatus.SENDING, claimed_at=mail.claimed_at).update(
        status=MailStatus.SENT, sent_at=now, next_attempt_at=None
    )
    if not updated:
        logger.error("Outbox mail %s was sent after its lease expired; another worker may have sent it too", mail.pk)
    return MailStatus.SENT


def _record_failure(mail, exc, *, unreachable):
    """Back to queued with the next attempt backed off, or failed after the last allowed attempt."""
    now = timezone.now()
    gives_up = not unreachable and mail.attempts >= _setting("OUTBOX_MAX_ATTEMPTS", 8)
    status = MailStatus.FAILED if gives_up else MailStatus.QUEUED
    next_attempt_at = None if gives_up else now + datetime.timedelta(seconds=backoff_seconds(mail.attempts))
    with transaction.atomic():
        updated = OutboxMail.objects.filter(pk=mail.pk, status=MailStatus.SENDING, claimed_at=mail.claimed_at).update(
            status=status, last_error=f"{type(exc).__name__}: {exc}"[:2000], next_attempt_at=next_attempt_at
        )
        if updated and next_attempt_at is not None:
            transaction.on_commit(lambda: tasks.enqueue_delivery(mail_id=mail.pk, run_after=next_attempt_at))
    return status


def _is_connection_error(exc):
    """Whether sending failed because of the connection, not because the server refused this message."""
    if isinstance(exc, smtplib.SMTPResponseException):
        return exc.smtp_code == 421  # "service not available, closing": the server, not the message
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return False
    return isinstance(exc, OSError)  # refused, reset, timed out, TLS; SMTPServerDisconnected is one too


def _close(connection):
    try:
        connection.close()
    except Exception:  # a broken connection may fail to say goodbye; it is dropped either way
        logger.debug("Closing the mail connection failed", exc_info=True)
