"""The minutes and measures of a working group, under ``ak/<municipality>/<group>/minutes/``."""

from django.urls import path  # noqa: F401 — the pages follow

app_name = "minutes"

urlpatterns = []
