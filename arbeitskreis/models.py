"""The tenant core: municipalities, their working groups, and the roles of users on a working group."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    """The 16 Bundesländer, keyed by their ISO 3166-2:DE code (the `holidays` library uses the same)."""

    BW = "BW", "Baden-Württemberg"
    BY = "BY", "Bayern"
    BE = "BE", "Berlin"
    BB = "BB", "Brandenburg"
    HB = "HB", "Bremen"
    HH = "HH", "Hamburg"
    HE = "HE", "Hessen"
    MV = "MV", "Mecklenburg-Vorpommern"
    NI = "NI", "Niedersachsen"
    NW = "NW", "Nordrhein-Westfalen"
    RP = "RP", "Rheinland-Pfalz"
    SL = "SL", "Saarland"
    SN = "SN", "Sachsen"
    ST = "ST", "Sachsen-Anhalt"
    SH = "SH", "Schleswig-Holstein"
    TH = "TH", "Thüringen"


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80, unique=True)
    state = models.CharField(_("federal state"), max_length=2, choices=State.choices)
    official_key = models.CharField(
        _("official municipality key (AGS)"),
        max_length=8,
        blank=True,
        validators=[RegexValidator(r"^\d{8}$", _("The official municipality key has exactly eight digits."))],
        help_text=_("Eight digits, e.g. 08215000 for the Landkreis Karlsruhe. Optional."),
    )
    integreat_region_slug = models.SlugField(
        _("Integreat region"),
        max_length=100,
        blank=True,
        help_text=_("The region's short name in the Integreat app, e.g. landkreis-karlsruhe. Optional."),
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self):
        return self.name


class WorkingGroupQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The groups a user may see: all for staff, otherwise those where the user has a role."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(roles__user=user).distinct()


class WorkingGroup(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="working_groups", verbose_name=_("municipality")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    cadence_months = models.PositiveSmallIntegerField(
        _("meeting every … months"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("The guidance recommends a meeting every six months."),
    )
    default_start_time = models.TimeField(_("usual start time"), default="16:00")
    default_duration_minutes = models.PositiveSmallIntegerField(
        _("usual duration in minutes"),
        default=90,
        validators=[MinValueValidator(15), MaxValueValidator(600)],
        help_text=_("60 to 120 minutes including breaks are recommended."),
    )
    default_place = models.CharField(_("usual place"), max_length=300, blank=True)
    default_online_link = models.URLField(_("usual online link"), blank=True)
    organizer_name = models.CharField(_("organiser name"), max_length=200, blank=True)
    organizer_email = models.EmailField(
        _("organiser email"),
        blank=True,
        help_text=_("Sender of the calendar invitations; answers go to this address."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["municipality__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="unique_group_slug_per_municipality"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groups:detail", kwargs=self.url_kwargs())

    def url_kwargs(self):
        """The keyword arguments every URL inside this group starts with."""
        return {"municipality": self.municipality.slug, "group": self.slug}


class SharedOrOwnQuerySet(models.QuerySet):
    """For models whose rows are global (no working group: seeded, kept by staff) or a group's own: agenda
    templates, focus questions, content areas."""

    def available_to(self, group):
        """The global rows and those of ``group``."""
        return self.filter(Q(working_group=None) | Q(working_group=group))


class RoleKind(models.TextChoices):
    COORDINATOR = "coordinator", _("coordinator")
    OBSERVER = "observer", _("observer")


class GroupRole(models.Model):
    """A user's role on a working group: coordinators read and write, observers only read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_roles", verbose_name=_("user")
    )
    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="roles", verbose_name=_("working group")
    )
    role = models.CharField(_("role"), max_length=20, choices=RoleKind.choices, default=RoleKind.COORDINATOR)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("role in a working group")
        verbose_name_plural = _("roles in working groups")
        ordering = ["working_group", "role", "user__last_name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "working_group"], name="one_role_per_user_and_group"),
            models.CheckConstraint(condition=Q(role__in=RoleKind.values), name="group_role_known_kind"),
        ]

    def __str__(self):
        return f"{self.user} – {self.working_group} ({self.get_role_display()})"

    @property
    def can_write(self):
        return self.role == RoleKind.COORDINATOR
