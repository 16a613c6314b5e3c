"""Helpers for the participant's pages behind the personal link."""

from django.urls import reverse


def personal_link(participant, rest=""):
    """The address of the participant's personal link (as in a mail), optionally to a page behind it."""
    if rest:
        return reverse("personal:entry-path", kwargs={"token": participant.token, "rest": rest})
    return reverse("personal:entry", kwargs={"token": participant.token})


def open_personal_link(client, participant, rest=""):
    """Follow the participant's personal link as the reader of a mail does; the client then has their session.

    Returns the redirect (to the same page without the token)."""
    response = client.get(personal_link(participant, rest))
    assert response.status_code == 302, response.status_code
    assert participant.token not in response["Location"]
    return response
