"""The participant's meeting pages under ``p/`` (composed with the other apps' in ``arbeitskreis/urls.py``)."""

from django.urls import path

from meetings import personal_views

urlpatterns = [
    path("meetings/<int:pk>/", personal_views.meeting, name="meeting"),
    path("calendar/", personal_views.calendar, name="calendar"),
]
