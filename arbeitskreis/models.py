"""The tenant core: municipalities, their working groups, and the roles of users on a working group."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from arbeitskreis.event_kinds import EventKind


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


class GroupKind(models.TextChoices):
    """A municipality's working group, or the regional network of a Bundesland run by the Integreat team."""

    LOCAL = "local", _("working group")
    NETWORK = "network", _("regional network")


class WorkingGroupQuerySet(models.QuerySet):
    def local(self):
        """The municipalities' working groups (no regional networks)."""
        return self.filter(kind=GroupKind.LOCAL)

    def networks(self):
        """The regional networks, one per Bundesland at most."""
        return self.filter(kind=GroupKind.NETWORK)

    def visible_to(self, user):
        """The groups a user may see: all for staff, otherwise those where the user has a role."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_staff:
            return self.all()
        return self.filter(roles__user=user).distinct()


class WorkingGroup(models.Model):
    """A working group of a municipality, or a regional network of a Bundesland (``kind``): the same code for its
    meetings, invitations, minutes and PDFs. A network belongs to no municipality but to a ``state``; its addresses
    start with ``netz/<state>/`` (``arbeitskreis.urls.GroupScopeConverter``), its members are the coordinators of
    the state's working groups (``arbeitskreis.access``; the networks app keeps its participants in step)."""

    kind = models.CharField(_("kind"), max_length=10, choices=GroupKind.choices, default=GroupKind.LOCAL)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="working_groups",
        verbose_name=_("municipality"),
        help_text=_("Empty for a regional network: it belongs to a Bundesland."),
    )
    state = models.CharField(
        _("federal state of the network"),
        max_length=2,
        choices=State.choices,
        blank=True,
        help_text=_("Only for a regional network; a working group is in its municipality's Bundesland."),
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
            models.UniqueConstraint(
                fields=["state"], condition=Q(kind=GroupKind.NETWORK), name="one_network_per_state"
            ),
            models.CheckConstraint(condition=Q(kind__in=GroupKind.values), name="group_known_kind"),
            models.CheckConstraint(
                condition=Q(kind=GroupKind.LOCAL, municipality__isnull=False, state="")
                | (Q(kind=GroupKind.NETWORK, municipality__isnull=True) & ~Q(state="")),
                name="group_scope_matches_kind",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groups:detail", kwargs=self.url_kwargs())

    def url_kwargs(self):
        """The keyword arguments every URL inside this group starts with; a network has no municipality (``""``,
        which the URL's scope converter writes as ``netz``)."""
        return {"municipality": self.municipality.slug if self.municipality_id else "", "group": self.slug}

    @property
    def is_network(self):
        return self.kind == GroupKind.NETWORK

    @property
    def federal_state(self) -> str:
        """The Bundesland's code (public holidays, the network the group belongs to): the network's own, else the
        municipality's."""
        return self.state if self.is_network else self.municipality.state

    @property
    def federal_state_name(self) -> str:
        return State(self.federal_state).label if self.federal_state else ""

    @property
    def file_slug(self) -> str:
        """The municipality's slug (``netz-<state>`` for a network), for the names of exported files."""
        return f"netz-{self.slug}" if self.is_network else self.municipality.slug

    @property
    def scope_name(self) -> str:
        """Where the group works, for headers and mails: the municipality's name, or a network's Bundesland."""
        return self.federal_state_name if self.is_network else self.municipality.name


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


# --- The team: invitations, the group's history, handovers ----------------------------------------------------


class TeamInvitationQuerySet(models.QuerySet):
    def pending(self, now=None):
        """Invitations whose link still works: neither accepted nor withdrawn, and not expired."""
        return self.filter(accepted_at=None, withdrawn_at=None, expires_at__gt=now or timezone.now())


class TeamInvitation(models.Model):
    """A colleague invited into a group's team by email: a one-time link, valid for a limited time.

    Only the SHA-256 of the link's secret is stored (``token_digest``); resending makes a new secret, so the earlier
    link stops working. Accepting or withdrawing ends the invitation.
    """

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="team_invitations", verbose_name=_("working group")
    )
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=20, choices=RoleKind.choices, default=RoleKind.COORDINATOR)
    token_digest = models.CharField(_("token digest"), max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    language = models.CharField(_("language of the mail"), max_length=10, default="de")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("last sent at"), default=timezone.now)
    send_count = models.PositiveSmallIntegerField(_("times sent"), default=1)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    objects = TeamInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("team invitation")
        verbose_name_plural = _("team invitations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(role__in=RoleKind.values), name="team_invitation_known_role"),
        ]

    def __str__(self):
        return f"{self.email} – {self.working_group}"

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()


class HandoverQuerySet(models.QuerySet):
    def involving(self, user):
        """The handovers ``user`` gave or received."""
        return self.filter(Q(predecessor=user) | Q(successor=user))


class Handover(models.Model):
    """A coordinator handed the group over to a successor. ``sections`` keeps what was handed over, as it was then
    (arbeitskreis/handover.py composes it); the handover report PDF is made from it."""

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="handovers", verbose_name=_("working group")
    )
    predecessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="handovers_given",
        verbose_name=_("handed over by"),
    )
    successor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="handovers_received",
        verbose_name=_("successor"),
    )
    # The names at the time of the handover (an account may be renamed or deleted later).
    predecessor_name = models.CharField(_("name of the predecessor"), max_length=300)
    successor_name = models.CharField(_("name of the successor"), max_length=300)
    predecessor_stays = models.BooleanField(_("predecessor stays as observer"), default=True)
    note = models.TextField(_("notes for the successor"), blank=True)
    sections = models.JSONField(_("what was handed over"), default=list, blank=True)
    created_at = models.DateTimeField(_("handed over at"), default=timezone.now)

    objects = HandoverQuerySet.as_manager()

    class Meta:
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.working_group}: {self.predecessor_name} → {self.successor_name}"


class GroupEvent(models.Model):
    """One line of a group's history: who joined or left, role changes, invitations, handovers, settings changed.

    Names are copied when the event is written, so that the history still says who it was after an account is
    renamed or deleted.
    """

    working_group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="events", verbose_name=_("working group")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    actor_name = models.CharField(_("by (name)"), max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("concerns"),
    )
    user_name = models.CharField(_("concerns (name)"), max_length=300, blank=True)
    email = models.EmailField(_("email"), blank=True)
    old_role = models.CharField(_("role before"), max_length=20, choices=RoleKind.choices, blank=True)
    new_role = models.CharField(_("role after"), max_length=20, choices=RoleKind.choices, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    handover = models.ForeignKey(
        Handover, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("handover")
    )

    class Meta:
        verbose_name = _("event of a working group")
        verbose_name_plural = _("history of the working groups")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["working_group", "-created_at"], name="group_event_recent")]

    def __str__(self):
        return f"{self.working_group}: {self.get_kind_display()}"
