"""The people of a working group: organisations (actors), participants, and pending imports."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from arbeitskreis import languages
from arbeitskreis.models import WorkingGroup


def new_token():
    """A personal secret link token: 32 random bytes (256 bits), URL-safe."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """The SHA-256 of a personal link token: what the database is searched by, never the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


class OrganizationKind(models.TextChoices):
    ADMINISTRATION = "administration", _("Public administration")
    EDUCATION = "education", _("Education provider")
    WELFARE = "welfare", _("Welfare association")
    VOLUNTEER = "volunteer", _("Volunteer initiative")
    MIGRANT_ORG = "migrant_org", _("Migrant organisation")
    EMPLOYMENT = "employment", _("Job centre / employment agency")
    OTHER = "other", _("Other")


class OrganizationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived=False)


class Organization(models.Model):
    """An actor of the local integration work that sends people to the working group."""

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="organizations", verbose_name=_("working group")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices, default=OrganizationKind.OTHER)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    archived = models.BooleanField(
        _("archived"), default=False, help_text=_("Archived organisations are no longer offered for new participants.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["working_group", "name"], name="unique_organization_name_per_group"),
            models.CheckConstraint(condition=Q(kind__in=OrganizationKind.values), name="organization_known_kind"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("members:organization-detail", kwargs={**self.working_group.url_kwargs(), "pk": self.pk})


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", _("in writing")
    EMAIL = "email", _("by email")
    IN_PERSON = "in_person", _("in person (signature list)")
    VERBAL = "verbal", _("verbally")
    OTHER = "other", _("other")


class PreferredLanguage(models.TextChoices):
    GERMAN = "de", _("German")
    ENGLISH = "en", _("English")


class ParticipantQuerySet(models.QuerySet):
    def active(self):
        return self.filter(left_on__isnull=True, erased_at__isnull=True)

    def left(self):
        return self.filter(left_on__isnull=False)

    def not_erased(self):
        return self.filter(erased_at__isnull=True)

    def contactable(self):
        """Active participants with an email address who agreed to be contacted."""
        return self.active().exclude(email="").filter(consent_given_at__isnull=False)

    def speaking(self, code):
        """Participants who speak the language with the ISO 639-1 ``code`` (works on SQLite and PostgreSQL)."""
        return self.filter(languages__contains=f",{code},")


def participant_name(given_name, family_name, *, erased=False):
    """:attr:`Participant.display_name` from the two names (for a list read as values, without model instances)."""
    if erased:
        return str(_("Deleted person"))
    return " ".join(part for part in (given_name, family_name) if part)


class Participant(models.Model):
    """A person in a working group. Never deleted when they leave; erased (GDPR) on request."""

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="participants", verbose_name=_("working group")
    )
    given_name = models.CharField(_("given name"), max_length=100, blank=True)
    family_name = models.CharField(_("family name"), max_length=100)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    organization = models.ForeignKey(
        Organization,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("organisation"),
    )
    represents = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="substitutes",
        verbose_name=_("stands in for"),
        help_text=_("The participant this person represents when they cannot come."),
    )
    function = models.CharField(_("function"), max_length=200, blank=True)
    # Codes of arbeitskreis.languages stored as ",de,tr," (languages.pack): one LIKE filter on SQLite and PostgreSQL.
    languages = models.CharField(_("languages"), max_length=200, blank=True, default="")
    preferred_language = models.CharField(
        _("language for emails"), max_length=2, choices=PreferredLanguage.choices, default=PreferredLanguage.GERMAN
    )
    left_on = models.DateField(_("left on"), null=True, blank=True)
    consent_given_at = models.DateField(_("consent given on"), null=True, blank=True)
    consent_method = models.CharField(_("consent given"), max_length=20, choices=ConsentMethod.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    invalid_email = models.CharField(
        _("invalid email address from an import"),
        max_length=254,
        blank=True,
        help_text=_("An imported list had this address, which is not a valid email address; it was left out."),
    )
    # The secret of the personal link (shown to the coordination, sent in mails) and its SHA-256, which is what
    # the link is looked up by (arbeitskreis.access). Both are set together by issue_token / revoke_token.
    token = models.CharField(_("personal link token"), max_length=64, unique=True, null=True, blank=True)
    token_digest = models.CharField(_("personal link digest"), max_length=64, unique=True, null=True, blank=True)
    deletion_requested_at = models.DateTimeField(_("deletion requested at"), null=True, blank=True)
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["family_name", "given_name", "pk"]
        indexes = [models.Index(fields=["working_group", "email"], name="participant_group_email")]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_method="") | Q(consent_given_at__isnull=False),
                name="participant_consent_method_needs_date",
            ),
            models.CheckConstraint(
                condition=Q(token__isnull=True, token_digest__isnull=True)
                | Q(token__isnull=False, token_digest__isnull=False),
                name="participant_token_has_digest",
            ),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("members:participant-detail", kwargs={**self.working_group.url_kwargs(), "pk": self.pk})

    def issue_token(self):
        """Give the participant a new personal link (not saved): a fresh token and its digest."""
        self.token = new_token()
        self.token_digest = token_digest(self.token)
        return self.token

    def revoke_token(self):
        """Switch the personal link off (not saved)."""
        self.token = self.token_digest = None

    @property
    def is_erased(self):
        return self.erased_at is not None

    @property
    def is_active(self):
        return self.left_on is None and self.erased_at is None

    @property
    def has_consent(self):
        return self.consent_given_at is not None

    @property
    def can_be_emailed(self):
        """Whether the app may send this participant an email: active, with address and consent."""
        return self.is_active and bool(self.email) and self.has_consent

    @property
    def display_name(self):
        """The name to show everywhere; a neutral placeholder once the person has been erased."""
        return participant_name(self.given_name, self.family_name, erased=self.is_erased)

    @property
    def sort_name(self):
        if self.is_erased:
            return str(_("Deleted person"))
        return ", ".join(part for part in (self.family_name, self.given_name) if part)

    @property
    def language_codes(self):
        return languages.unpack(self.languages)

    @property
    def language_names(self):
        """``[(code, name), …]`` with the name in the current language, for pages and lists."""
        return [(code, languages.name(code)) for code in self.language_codes]


class ImportBatch(models.Model):
    """An uploaded participant list between upload and confirmation, kept in the database (not on disk)."""

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="import_batches", verbose_name=_("working group")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    filename = models.CharField(_("file name"), max_length=255)
    headers = models.JSONField(_("column headers"), default=list)
    rows = models.JSONField(_("rows"), default=list)
    lines = models.JSONField(_("line numbers"), default=list, help_text=_("The line in the file of each row."))
    empty_formulas = models.JSONField(_("formula cells without a result"), default=list, blank=True)
    mapping = models.JSONField(_("column mapping"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    imported_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    # What the import did, for the page a finished import shows when it is opened again (the rows are cleared):
    # the number of rows per outcome (members.importing.OUTCOMES) and "without_email".
    counts = models.JSONField(_("counts"), default=dict, blank=True)

    class Meta:
        verbose_name = _("participant import")
        verbose_name_plural = _("participant imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename
