"""The participant's minutes pages under ``p/`` (composed with the other apps' in ``arbeitskreis/urls.py``)."""

from django.urls import path

from minutes import personal_views

urlpatterns = [
    path("minutes/<int:pk>/", personal_views.minutes, name="minutes"),
    path("minutes/<int:pk>/pdf/", personal_views.minutes_pdf, name="minutes-pdf"),
]
