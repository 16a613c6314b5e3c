"""The municipality's Integreat content as this app knows it: a snapshot of the region's page tree, the group's
mapping of top-level pages to content areas, and the pages a meeting validates.

A page is known by its *key*: the path of its source-language (German) version, as the Integreat API gives it
("/landkreis-karlsruhe/de/arbeit/jobcenter/"). The API's ``id`` is the id of one page translation — it differs
between languages and changes with every new version of the text —, so checks and mappings keep the path, which
stays while the page keeps its address. A snapshot is replaced as a whole; nothing points at a ``Page`` row.

Models stay thin: fields, ``Meta`` and QuerySet methods. Writes live in ``integreat/services.py``, reads across
relations in ``integreat/selectors.py``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from arbeitskreis import languages
from arbeitskreis.models import Municipality, WorkingGroup

PATH_LENGTH = 500
URL_LENGTH = 1000


class SnapshotSource(models.TextChoices):
    API = "api", _("Integreat API")
    UPLOAD = "upload", _("uploaded files")


class AttemptStatus(models.TextChoices):
    RUNNING = "running", _("running")
    SUCCEEDED = "succeeded", _("succeeded")
    FAILED = "failed", _("failed")


class Region(models.Model):
    """A municipality's Integreat region: the snapshot of its page tree in use, and the last attempt to load one.

    The snapshot fields change only together with the pages, in one transaction, when a complete new snapshot is
    stored; a failed or partial attempt writes the ``attempt_*`` fields only.
    """

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="integreat_region", verbose_name=_("municipality")
    )
    slug = models.SlugField(_("Integreat region"), max_length=100, blank=True)
    name = models.CharField(_("name in Integreat"), max_length=200, blank=True)
    # The region's languages in its order, the source language first: [{"code", "name", "dir"}].
    languages = models.JSONField(_("languages"), default=list, blank=True)
    source_language = models.CharField(_("source language"), max_length=20, blank=True)
    taken_at = models.DateTimeField(_("snapshot taken at"), null=True, blank=True)
    taken_from = models.CharField(_("snapshot taken from"), max_length=10, choices=SnapshotSource.choices, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    page_count = models.PositiveIntegerField(_("pages"), default=0)

    attempt_started_at = models.DateTimeField(_("last attempt started at"), null=True, blank=True)
    attempt_finished_at = models.DateTimeField(_("last attempt finished at"), null=True, blank=True)
    attempt_source = models.CharField(_("last attempt"), max_length=10, choices=SnapshotSource.choices, blank=True)
    attempt_status = models.CharField(_("outcome"), max_length=10, choices=AttemptStatus.choices, blank=True)
    attempt_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Why the last attempt failed: a code of integreat.problems.PROBLEMS and the values its message names.
    attempt_problem = models.CharField(_("problem"), max_length=40, blank=True)
    attempt_details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("Integreat region")
        verbose_name_plural = _("Integreat regions")
        ordering = ["municipality__name"]

    def __str__(self):
        return self.name or self.slug or str(self.municipality)

    @property
    def has_snapshot(self):
        return self.taken_at is not None

    @property
    def language_codes(self):
        return [language["code"] for language in self.languages]


class Page(models.Model):
    """One page of a region's snapshot, in tree order, with what its translations look like."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="pages", verbose_name=_("region"))
    key = models.CharField(_("path"), max_length=PATH_LENGTH)
    integreat_id = models.PositiveBigIntegerField(_("id in Integreat"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position in the tree"))
    depth = models.PositiveSmallIntegerField(_("depth"), default=0)
    parent_key = models.CharField(_("path of the parent page"), max_length=PATH_LENGTH, blank=True)
    top_key = models.CharField(_("path of the top-level page"), max_length=PATH_LENGTH)
    title = models.CharField(_("title"), max_length=500)
    # Checked by the import: http or https only, otherwise empty.
    url = models.CharField(_("address"), max_length=URL_LENGTH, blank=True)
    last_updated = models.DateTimeField(_("source text last updated"), null=True, blank=True)
    # Language codes stored as ",de,en,ar," (one LIKE on SQLite and PostgreSQL): the languages the page has, and
    # those whose translation is older than the source text.
    languages = models.CharField(_("languages"), max_length=1000, blank=True, default="")
    stale_languages = models.CharField(_("outdated translations"), max_length=1000, blank=True, default="")
    # Per translated language: {"updated": ISO 8601, "url": address}.
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        verbose_name = _("Integreat page")
        verbose_name_plural = _("Integreat pages")
        ordering = ["region", "position"]
        constraints = [models.UniqueConstraint(fields=["region", "key"], name="integreat_page_unique_key")]
        indexes = [models.Index(fields=["region", "position"], name="integreat_page_tree_order")]

    def __str__(self):
        return self.title

    @property
    def language_codes(self):
        return languages.unpack(self.languages)

    @property
    def stale_codes(self):
        return languages.unpack(self.stale_languages)


class AreaMapping(models.Model):
    """A top-level page of the region, assigned by the group to one of its content areas (or explicitly to none)."""

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="integreat_areas", verbose_name=_("working group")
    )
    page_key = models.CharField(_("path of the top-level page"), max_length=PATH_LENGTH)
    content_area = models.ForeignKey(
        "findings.ContentArea",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("content area"),
    )

    class Meta:
        verbose_name = _("content area of a top-level page")
        verbose_name_plural = _("content areas of top-level pages")
        constraints = [
            models.UniqueConstraint(fields=["working_group", "page_key"], name="integreat_area_mapping_unique")
        ]

    def __str__(self):
        return f"{self.page_key} → {self.content_area or '–'}"


class CheckResult(models.TextChoices):
    CHECKED = "checked", pgettext_lazy("page check", "checked")
    OUTDATED = "outdated", pgettext_lazy("page check", "outdated")
    MISSING_CONTENT = "missing_content", pgettext_lazy("page check", "content missing")
    MISSING_TRANSLATION = "missing_translation", pgettext_lazy("page check", "translation missing")


class ValidationItem(models.Model):
    """A page on a meeting's validation checklist and, once marked, the result, the note and who is responsible.

    Title and address are copied when the page is picked, so the record stays readable when the tree changes.
    Every result but "checked" leads to a content gap (``finding``).
    """

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="validation_items", verbose_name=_("meeting")
    )
    page_key = models.CharField(_("path"), max_length=PATH_LENGTH)
    title = models.CharField(_("title"), max_length=500)
    url = models.CharField(_("address"), max_length=URL_LENGTH, blank=True)
    content_area = models.ForeignKey(
        "findings.ContentArea",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("content area"),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    result = models.CharField(_("result"), max_length=30, choices=CheckResult.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    languages = models.CharField(_("languages concerned"), max_length=1000, blank=True, default="")
    responsible_participant = models.ForeignKey(
        "members.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible participant"),
    )
    responsible_organization = models.ForeignKey(
        "members.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible organisation"),
    )
    finding = models.OneToOneField(
        "findings.Finding",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="validation_item",
        verbose_name=_("content gap"),
    )
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("page to validate")
        verbose_name_plural = _("pages to validate")
        ordering = ["meeting", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "page_key"], name="integreat_validation_unique_page"),
            models.CheckConstraint(
                condition=Q(responsible_participant__isnull=True) | Q(responsible_organization__isnull=True),
                name="integreat_validation_one_responsible",
            ),
            models.CheckConstraint(
                condition=Q(result="") | Q(result__in=CheckResult.values), name="integreat_validation_known_result"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def responsible(self):
        return self.responsible_participant or self.responsible_organization

    @property
    def language_codes(self):
        return languages.unpack(self.languages)


class PageCheck(models.Model):
    """The last check of a page by a working group: when, in which meeting, with which result."""

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="integreat_checks", verbose_name=_("working group")
    )
    page_key = models.CharField(_("path"), max_length=PATH_LENGTH)
    checked_at = models.DateTimeField(_("checked at"))
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("meeting"),
    )
    result = models.CharField(_("result"), max_length=30, choices=CheckResult.choices)

    class Meta:
        verbose_name = _("last check of a page")
        verbose_name_plural = _("last checks of pages")
        constraints = [models.UniqueConstraint(fields=["working_group", "page_key"], name="integreat_check_unique")]

    def __str__(self):
        return f"{self.page_key}: {self.get_result_display()}"
