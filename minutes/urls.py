"""The minutes and measures of a working group, under ``ak/<municipality>/<group>/minutes/``."""

from django.urls import path

from minutes import document_views, measure_views

app_name = "minutes"

urlpatterns = [
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
