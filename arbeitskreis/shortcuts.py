"""Small helpers shared by the apps' views."""

from django.core.exceptions import ValidationError
from django.urls import reverse


def group_url(name, group, **kwargs):
    """``reverse`` for a URL inside ``group``: the group's slugs plus ``kwargs``."""
    return reverse(name, kwargs={**group.url_kwargs(), **kwargs})


def error_text(error: ValidationError) -> str:
    """A service's ValidationError as one sentence for a message."""
    return " ".join(error.messages)
