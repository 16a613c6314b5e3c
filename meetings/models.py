"""Meetings of a working group, their agendas, agenda templates and focus questions.

Models stay thin: fields, ``Meta`` and QuerySet methods. Writes with side effects live in
``meetings/services.py``, reads across relations in ``meetings/selectors.py``.
"""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from arbeitskreis.models import SharedOrOwnQuerySet, WorkingGroup

# The guidance: 60 to 120 minutes including breaks.
RECOMMENDED_MINUTES = (60, 120)
# A meeting picks one or two focus questions, never more.
MAX_FOCUS_QUESTIONS = 2


def new_calendar_uid():
    """A stable, globally unique iCalendar UID, fixed when the meeting is created."""
    return f"{uuid.uuid4()}@arbeitskreis"


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("meeting status", "planned")
    INVITED = "invited", pgettext_lazy("meeting status", "invited")
    HELD = "held", pgettext_lazy("meeting status", "held")
    MINUTES_APPROVED = "minutes_approved", pgettext_lazy("meeting status", "minutes approved")
    CANCELLED = "cancelled", pgettext_lazy("meeting status", "cancelled")


class FocusQuestion(models.Model):
    """A focus question (Leitfrage): the library (no group) or a group's own question."""

    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="focus_questions",
        verbose_name=_("working group"),
        help_text=_("Empty: part of the library every working group can use."),
    )
    text = models.CharField(_("question"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SharedOrOwnQuerySet.as_manager()

    class Meta:
        verbose_name = _("focus question")
        verbose_name_plural = _("focus questions")
        ordering = [F("working_group").asc(nulls_first=True), "pk"]

    def __str__(self):
        return self.text

    @property
    def is_global(self):
        return self.working_group_id is None


class MeetingQuerySet(models.QuerySet):
    def upcoming(self, now=None):
        """Meetings that have not ended yet and are not cancelled, soonest first."""
        now = now or timezone.now()
        return self.filter(end__gte=now).exclude(status=MeetingStatus.CANCELLED).order_by("start", "pk")

    def past(self, now=None):
        """Meetings that are over or cancelled, latest first."""
        now = now or timezone.now()
        return self.filter(Q(end__lt=now) | Q(status=MeetingStatus.CANCELLED)).order_by("-start", "-pk")


class Meeting(models.Model):
    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("working group")
    )
    title = models.CharField(_("title"), max_length=200)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    calendar_uid = models.CharField(
        _("calendar UID"), max_length=100, unique=True, default=new_calendar_uid, editable=False
    )
    sequence = models.PositiveIntegerField(
        _("calendar sequence"), default=0, help_text=_("Raised on every change that calendars must learn about.")
    )
    focus_questions = models.ManyToManyField(
        FocusQuestion, blank=True, related_name="meetings", verbose_name=_("focus questions")
    )
    organiser_notes = models.TextField(
        _("notes for the organisers"), blank=True, help_text=_("Only visible to the coordination.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-start", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="meeting_ends_after_start"),
            models.CheckConstraint(condition=Q(status__in=MeetingStatus.values), name="meeting_known_status"),
        ]
        indexes = [models.Index(fields=["working_group", "start"], name="meeting_group_start")]

    def __str__(self):
        day = formats.date_format(timezone.localtime(self.start).date(), "SHORT_DATE_FORMAT")
        return f"{self.title} ({day})"

    def get_absolute_url(self):
        return reverse("meetings:detail", kwargs={**self.working_group.url_kwargs(), "pk": self.pk})

    @property
    def duration_minutes(self):
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def duration_is_recommended(self):
        low, high = RECOMMENDED_MINUTES
        return low <= self.duration_minutes <= high

    @property
    def has_begun(self):
        return self.start <= timezone.now()

    @property
    def can_be_answered(self):
        """Answers to the invitation change until the meeting starts (and never for a cancelled meeting)."""
        return self.status != MeetingStatus.CANCELLED and not self.has_begun

    @property
    def is_editable(self):
        """Details and agenda can be changed until the minutes are approved or the meeting is cancelled."""
        return self.status not in (MeetingStatus.MINUTES_APPROVED, MeetingStatus.CANCELLED)


class TemplateKind(models.TextChoices):
    FIRST = "first", _("first meeting")
    REGULAR = "regular", _("regular meeting")
    NETWORK = "network", _("regional network meeting")
    CUSTOM = "custom", _("own template")


class AgendaTemplateQuerySet(SharedOrOwnQuerySet):
    def available_to(self, group):
        """The global templates and the group's own; the regional network's template only for networks."""
        templates = super().available_to(group)
        return templates if group.is_network else templates.exclude(kind=TemplateKind.NETWORK)


class AgendaTemplate(models.Model):
    """An agenda template: global (no group; seeded, edited by staff in the admin) or a group's own."""

    working_group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="agenda_templates",
        verbose_name=_("working group"),
        help_text=_("Empty: a global template every working group can use."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=TemplateKind.choices, default=TemplateKind.CUSTOM)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AgendaTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda template")
        verbose_name_plural = _("agenda templates")
        ordering = [F("working_group").asc(nulls_first=True), "name", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_global(self):
        return self.working_group_id is None


class AgendaTemplateItem(models.Model):
    template = models.ForeignKey(
        AgendaTemplate, on_delete=models.CASCADE, related_name="items", verbose_name=_("agenda template")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=10, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("agenda template item")
        verbose_name_plural = _("agenda template items")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class AgendaItem(models.Model):
    """An item (TOP) of a meeting's agenda."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    planned_minutes = models.PositiveSmallIntegerField(
        _("planned minutes"), default=10, validators=[MinValueValidator(0)]
    )
    presenter = models.CharField(_("presented by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.title


class Answer(models.TextChoices):
    """A participant's answer to an invitation; the values are the iCalendar PARTSTATs in lower case."""

    NEEDS_ACTION = "needs_action", pgettext_lazy("answer", "no answer yet")
    ACCEPTED = "accepted", pgettext_lazy("answer", "accepted")
    TENTATIVE = "tentative", pgettext_lazy("answer", "maybe")
    DECLINED = "declined", pgettext_lazy("answer", "declined")


class AnswerSource(models.TextChoices):
    WEB = "web", _("on the personal page")
    CALENDAR = "calendar", _("from the calendar")
    COORDINATION = "coordination", _("entered by the coordination")


class InvitationQuerySet(models.QuerySet):
    def sent(self):
        """Invitations that went out by mail (a participant without email may still have answered)."""
        return self.filter(sent_at__isnull=False)


class Invitation(models.Model):
    """A participant invited to a meeting: what was sent (the SEQUENCE of the last calendar data) and their answer.

    Created when invitations are sent, or when a participant without email answers on their personal page.
    """

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("meeting")
    )
    participant = models.ForeignKey(
        "members.Participant", on_delete=models.CASCADE, related_name="invitations", verbose_name=_("participant")
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sequence_sent = models.PositiveIntegerField(
        _("calendar sequence sent"), null=True, blank=True, help_text=_("The SEQUENCE of the last invitation mailed.")
    )
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)
    cancellation_sent_at = models.DateTimeField(_("cancellation sent at"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=20, choices=Answer.choices, default=Answer.NEEDS_ACTION)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answer_source = models.CharField(_("answered"), max_length=20, choices=AnswerSource.choices, blank=True)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["meeting", "participant__family_name", "participant__given_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "participant"], name="one_invitation_per_participant"),
            models.CheckConstraint(condition=Q(answer__in=Answer.values), name="invitation_known_answer"),
        ]

    def __str__(self):
        return f"{self.meeting} – {self.get_answer_display()}"

    @property
    def can_answer(self):
        return self.meeting.can_be_answered

    @property
    def has_update_pending(self):
        return self.sent_at is not None and (self.sequence_sent or 0) < self.meeting.sequence


class CalendarFeed(models.Model):
    """A secret subscription address for a calendar client: the group's meetings, or one participant's.

    Each link is revocable and rotatable on its own; the group can hand out several (one per person or device).
    """

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="calendar_feeds", verbose_name=_("working group")
    )
    participant = models.OneToOneField(
        "members.Participant",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="calendar_feed",
        verbose_name=_("participant"),
        help_text=_("Empty: a feed of the group's meetings."),
    )
    label = models.CharField(_("for whom"), max_length=200, blank=True)
    # The secret (shown to whoever manages the link) and its SHA-256, which the feed is looked up by.
    token = models.CharField(_("token"), max_length=64, unique=True)
    token_digest = models.CharField(_("token digest"), max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["working_group", "participant", "label", "pk"]

    def __str__(self):
        return self.label or str(self.participant or self.working_group)
