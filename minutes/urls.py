"""The minutes and measures of a working group, under ``ak/<municipality>/<group>/minutes/``."""

from django.urls import path

from minutes import views

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
]

# Staff: the protocols of a year across all groups (outside any group).
archive_patterns = ([path("<int:year>.zip", views.protocols_of_year, name="year")], "protocols")
