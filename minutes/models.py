"""The record of a meeting: attendance, minutes with their versions, decisions, focus-question answers, notes per
agenda item, participants' comments on a draft, and the measures (action items) decided, with their history.

Models stay thin: fields, ``Meta`` and QuerySet methods. Writes live in ``minutes/services.py`` (the minutes and
their workflow) and ``minutes/measures.py`` (measures), reads across relations in ``minutes/selectors.py``.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from arbeitskreis.models import WorkingGroup


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", pgettext_lazy("attendance", "present")
    EXCUSED = "excused", pgettext_lazy("attendance", "excused")
    ABSENT = "absent", pgettext_lazy("attendance", "absent")


class Attendance(models.Model):
    """Who was at a meeting: an invited participant, or a guest named by the coordination."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="attendances", verbose_name=_("meeting")
    )
    participant = models.ForeignKey(
        "members.Participant",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attendances",
        verbose_name=_("participant"),
    )
    guest_name = models.CharField(_("guest"), max_length=200, blank=True)
    guest_organization = models.CharField(_("guest's organisation"), max_length=200, blank=True)
    status = models.CharField(
        _("attendance"), max_length=20, choices=AttendanceStatus.choices, default=AttendanceStatus.PRESENT
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["meeting", "participant__family_name", "guest_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "participant"],
                condition=Q(participant__isnull=False),
                name="one_attendance_per_participant",
            ),
            models.CheckConstraint(
                condition=Q(participant__isnull=False) | ~Q(guest_name=""), name="attendance_of_someone"
            ),
            models.CheckConstraint(condition=Q(status__in=AttendanceStatus.values), name="attendance_known_status"),
        ]

    def __str__(self):
        name = self.participant.display_name if self.participant_id else self.guest_name
        return f"{self.meeting}: {name} ({self.get_status_display()})"


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("minutes status", "draft")
    IN_REVIEW = "in_review", pgettext_lazy("minutes status", "sent for review")
    APPROVED = "approved", pgettext_lazy("minutes status", "approved")


class Minutes(models.Model):
    """The minutes (Protokoll) of a meeting: draft → sent for review → approved; a correction after approval starts
    the next version, earlier versions stay as :class:`MinutesVersion`. ``revision`` rises with every save, so that
    two coordinators editing at once never overwrite each other unnoticed."""

    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="minutes", verbose_name=_("meeting")
    )
    status = models.CharField(_("status"), max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    revision = models.PositiveIntegerField(_("revision"), default=0, help_text=_("Raised with every save."))
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    sent_for_review_at = models.DateTimeField(_("sent for review at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_in = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="minutes_approved_here",
        verbose_name=_("approved in the meeting of"),
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=MinutesStatus.values), name="minutes_known_status"),
        ]

    def __str__(self):
        return f"{self.meeting} – {self.get_status_display()}, {self.version}"

    @property
    def is_locked(self):
        return self.status == MinutesStatus.APPROVED


class ItemNote(models.Model):
    """What was discussed under an agenda item: a safe subset of Markdown (lists, bold, links)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="notes", verbose_name=_("minutes"))
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", on_delete=models.CASCADE, related_name="notes", verbose_name=_("agenda item")
    )
    text = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("notes of an agenda item")
        verbose_name_plural = _("notes of agenda items")
        constraints = [models.UniqueConstraint(fields=["minutes", "agenda_item"], name="one_note_per_item")]

    def __str__(self):
        return str(self.agenda_item)


class FocusAnswer(models.Model):
    """What the meeting answered to one of its focus questions."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="answers", verbose_name=_("minutes"))
    question = models.ForeignKey(
        "meetings.FocusQuestion", on_delete=models.CASCADE, related_name="answers", verbose_name=_("focus question")
    )
    text = models.TextField(_("answer"), blank=True)

    class Meta:
        verbose_name = _("answer to a focus question")
        verbose_name_plural = _("answers to focus questions")
        constraints = [models.UniqueConstraint(fields=["minutes", "question"], name="one_answer_per_question")]

    def __str__(self):
        return str(self.question)


