"""Regional networks, feedback to the Integreat team and the newcomers' feedback.

A regional network is a :class:`arbeitskreis.models.WorkingGroup` of kind "network": its meetings, invitations,
minutes and participants are the other apps' models. This app adds who is in a network *as a coordinator*
(:class:`NetworkMember`, kept in step by ``networks/services.py``), what coordinators pass on to the Integreat team
(:class:`Feedback`), and the answers of newcomers to a working group's public feedback form
(:class:`NewcomerLink`, :class:`NewcomerAnswer`, :class:`NewcomerRateWindow`).

Models stay thin: fields, ``Meta`` and QuerySet methods; writes live in ``services.py``, ``feedback.py`` and
``newcomers.py``.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from arbeitskreis import languages
from arbeitskreis.models import WorkingGroup
from findings.models import ContentArea, Finding, Suggestion
from members.models import Participant
from minutes.models import Minutes


class NetworkMember(models.Model):
    """A participant of a network who is there because they coordinate a working group of its Bundesland.

    ``networks.services.sync_members`` makes and updates these rows from the coordinators' roles; people staff add
    by hand (the state's integration office, …) are participants of the network without such a row. A coordinator
    may leave the state's mailing list (``on_mailing_list``) and stays invited to the network's meetings.
    """

    network = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="network_members", verbose_name=_("network")
    )
    participant = models.OneToOneField(
        Participant, on_delete=models.CASCADE, related_name="network_membership", verbose_name=_("participant")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_memberships",
        verbose_name=_("account"),
    )
    on_mailing_list = models.BooleanField(_("on the state's mailing list"), default=True)
    mailing_list_changed_at = models.DateTimeField(_("mailing list changed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("member since"), default=timezone.now)

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        constraints = [
            models.UniqueConstraint(
                fields=["network", "user"], condition=Q(user__isnull=False), name="one_membership_per_account"
            ),
        ]

    def __str__(self):
        return f"{self.participant} – {self.network}"


# --- Feedback to the Integreat team -------------------------------------------------------------------------------


class FeedbackCategory(models.TextChoices):
    APP_WISH = "app_wish", _("wish for the app")
    CMS_WISH = "cms_wish", _("wish for the CMS")
    BUG = "bug", _("bug")
    TRANSLATION = "translation", _("translation problem")
    OTHER = "other", pgettext_lazy("feedback category", "other")


class FeedbackStatus(models.TextChoices):
    NEW = "new", pgettext_lazy("feedback status", "new")
    IN_PROGRESS = "in_progress", pgettext_lazy("feedback status", "in progress")
    DONE = "done", pgettext_lazy("feedback status", "done")


class FeedbackQuerySet(models.QuerySet):
    def for_inbox(self):
        """With what the staff's inbox shows of each item (group, municipality, source, reporter)."""
        return self.select_related(
            "working_group__municipality", "finding", "suggestion", "minutes__meeting", "created_by", "replied_by"
        )


class Feedback(models.Model):
    """What a coordinator passes on to the Integreat team ("Feedback an das Integreat-Team"): about a content gap, a
    suggestion, a part of the minutes (a decision, an item's notes), or on its own.

    ``excerpt`` keeps the marked text as it was (decisions are written anew with every save of the minutes; a
    finding may change); the links stay as long as their object does. Staff answer with a status and a reply, which
    the coordinator sees next to the item.
    """

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="team_feedback", verbose_name=_("working group")
    )
    category = models.CharField(
        _("kind of feedback"), max_length=20, choices=FeedbackCategory.choices, default=FeedbackCategory.APP_WISH
    )
    text = models.TextField(_("feedback"))
    finding = models.ForeignKey(
        Finding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_items",
        verbose_name=_("content gap"),
    )
    suggestion = models.ForeignKey(
        Suggestion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_items",
        verbose_name=_("suggestion"),
    )
    minutes = models.ForeignKey(
        Minutes,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_items",
        verbose_name=_("minutes"),
    )
    # Which part of the minutes: "decision:<position>" or "item:<agenda item id>" (a key made by the app).
    part = models.CharField(_("part of the minutes"), max_length=40, blank=True)
    excerpt = models.TextField(_("marked text"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=FeedbackStatus.choices, default=FeedbackStatus.NEW)
    reply = models.TextField(_("reply of the Integreat team"), blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replied by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("passed on by"),
    )
    created_at = models.DateTimeField(_("passed on at"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback to the Integreat team")
        verbose_name_plural = _("feedback to the Integreat team")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"], name="feedback_inbox")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=FeedbackStatus.values), name="feedback_known_status"),
            models.CheckConstraint(condition=Q(category__in=FeedbackCategory.values), name="feedback_known_category"),
            # About one thing at most: a content gap, a suggestion or the minutes (or nothing).
            models.CheckConstraint(
                condition=Q(finding__isnull=True, suggestion__isnull=True)
                | Q(finding__isnull=True, minutes__isnull=True)
                | Q(suggestion__isnull=True, minutes__isnull=True),
                name="feedback_about_one_thing",
            ),
        ]

    def __str__(self):
        return f"{self.working_group}: {self.get_category_display()}"


# --- Newcomers' feedback ------------------------------------------------------------------------------------------


def new_public_key():
    """The key of a group's public feedback link: 16 random bytes (128 bits), URL-safe (not guessable, short for a
    QR code)."""
    return secrets.token_urlsafe(16)


def public_key_digest(key: str) -> str:
    """SHA-256 of a public key: the link is looked up by it, so no lookup compares the secret itself."""
    return hashlib.sha256(key.encode()).hexdigest()


class NewcomerLink(models.Model):
    """The public link (and QR code) of a working group's newcomers' feedback form. Renewing it makes a new key:
    the old link and its printed QR codes stop working."""

    working_group = models.OneToOneField(
        WorkingGroup, on_delete=models.CASCADE, related_name="newcomer_link", verbose_name=_("working group")
    )
    key = models.CharField(_("key"), max_length=32, unique=True, default=new_public_key)
    # SHA-256 of the key (public_key_digest), set with the key by networks.newcomers.open_link; the lookup key.
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("newcomers' feedback link")
        verbose_name_plural = _("newcomers' feedback links")

    def __str__(self):
        return str(self.working_group)


class Found(models.TextChoices):
    YES = "yes", pgettext_lazy("found it", "yes")
    PARTLY = "partly", pgettext_lazy("found it", "partly")
    NO = "no", pgettext_lazy("found it", "no")


class NewcomerAnswerQuerySet(models.QuerySet):
    def not_found(self):
        """Answers of people who did not (or only partly) find what they looked for."""
        return self.filter(found__in=(Found.NO, Found.PARTLY))


class NewcomerAnswer(models.Model):
    """One anonymous answer to a working group's feedback form: which topic, in which language, found or not, what
    was missing. No name, no address, no time of day, nothing about the device: only the day."""

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="newcomer_answers", verbose_name=_("working group")
    )
    content_area = models.ForeignKey(
        ContentArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="newcomer_answers",
        verbose_name=_("topic"),
    )
    topic = models.CharField(_("what was looked for"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=3, choices=languages.LANGUAGES, blank=True)
    found = models.CharField(_("found"), max_length=10, choices=Found.choices)
    missing = models.TextField(_("what was missing"), max_length=1000, blank=True)
    answered_on = models.DateField(_("answered on"), default=timezone.localdate)
    finding = models.ForeignKey(
        Finding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="newcomer_answers",
        verbose_name=_("recorded as content gap"),
    )

    objects = NewcomerAnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("newcomer's answer")
        verbose_name_plural = _("newcomers' answers")
        ordering = ["-answered_on", "-pk"]
        indexes = [models.Index(fields=["working_group", "answered_on"], name="newcomer_answer_group_day")]
        constraints = [
            models.CheckConstraint(condition=Q(found__in=Found.values), name="newcomer_answer_known_found"),
        ]

    def __str__(self):
        return f"{self.working_group}: {self.get_found_display()}"


class NewcomerRateWindow(models.Model):
    """How many answers a link took in one time window: the flood limit, counted in the database so that every
    app server sees the same number. Holds no personal data (no address, no cookie): only the count."""

    link = models.ForeignKey(NewcomerLink, on_delete=models.CASCADE, related_name="windows", verbose_name=_("link"))
    starts_at = models.DateTimeField(_("window starts at"))
    count = models.PositiveIntegerField(_("answers"), default=0)

    class Meta:
        verbose_name = _("answers per hour")
        verbose_name_plural = _("answers per hour")
        constraints = [
            models.UniqueConstraint(fields=["link", "starts_at"], name="one_window_per_link_and_hour"),
        ]

    def __str__(self):
        return f"{self.link}: {self.count}"
