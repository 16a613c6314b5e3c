"""The minutes and measures of a working group, under ``ak/<municipality>/<group>/minutes/``."""

from django.urls import path

from minutes import document_views, measure_views, views

app_name = "minutes"

urlpatterns = [
    path("", views.minutes_list, name="list"),
    path("archive.zip", views.minutes_archive, name="archive"),
    path("<int:pk>/", views.minutes_detail, name="detail"),
    path("<int:pk>/edit/", views.minutes_edit, name="edit"),
    path("<int:pk>/review/", views.minutes_review, name="review"),
    path("<int:pk>/approve/", views.minutes_approve, name="approve"),
    path("<int:pk>/correct/", views.minutes_correct, name="correct"),
    path("<int:pk>/send/", views.minutes_send, name="send"),
    path("<int:pk>/pdf/", views.minutes_pdf, name="pdf"),
    path("<int:pk>/versions/<int:number>/", views.minutes_version, name="version"),
    path("<int:pk>/versions/<int:number>/pdf/", views.minutes_version_pdf, name="version-pdf"),
    path("<int:pk>/versions/<int:number>/changes/", views.minutes_diff, name="diff"),
    # Measures (Maßnahmen): the register, its exports, one measure, its forms and status change.
    path("measures/", measure_views.measure_list, name="measures"),
    path("measures/new/", measure_views.measure_create, name="measure-create"),
    path("measures/export.csv", measure_views.export_csv, name="measures-export-csv"),
    path("measures/export.xlsx", measure_views.export_xlsx, name="measures-export-xlsx"),
    path("measures/<int:pk>/", measure_views.measure_detail, name="measure-detail"),
    path("measures/<int:pk>/edit/", measure_views.measure_edit, name="measure-edit"),
    path("measures/<int:pk>/status/", measure_views.measure_transition, name="measure-transition"),
    # Printed documents of a meeting: invitation letters (for people without email) and the attendance sheet.
    path("meetings/<int:pk>/letters/", document_views.letters, name="letters"),
    path("meetings/<int:pk>/attendance-sheet/", document_views.attendance_sheet, name="attendance-sheet"),
]

# Staff: the protocols of a year across all groups (outside any group).
archive_patterns = ([path("<int:year>.zip", views.protocols_of_year, name="year")], "protocols")
