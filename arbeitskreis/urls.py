import re

from django.contrib import admin
from django.urls import include, path, register_converter

from arbeitskreis import views
from findings import personal_urls as findings_personal_urls
from findings.urls import overview_patterns
from meetings import personal_urls as meetings_personal_urls
from members import personal_urls as members_personal_urls
from minutes import personal_urls as minutes_personal_urls
from minutes.urls import archive_patterns
from networks.urls import feedback_patterns, network_patterns, newcomer_patterns, public_patterns, staff_patterns


class TokenConverter:
    """A personal link token: 32 to 64 URL-safe characters (never one of the page names under ``p/``)."""

    regex = r"[A-Za-z0-9_-]{32,64}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TokenConverter, "token")

SLUG = re.compile(r"[-a-zA-Z0-9_]+")


class GroupScopeConverter:
    """Where a group's addresses start: ``ak/<municipality>`` for a municipality's working group, ``netz`` for a
    regional network (which belongs to no municipality: its ``municipality`` is ``""``).

    So every page of a group — ``{% url 'meetings:list' group.municipality.slug group.slug %}``, ``group_url(…)`` —
    is reversed with the same two arguments for both kinds: a network's empty municipality gives
    ``netz/<state>/meetings/``, and :func:`arbeitskreis.access.group_view` looks the network up by its slug.
    """

    regex = r"ak/[-a-zA-Z0-9_]+|netz"

    def to_python(self, value):
        return value.removeprefix("ak/") if value != "netz" else ""

    def to_url(self, value):
        if not value:
            return "netz"
        if not SLUG.fullmatch(str(value)):
            raise ValueError(value)
        return f"ak/{value}"


register_converter(GroupScopeConverter, "scope")

group_patterns = (
    [
        path("", views.group_detail, name="detail"),
        path("settings/", views.group_settings, name="settings"),
    ],
    "groups",
)

# Every URL inside a working group starts with the municipality and the group (``ak/<municipality>/<group>/``), every
# URL inside a regional network with ``netz/<state>/`` (GroupScopeConverter): the same views serve both.
GROUP_PREFIX = "<scope:municipality>/<slug:group>/"

# What a participant reaches through their personal link, under one prefix: the link ``p/<token>/…`` is exchanged
# for a participant session and redirected to ``p/…`` (arbeitskreis.access); each app brings its own pages.
personal_patterns = (
    [
        *members_personal_urls.urlpatterns,
        *meetings_personal_urls.urlpatterns,
        *findings_personal_urls.urlpatterns,
        *minutes_personal_urls.urlpatterns,
        path("<token:token>/", views.personal_link, name="entry"),
        path("<token:token>/<path:rest>", views.personal_link, name="entry-path"),
        # Anything else under p/ (a link cut short when copied, a mistyped one): the invalid-link page.
        path("<path:rest>", views.personal_link_unknown, name="unknown"),
    ],
    "personal",
)

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accounts/", include("arbeitskreis.account_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Staff's overview of the networks and the feedback inbox first: ``netz/new/`` is no network.
    path("", include(staff_patterns)),
    # A network's own pages; its home ``netz/<state>/`` is also where ``groups:detail`` of a network leads.
    path("netz/<slug:group>/", include(network_patterns)),
    path(GROUP_PREFIX, include(group_patterns)),
    path(GROUP_PREFIX + "members/", include("members.urls")),
    path(GROUP_PREFIX + "meetings/", include("meetings.urls")),
    path(GROUP_PREFIX + "findings/", include("findings.urls")),
    path(GROUP_PREFIX + "minutes/", include("minutes.urls")),
    path(GROUP_PREFIX + "team/", include("arbeitskreis.team_urls")),
    path(GROUP_PREFIX + "integreat/", include("integreat.urls")),
    path(GROUP_PREFIX + "feedback/", include(feedback_patterns)),
    path(GROUP_PREFIX + "newcomers/", include(newcomer_patterns)),
    path("n/", include(public_patterns)),
    path("p/", include(personal_patterns)),
    path("feeds/", include("meetings.feed_urls")),
    path("impact/", include(overview_patterns)),
    path("protocols/", include(archive_patterns)),
]

admin.site.site_header = "Arbeitskreis"
admin.site.site_title = "Arbeitskreis"

# A request Django could not read (too large, too many fields, a bad cookie): the page in the layout.
handler400 = "arbeitskreis.errors.bad_request"
