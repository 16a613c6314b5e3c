"""The calendar feeds under ``feeds/`` (outside every group: the token is the key)."""

from django.urls import path

from meetings import feed_views

app_name = "feeds"

urlpatterns = [
    path("<token:token>.ics", feed_views.calendar_feed, name="calendar"),
]
