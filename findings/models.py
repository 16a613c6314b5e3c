"""Content-gap findings of a working group, their history, the content areas and participants' suggestions.

Models stay thin: fields, ``Meta`` and QuerySet methods. Writes with side effects (history, closing dates)
live in ``findings/services.py``, reads across relations in ``findings/selectors.py``.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from arbeitskreis import languages
from arbeitskreis.models import SharedOrOwnQuerySet, WorkingGroup

integreat_url_validator = URLValidator(
    schemes=["http", "https"],
    message=_("Please enter a web address that starts with http:// or https://."),
)


class ContentArea(models.Model):
    """A Themenbereich: the seeded global list (no group) plus the areas a group adds for itself."""

    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="content_areas",
        verbose_name=_("working group"),
        help_text=_("Empty: part of the list every working group uses."),
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = SharedOrOwnQuerySet.as_manager()

    class Meta:
        verbose_name = _("content area")
        verbose_name_plural = _("content areas")
        ordering = [F("working_group").asc(nulls_first=True), "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["working_group", "name"], name="unique_content_area_per_group"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_global(self):
        return self.working_group_id is None


class FindingKind(models.TextChoices):
    MISSING_CONTENT = "missing_content", _("missing content")
    OUTDATED = "outdated", _("outdated")
    INCORRECT = "incorrect", _("incorrect")
    MISSING_TRANSLATION = "missing_translation", _("missing translation")
    OTHER = "other", pgettext_lazy("finding kind", "other")


class Priority(models.IntegerChoices):
    LOW = 1, pgettext_lazy("priority", "low")
    NORMAL = 2, pgettext_lazy("priority", "normal")
    HIGH = 3, pgettext_lazy("priority", "high")


class FindingStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("finding status", "open")
    IN_PROGRESS = "in_progress", pgettext_lazy("finding status", "in progress")
    RESOLVED = "resolved", pgettext_lazy("finding status", "resolved")
    REJECTED = "rejected", pgettext_lazy("finding status", "rejected")


OPEN_STATUSES = (FindingStatus.OPEN, FindingStatus.IN_PROGRESS)
CLOSED_STATUSES = (FindingStatus.RESOLVED, FindingStatus.REJECTED)


class FindingQuerySet(models.QuerySet):
    def open(self):
        """Open or in progress: the findings that stay on the agenda."""
        return self.filter(status__in=OPEN_STATUSES)

    def closed(self):
        return self.filter(status__in=CLOSED_STATUSES)

    def overdue(self, today=None):
        """Still open and past their due date."""
        return self.open().filter(due_date__lt=today or timezone.localdate())

    def in_language(self, code):
        """Findings that affect the language with the ISO 639-1 ``code`` (one LIKE, SQLite and PostgreSQL)."""
        return self.filter(languages__contains=f",{code},")


class Finding(models.Model):
    """A content gap (Inhaltslücke) found in the group's Integreat content."""

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="findings", verbose_name=_("working group")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    content_area = models.ForeignKey(
        ContentArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="findings",
        verbose_name=_("content area"),
    )
    # ISO 639-1 codes stored as ",ar,fa," so that one LIKE filter works on SQLite and PostgreSQL alike.
    languages = models.CharField(_("affected languages"), max_length=200, blank=True, default="")
    kind = models.CharField(_("kind"), max_length=30, choices=FindingKind.choices, default=FindingKind.MISSING_CONTENT)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(_("status"), max_length=20, choices=FindingStatus.choices, default=FindingStatus.OPEN)
    raised_in_meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings_raised",
        verbose_name=_("raised in meeting"),
    )
    raised_by = models.ForeignKey(
        "members.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings_raised",
        verbose_name=_("raised by"),
    )
    assignee_participant = models.ForeignKey(
        "members.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings_assigned",
        verbose_name=_("assigned to participant"),
    )
    assignee_organization = models.ForeignKey(
        "members.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="findings_assigned",
        verbose_name=_("assigned to organisation"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    resolution_note = models.TextField(_("resolution note"), blank=True)
    integreat_url = models.URLField(
        _("Integreat page"),
        max_length=500,
        blank=True,
        validators=[integreat_url_validator],
        help_text=_("Optional: the address of the page in the Integreat app, e.g. https://integreat.app/…"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("content gap")
        verbose_name_plural = _("content gaps")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(assignee_participant__isnull=True) | Q(assignee_organization__isnull=True),
                name="finding_at_most_one_assignee",
            ),
            models.CheckConstraint(condition=Q(status__in=FindingStatus.values), name="finding_known_status"),
            models.CheckConstraint(condition=Q(priority__in=Priority.values), name="finding_known_priority"),
        ]
        indexes = [
            models.Index(fields=["working_group", "status"], name="finding_group_status"),
            models.Index(fields=["working_group", "created_at"], name="finding_group_created"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("findings:detail", kwargs={**self.working_group.url_kwargs(), "pk": self.pk})

    def clean(self):
        super().clean()
        if self.assignee_participant_id and self.assignee_organization_id:
            raise ValidationError(_("A content gap is assigned to a participant or to an organisation, not both."))

    @property
    def language_codes(self):
        return languages.unpack(self.languages)

    @property
    def language_names(self):
        return [languages.name(code) for code in self.language_codes]

    @property
    def language_pairs(self):
        return [(code, languages.name(code)) for code in self.language_codes]

    @property
    def assignee(self):
        return self.assignee_participant or self.assignee_organization

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    def is_overdue(self, today=None):
        return self.is_open and self.due_date is not None and self.due_date < (today or timezone.localdate())

    @property
    def overdue(self):
        return self.is_overdue()


class EventField(models.TextChoices):
    CREATED = "created", _("created")
    STATUS = "status", _("status")
    ASSIGNEE = "assignee", _("assignee")
    PRIORITY = "priority", _("priority")
    DUE_DATE = "due_date", _("due date")


class FindingEvent(models.Model):
    """One entry of a finding's history: who changed which field when, from what to what (readable text)."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="events", verbose_name=_("content gap"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    actor_label = models.CharField(
        _("changed by (text)"), max_length=200, blank=True, help_text=_("E.g. the participant who suggested it.")
    )
    # The participant whose suggestion caused the change: shown by reference, so an erasure hides the name too.
    actor_participant = models.ForeignKey(
        "members.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("suggested by"),
    )
    field = models.CharField(_("field"), max_length=20, choices=EventField.choices)
    old_value = models.CharField(_("before"), max_length=300, blank=True)
    new_value = models.CharField(_("after"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("change of a content gap")
        verbose_name_plural = _("changes of content gaps")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.finding}: {self.get_field_display()}"

    @property
    def old_display(self):
        return self._display(self.old_value)

    @property
    def new_display(self):
        return self._display(self.new_value)

    def _display(self, value):
        """A stored value in the reader's language: status and priority codes by their label, dates formatted."""
        if not value:
            return ""
        try:
            if self.field == EventField.STATUS:
                return str(FindingStatus(value).label)
            if self.field == EventField.PRIORITY:
                return str(Priority(int(value)).label)
            if self.field == EventField.DUE_DATE:
                return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            pass  # text written before values were stored as codes
        return value

    @property
    def actor_name(self):
        if self.actor_participant_id:
            return gettext("Suggestion by %(name)s") % {"name": self.actor_participant.display_name}
        if self.actor_label:
            return self.actor_label
        if self.actor is not None:
            return self.actor.get_full_name() or self.actor.get_username()
        return ""


class SuggestionKind(models.TextChoices):
    GAP = "gap", _("content gap")
    AGENDA_TOPIC = "agenda_topic", _("agenda topic")


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("suggestion status", "waiting for a decision")
    ACCEPTED = "accepted", pgettext_lazy("suggestion status", "accepted")
    DECLINED = "declined", pgettext_lazy("suggestion status", "declined")


class Suggestion(models.Model):
    """A content gap or agenda topic a participant suggests through the personal link, until triaged."""

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("working group")
    )
    participant = models.ForeignKey(
        "members.Participant", on_delete=models.CASCADE, related_name="suggestions", verbose_name=_("participant")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=SuggestionKind.choices, default=SuggestionKind.GAP)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("language"), max_length=3, choices=languages.LANGUAGES, blank=True)
    content_area = models.ForeignKey(
        ContentArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("content area"),
    )
    # A page of the municipality's Integreat tree the suggestion names (chosen from the choices the later app offers
    # through ``findings.forms.suggestion_page_sources``): its address and its title when it was chosen.
    integreat_url = models.CharField(
        _("Integreat page"), max_length=1000, blank=True, validators=[integreat_url_validator]
    )
    integreat_title = models.CharField(_("title of the Integreat page"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING
    )
    decline_note = models.TextField(_("reason for declining"), blank=True)
    finding = models.OneToOneField(
        Finding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestion",
        verbose_name=_("resulting content gap"),
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="suggestions",
        verbose_name=_("resulting agenda item"),
    )
    created_at = models.DateTimeField(_("suggested at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=SuggestionStatus.values), name="suggestion_known_status"),
        ]

    def __str__(self):
        return self.title

    @property
    def language_name(self):
        return languages.name(self.language) if self.language else ""
