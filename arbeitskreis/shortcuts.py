"""Small helpers shared by the apps' views."""

from django.core.exceptions import ValidationError
from django.urls import reverse


def group_url(name, group, **kwargs):
    """``reverse`` for a URL inside ``group``: the group's slugs plus ``kwargs``."""
    return reverse(name, kwargs={**group.url_kwargs(), **kwargs})


def error_text(error: ValidationError) -> str:
    """A service's ValidationError as one sentence for a message."""
    return " ".join(error.messages)


# A number no URL of the app contains otherwise (slugs are letters, digits and hyphens, never ten digits in a row).
_PLACEHOLDER = 7_319_046_285


def url_maker(name, *, vary, **kwargs):
    """A function ``value → URL`` for many rows of one URL pattern whose argument ``vary`` changes from row to row:
    ``reverse`` runs once (it costs tens of microseconds; a table of 300 people called it per row and per link)."""
    url = reverse(name, kwargs={**kwargs, vary: _PLACEHOLDER})
    prefix, placeholder, suffix = url.partition(str(_PLACEHOLDER))
    if not placeholder or str(_PLACEHOLDER) in suffix:
        raise ValueError(f"{name}: the placeholder does not appear exactly once in {url}")
    return lambda value: f"{prefix}{value}{suffix}"
