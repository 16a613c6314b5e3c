from django.urls import path

from members import import_views, views

app_name = "members"

urlpatterns = [
    path("", views.participant_list, name="participant-list"),
    path("new/", views.participant_create, name="participant-create"),
    path("<int:pk>/", views.participant_detail, name="participant-detail"),
    path("<int:pk>/edit/", views.participant_edit, name="participant-edit"),
    path("<int:pk>/leave/", views.participant_leave, name="participant-leave"),
    path("<int:pk>/erase/", views.participant_erase, name="participant-erase"),
    path("<int:pk>/link/rotate/", views.participant_token_rotate, name="participant-token-rotate"),
    path("<int:pk>/link/revoke/", views.participant_token_revoke, name="participant-token-revoke"),
    path("organisations/", views.organization_list, name="organization-list"),
    path("organisations/new/", views.organization_create, name="organization-create"),
    path("organisations/<int:pk>/", views.organization_detail, name="organization-detail"),
    path("organisations/<int:pk>/edit/", views.organization_edit, name="organization-edit"),
    path("import/", import_views.import_upload, name="import-upload"),
    path("import/<int:batch>/columns/", import_views.import_map, name="import-map"),
    path("import/<int:batch>/", import_views.import_preview, name="import-preview"),
    path("import/<int:batch>/confirm/", import_views.import_confirm, name="import-confirm"),
    path("export.csv", views.export_csv, name="export-csv"),
    path("export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("mailing-list/", views.mailing_list, name="mailing-list"),
]
