"""The addresses of the networks app.

- ``network_patterns`` (``network:``) under ``netz/<state>/``: a network's home, mailing list and report — the
  network's meetings, minutes and participants are the other apps' pages under the same prefix
  (``arbeitskreis.urls.GroupScopeConverter``).
- ``staff_patterns`` (``networks:``): the staff's overview of the Bundesländer (``netz/``), a new network, the
  feedback inbox across all municipalities (``feedback/``), and a coordinator's place on a mailing list.
- ``feedback_patterns`` (``feedback:``) and ``newcomer_patterns`` (``newcomers:``) inside a working group.
- ``public_patterns`` (``newcomer-form:``) under ``n/``: the newcomers' anonymous form, no login.
"""

from django.urls import path

from networks import feedback_views, newcomer_views, views

# A network has no municipality: its pages are called (and reversed) with ``municipality=""`` like every page of a
# group (``group.url_kwargs()``), so that ``group_view`` looks the network up by its slug.
NETWORK = {"municipality": ""}

network_patterns = (
    [
        path("", views.home, NETWORK, name="home"),
        path("sync/", views.sync, NETWORK, name="sync"),
        path("mailing-list/", views.mailing_list, NETWORK, name="mailing-list"),
        path("mailing-list.csv", views.mailing_list_csv, NETWORK, name="mailing-list-csv"),
        path("mailing-list.xlsx", views.mailing_list_xlsx, NETWORK, name="mailing-list-xlsx"),
        path("report/", views.report, NETWORK, name="report"),
        path("report.pdf", views.report_pdf, NETWORK, name="report-pdf"),
    ],
    "network",
)

staff_patterns = (
    [
        path("netz/", views.network_list, name="list"),
        path("netz/new/", views.network_create, name="create"),
        path("netz/memberships/<int:pk>/", views.mailing_list_membership, name="membership"),
        path("feedback/", feedback_views.inbox, name="inbox"),
        path("feedback/<int:pk>/", feedback_views.inbox_item, name="inbox-item"),
    ],
    "networks",
)

feedback_patterns = (
    [
        path("", feedback_views.feedback_list, name="list"),
        path("new/", feedback_views.feedback_create, name="create"),
    ],
    "feedback",
)

newcomer_patterns = (
    [
        path("", newcomer_views.overview, name="overview"),
        path("link/", newcomer_views.link, name="link"),
        path("qr.svg", newcomer_views.qr, name="qr"),
        path("poster.pdf", newcomer_views.poster, name="poster"),
        path("<int:pk>/finding/", newcomer_views.to_finding, name="to-finding"),
    ],
    "newcomers",
)

public_patterns = (
    [
        path("<slug:key>/", newcomer_views.public_form, name="form"),
        path("<slug:key>/thanks/", newcomer_views.public_thanks, name="thanks"),
    ],
    "newcomer-form",
)
