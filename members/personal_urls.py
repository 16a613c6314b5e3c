"""The participant's own pages under ``p/`` (composed with the other apps' in ``arbeitskreis/urls.py``)."""

from django.urls import path

from members import personal_views

urlpatterns = [
    path("", personal_views.personal_page, name="page"),
    path("data.json", personal_views.personal_data_json, name="data-json"),
    path("delete/", personal_views.personal_deletion_request, name="deletion-request"),
]
