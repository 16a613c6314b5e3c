"""The outbox: every outgoing mail as it will be sent, stored before it is sent.

Infrastructure: this app imports no domain app. The object a mail belongs to (an invitation, a reminder, minutes,
a team invitation) is a generic relation; the domain's services hand over a rendered message.
"""

import datetime
from collections import defaultdict

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MailStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    SENDING = "sending", _("sending")
    SENT = "sent", pgettext_lazy("mail status", "sent")
    FAILED = "failed", _("failed")


class CalendarMethod(models.TextChoices):
    """The iTIP METHOD (RFC 5546) of a mail's calendar part; empty for a mail without calendar data."""

    NONE = "", _("no calendar")
    REQUEST = "REQUEST", _("request (invitation or update)")
    CANCEL = "CANCEL", _("cancellation")
    PUBLISH = "PUBLISH", _("publication")


class OutboxMailQuerySet(models.QuerySet):
    def due(self, *, now, lease_seconds):
        """Mails a worker may claim now: queued and due, or "sending" for longer than the lease (a stopped worker)."""
        return self.filter(
            Q(status=MailStatus.QUEUED, next_attempt_at__lte=now)
            | Q(status=MailStatus.SENDING, claimed_at__lt=now - datetime.timedelta(seconds=lease_seconds))
        )

    def about(self, obj):
        return self.filter(
            content_type__app_label=obj._meta.app_label, content_type__model=obj._meta.model_name, object_id=obj.pk
        )

    def about_any(self, objects):
        """The mails about any of ``objects`` (model instances of any models; joined on the content type, so no
        lookup of content types first)."""
        by_model = defaultdict(set)
        for obj in objects:
            by_model[obj._meta.concrete_model].add(obj.pk)
        condition = Q(pk__in=[])
        for model, pks in by_model.items():
            condition |= Q(
                content_type__app_label=model._meta.app_label,
                content_type__model=model._meta.model_name,
                object_id__in=sorted(pks),
            )
        return self.filter(condition)


class OutboxMail(models.Model):
    to_address = models.CharField(_("recipient"), max_length=320)
    from_address = models.CharField(_("sender"), max_length=320)
    reply_to = models.JSONField(_("reply to"), default=list, blank=True)
    subject = models.CharField(pgettext_lazy("email", "subject"), max_length=998)
    text_body = models.TextField(pgettext_lazy("email", "text"))
    html_body = models.TextField(_("HTML"), blank=True)
    calendar = models.TextField(_("calendar data"), blank=True)
    calendar_method = models.CharField(
        _("calendar method"), max_length=10, choices=CalendarMethod.choices, default=CalendarMethod.NONE, blank=True
    )
    language = models.CharField(_("language"), max_length=10, default="de")
    kind = models.CharField(_("kind"), max_length=40, blank=True, help_text=_("e.g. invitation, reminder, minutes"))
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    dedupe_key = models.CharField(
        _("deduplication key"),
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        help_text=_("A second mail with the same key is not queued."),
    )

    status = models.CharField(_("status"), max_length=10, choices=MailStatus.choices, default=MailStatus.QUEUED)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True, default=timezone.now)
    claimed_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued at"), default=timezone.now, editable=False)

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("belongs to (type)"), on_delete=models.SET_NULL, null=True, blank=True
    )
    object_id = models.PositiveBigIntegerField(_("belongs to (id)"), null=True, blank=True)
    about = GenericForeignKey("content_type", "object_id")

    objects = OutboxMailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing mail")
        verbose_name_plural = _("outgoing mails")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The worker's sweep: queued mails by due time, and mails "sending" by claim time (lease expiry).
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due_idx"),
            models.Index(fields=["status", "claimed_at"], name="outbox_lease_idx"),
            # The log per object (mails_about) and pruning by age.
            models.Index(fields=["content_type", "object_id", "-created_at"], name="outbox_about_idx"),
            models.Index(fields=["status", "sent_at"], name="outbox_sent_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=MailStatus.values), name="outbox_mail_status_valid"),
            models.CheckConstraint(
                condition=Q(calendar_method__in=CalendarMethod.values), name="outbox_mail_calendar_method_valid"
            ),
        ]

    def __str__(self):
        return f"{self.to_address}: {self.subject}"


class OutboxAttachment(models.Model):
    mail = models.ForeignKey(OutboxMail, verbose_name=_("mail"), on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("file name"), max_length=255)
    mimetype = models.CharField(_("content type"), max_length=100)
    content = models.BinaryField(pgettext_lazy("file", "content"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.filename
