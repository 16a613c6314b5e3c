"""The participant's suggestion page under ``p/`` (composed with the other apps' in ``arbeitskreis/urls.py``)."""

from django.urls import path

from findings import personal_views

urlpatterns = [
    path("suggest/", personal_views.suggest, name="suggest"),
]
