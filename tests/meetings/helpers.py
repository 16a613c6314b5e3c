"""Helpers of the meetings tests: addresses, a valid meeting form, the messages of a response."""

import datetime

from django.urls import reverse
from django.utils import timezone

from meetings.scheduling import next_working_day


def url(name, group, **kwargs):
    return reverse(name, kwargs={**group.url_kwargs(), **kwargs})


def future_day(days=40):
    """A working day about ``days`` from today (moved off weekends and Baden-Württemberg's holidays, so that the
    form's day-off warning only appears in the tests that ask for it)."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return next_working_day(day, state="BW")[0]


def form_data(**overrides):
    data = {
        "title": "Erstes Treffen",
        "day": future_day().isoformat(),
        "start_time": "16:00",
        "end_time": "17:30",
        "place": "Landratsamt, Saal 1",
        "online_link": "",
        "organiser_notes": "",
        "template": "",
    }
    data.update(overrides)
    return data


def messages_of(response):
    return [str(message) for message in response.context["messages"]]
