"""Helpers of the meetings tests: addresses, a valid meeting form, the messages of a response."""

import datetime

from django.urls import reverse
from django.utils import timezone


def url(name, group, **kwargs):
    return reverse(name, kwargs={**group.url_kwargs(), **kwargs})


def future_day(days=40):
    return timezone.localdate() + datetime.timedelta(days=days)


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
