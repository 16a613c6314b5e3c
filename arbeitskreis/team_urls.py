"""The team of a working group, its history and its handover: ``ak/<municipality>/<group>/team/…`` (``team:…``)."""

from django.urls import path

from arbeitskreis import handover_views, team_views

app_name = "team"

urlpatterns = [
    path("", team_views.team_page, name="list"),
    path("invite/", team_views.invite, name="invite"),
    path("members/<int:pk>/role/", team_views.change_role, name="role"),
    path("members/<int:pk>/remove/", team_views.remove, name="remove"),
    path("invitations/<int:pk>/resend/", team_views.resend_invitation, name="invitation-resend"),
    path("invitations/<int:pk>/withdraw/", team_views.withdraw_invitation, name="invitation-withdraw"),
    path("history/", team_views.history_page, name="history"),
    path("handover/", handover_views.handover_page, name="handover"),
    path("handovers/<int:pk>/report.pdf", handover_views.group_report, name="handover-report"),
]
