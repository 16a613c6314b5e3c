"""German login, logout, password pages; the language switch."""

from django.core import mail
from django.urls import reverse

from outbox.models import OutboxMail
from tests.factories import PASSWORD
from tests.mail import text


def test_login_page_is_german(client, db):
    response = client.get(reverse("login"))
    content = response.content.decode()
    assert '<html lang="de">' in content
    assert "<title>Anmelden · Arbeitskreis</title>" in content
    assert "Benutzername" in content and "Passwort" in content
    assert 'href="#main"' in content and "Zum Inhalt springen" in content


def test_anonymous_is_sent_to_login_with_next(client, world):
    response = client.get(reverse("groups:detail", kwargs=world.group.url_kwargs()))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/ak/landkreis-karlsruhe/arbeitskreis/"


def test_login_with_wrong_password_shows_german_error(client, world):
    response = client.post(reverse("login"), {"username": "coord", "password": "falsch"})
    assert (
        "Bitte Benutzername und Passwort eingeben. Beide Felder berücksichtigen die Groß-/Kleinschreibung."
        in response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_login_and_logout(client, world):
    response = client.post(reverse("login"), {"username": "coord", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert "Ihre Arbeitskreise" in response.content.decode()
    response = client.post(reverse("logout"), follow=True)
    assert "_auth_user_id" not in client.session
    assert "Anmelden" in response.content.decode()


def test_logout_by_get_is_refused(coordinator_client):
    assert coordinator_client.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in coordinator_client.session


def test_password_change(coordinator_client, world):
    response = coordinator_client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Neues-Passwort-2026",
            "new_password2": "Neues-Passwort-2026",
        },
        follow=True,
    )
    assert "Ihr Passwort wurde geändert." in response.content.decode()
    world.coordinator.refresh_from_db()
    assert world.coordinator.check_password("Neues-Passwort-2026")


def test_password_reset_sends_a_german_email(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": world.coordinator.email}, follow=True)
    assert "Bitte sehen Sie in Ihr Postfach" in response.content.decode()
    # Through the outbox: stored first, then sent.
    assert OutboxMail.objects.get(kind="password-reset").to_address == world.coordinator.email
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.coordinator.email]
    assert message.subject == "Arbeitskreis: neues Passwort wählen"
    assert "/accounts/reset/" in text(message)


def test_language_switch_to_english_and_back(coordinator_client, world):
    response = coordinator_client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "Your working groups" in content
    response = coordinator_client.post(reverse("set_language"), {"language": "de", "next": "/"}, follow=True)
    assert "Ihre Arbeitskreise" in response.content.decode()


def test_pages_load_nothing_from_other_hosts(coordinator_client, world):
    import re

    content = coordinator_client.get(reverse("dashboard")).content.decode()
    external = re.findall(r'(?:src|href)="(https?://[^"]+)"', content)
    assert external == []
