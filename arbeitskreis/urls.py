from django.contrib import admin
from django.urls import include, path

from arbeitskreis import views
from findings.urls import overview_patterns, suggest_patterns
from members.urls import personal_patterns

group_patterns = (
    [
        path("", views.group_detail, name="detail"),
        path("settings/", views.group_settings, name="settings"),
    ],
    "groups",
)

# Every URL inside a working group starts with the municipality and the group.
GROUP_PREFIX = "ak/<slug:municipality>/<slug:group>/"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path(GROUP_PREFIX, include(group_patterns)),
    path(GROUP_PREFIX + "members/", include("members.urls")),
    path("p/<str:token>/suggest/", include(suggest_patterns)),
    path("p/<str:token>/", include(personal_patterns)),
    path(GROUP_PREFIX + "meetings/", include("meetings.urls")),
    path(GROUP_PREFIX + "findings/", include("findings.urls")),
    path("impact/", include(overview_patterns)),
]

admin.site.site_header = "Arbeitskreis"
admin.site.site_title = "Arbeitskreis"
