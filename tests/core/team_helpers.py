"""Helpers of the team tests: addresses, messages, an invitation sent through the page and the link of its mail."""

from django.contrib.messages import get_messages
from django.urls import reverse

from outbox.models import OutboxMail
from tests.mail import links

INVALID = "Dieser Link ist nicht mehr gültig"


def url(name, group, **kwargs):
    return reverse(name, kwargs={**group.url_kwargs(), **kwargs})


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def invite(client, group, email="kollegin@example.org", role="observer", commit=None):
    """Send an invitation through the page; the mail (sent on commit) and the link in it."""
    if commit is None:
        response = client.post(url("team:invite", group), {"email": email, "role": role})
        return response, None
    with commit(execute=True):
        response = client.post(url("team:invite", group), {"email": email, "role": role})
    return response, OutboxMail.objects.filter(kind="team-invitation").latest("pk")


def invitation_link(mail):
    return next(link for link in links(mail.text_body) if "/accounts/invitation/" in link)