class Decision(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("minutes"))
    position = models.PositiveIntegerField(_("position"), default=0)
    text = models.TextField(_("decision"))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text[:80]


class MinutesComment(models.Model):
    """A participant's remark on the draft sent for review (from their personal page)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="comments", verbose_name=_("minutes"))
    participant = models.ForeignKey(
        "members.Participant", on_delete=models.CASCADE, related_name="minutes_comments", verbose_name=_("participant")
    )
    version = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("comment on minutes")
        verbose_name_plural = _("comments on minutes")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:80]


class MinutesVersion(models.Model):
    """An approved version of the minutes, kept read-only: the whole content as it was approved (JSON)."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="versions", verbose_name=_("minutes"))
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    reason = models.TextField(_("reason for the correction"), blank=True)
    approved_at = models.DateTimeField(_("approved at"))
    created_at = models.DateTimeField(_("kept at"), auto_now_add=True)

    class Meta:
        verbose_name = _("version of minutes")
        verbose_name_plural = _("versions of minutes")
        ordering = ["minutes", "number"]
        constraints = [models.UniqueConstraint(fields=["minutes", "number"], name="one_version_number_per_minutes")]

    def __str__(self):
        return f"{self.minutes.meeting} – {self.number}"


class MeasureStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("measure status", "open")
    IN_PROGRESS = "in_progress", pgettext_lazy("measure status", "in progress")
    DONE = "done", pgettext_lazy("measure status", "done")
    DROPPED = "dropped", pgettext_lazy("measure status", "dropped")


OPEN_MEASURE_STATUSES = (MeasureStatus.OPEN, MeasureStatus.IN_PROGRESS)


class MeasureQuerySet(models.QuerySet):
    def open(self):
        """Open or in progress: the measures that stay on the agenda."""
        return self.filter(status__in=OPEN_MEASURE_STATUSES)

    def overdue(self, today=None):
        return self.open().filter(due_date__lt=today or timezone.localdate())


class Measure(models.Model):
    """A measure (Maßnahme / Aufgabe: wer? was? bis wann?) decided in a meeting; measures of an integration concept
    also carry a budget and its funding source."""

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="measures", verbose_name=_("working group")
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("decided in the meeting"),
    )
    title = models.CharField(_("what"), max_length=300)
    description = models.TextField(_("details"), blank=True)
    responsible_participant = models.ForeignKey(
        "members.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("responsible participant"),
    )
    responsible_organization = models.ForeignKey(
        "members.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("responsible organisation"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    funding_source = models.CharField(_("funding source"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(responsible_participant__isnull=True) | Q(responsible_organization__isnull=True),
                name="measure_at_most_one_responsible",
            ),
            models.CheckConstraint(condition=Q(status__in=MeasureStatus.values), name="measure_known_status"),
            models.CheckConstraint(condition=Q(budget__isnull=True) | Q(budget__gte=0), name="measure_budget_positive"),
        ]
        indexes = [models.Index(fields=["working_group", "status"], name="measure_group_status")]

    def __str__(self):
        return self.title

    @property
    def responsible(self):
        return self.responsible_participant or self.responsible_organization

    @property
    def is_open(self):
        return self.status in OPEN_MEASURE_STATUSES

    def is_overdue(self, today=None):
        return self.is_open and self.due_date is not None and self.due_date < (today or timezone.localdate())


class MeasureEvent(models.Model):
    """One entry of a measure's history: who changed which field when, from what to what."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="events", verbose_name=_("measure"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    field = models.CharField(_("field"), max_length=30)
    old_value = models.CharField(_("before"), max_length=300, blank=True)
    new_value = models.CharField(_("after"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("change of a measure")
        verbose_name_plural = _("changes of measures")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.measure}: {self.field}"
