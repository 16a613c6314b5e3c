"""The own account (name and email) and the password reset: its mail through the outbox, its link single-use and
expiring."""

import datetime

import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from outbox.models import OutboxMail
from tests.factories import PASSWORD, UserFactory
from tests.mail import links, text
from tests.snapshot import database_rows

INVALID = "Dieser Link ist nicht mehr gültig"


def test_the_account_page_changes_the_name(coordinator_client, world):
    content = coordinator_client.get(reverse("account:profile")).content.decode()
    assert "Mein Konto" in content and "Benutzername: coord" in content
    response = coordinator_client.post(
        reverse("account:profile"), {"first_name": "Jana", "last_name": "Öztürk", "email": world.coordinator.email}
    )
    assert response["Location"] == reverse("account:profile")
    world.coordinator.refresh_from_db()
    assert world.coordinator.get_full_name() == "Jana Öztürk"
    assert not OutboxMail.objects.exists()
    assert "Angemeldet als Jana Öztürk" in coordinator_client.get(reverse("dashboard")).content.decode()


def test_a_new_email_needs_the_password_and_the_old_address_is_told(
    coordinator_client, world, django_capture_on_commit_callbacks
):
    old = world.coordinator.email
    data = {"first_name": "Test", "last_name": "Person", "email": "neu@example.org"}
    before = database_rows()
    response = coordinator_client.post(reverse("account:profile"), data)
    assert "Bitte geben Sie Ihr aktuelles Passwort ein" in response.content.decode()
    assert database_rows() == before
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(reverse("account:profile"), {**data, "current_password": PASSWORD})
    world.coordinator.refresh_from_db()
    assert world.coordinator.email == "neu@example.org"
    (notice,) = mail.outbox
    assert notice.to == [old]
    assert notice.subject == "Arbeitskreis: Ihre E-Mail-Adresse wurde geändert"
    assert f"von {old} in neu@example.org geändert" in text(notice)


def test_an_address_of_another_account_is_refused(coordinator_client, world):
    response = coordinator_client.post(
        reverse("account:profile"),
        {"first_name": "A", "last_name": "B", "email": world.observer.email.upper(), "current_password": PASSWORD},
    )
    assert "Diese E-Mail-Adresse wird bereits von einem anderen Konto verwendet." in response.content.decode()


def _reset_link(client, email, commit):
    mail.outbox.clear()
    with commit(execute=True):
        client.post(reverse("password_reset"), {"email": email})
    (message,) = mail.outbox
    return next(link for link in links(text(message)) if "/accounts/reset/" in link)


def test_a_reset_link_works_once(client, world, django_capture_on_commit_callbacks):
    link = _reset_link(client, world.coordinator.email, django_capture_on_commit_callbacks)
    response = client.get(link, follow=True)
    assert "Neues Passwort wählen" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    assert "set-password" in form_url  # Django swaps the token for the session at once
    response = client.post(form_url, {"new_password1": "Neu-im-Kreis-2026", "new_password2": "Neu-im-Kreis-2026"})
    assert response["Location"] == reverse("password_reset_complete")
    world.coordinator.refresh_from_db()
    assert world.coordinator.check_password("Neu-im-Kreis-2026")
    # The same link again: the new password makes it invalid.
    other = Client()
    content = other.get(link, follow=True).content.decode()
    assert INVALID in content and "Neues Passwort wählen" not in content.split(INVALID)[1]


def test_a_reset_link_expires_after_a_day(client, world, django_capture_on_commit_callbacks):
    """PASSWORD_RESET_HOURS is 24. Django's tokens read the naive local clock, which time-machine moves in UTC: the
    checks stay an hour or more away from the limit."""
    link = _reset_link(client, world.coordinator.email, django_capture_on_commit_callbacks)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=22)):
        assert "Neues Passwort wählen" in Client().get(link, follow=True).content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=26)):
        assert INVALID in Client().get(link, follow=True).content.decode()


def test_a_wrong_reset_link_shows_the_invalid_page(client, world):
    content = client.get(reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "abc-def"})).content
    assert INVALID in content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "niemand@example.org"}, follow=True)
    assert "Bitte sehen Sie in Ihr Postfach" in response.content.decode()
    assert mail.outbox == [] and not OutboxMail.objects.exists()


def test_a_user_made_by_an_invitation_can_reset_too(client, world, django_capture_on_commit_callbacks):
    UserFactory(username="neu", email="neu@example.org")
    assert "/accounts/reset/" in _reset_link(client, "NEU@example.org", django_capture_on_commit_callbacks)
    assert get_user_model().objects.filter(email="neu@example.org").count() == 1
