"""Small helpers shared by the apps' views."""

from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.urls import reverse


def group_url(name, group, **kwargs):
    """``reverse`` for a URL inside ``group``: the group's slugs plus ``kwargs``."""
    return reverse(name, kwargs={**group.url_kwargs(), **kwargs})


def post_only(request):
    """For POST-only actions that look their object up first (another group's id: 404): 405 for other methods."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


def error_text(error: ValidationError) -> str:
    """A service's ValidationError as one sentence for a message."""
    return " ".join(error.messages)
