"""Login throttling (django-axes): after LOGIN_FAILURE_LIMIT failures of one user name from one address the login is
locked with a German page (429); staff unlock it (admin or ``axes_reset_username``), a new password ends it too.

The suite keeps the production limits: failures count per user name *and* address and a successful login forgets
them, every test starts with an empty database, and the matrix and most tests log in with ``force_login`` — so
only a test that fails on purpose gets locked.
"""

import io

from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from arbeitskreis.accounts import client_ip
from tests.factories import PASSWORD

LOCKED = "Anmeldung vorübergehend gesperrt"


def _login(client, username="coord", password="falsch", address="203.0.113.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def _lock(client, username="coord", address="203.0.113.7"):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _login(client, username, address=address)
        assert response.status_code in (200, 429)
    return response


def test_too_many_failures_lock_the_login_with_a_german_page(client, world):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert _login(client).status_code == 200
    response = _login(client)
    assert response.status_code == 429
    content = response.content.decode()
    assert LOCKED in content
    assert "von hier aus für 15 Minuten gesperrt" in content
    assert '<html lang="de">' in content
    # Now even the right password is refused, and nobody is logged in.
    response = _login(client, password=PASSWORD)
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username="coord").failures_since_start >= 5


def test_the_lock_holds_one_name_from_one_address(client, world):
    _lock(client)
    # The same name from another address, another name from the same address: not locked.
    assert _login(Client(), password=PASSWORD, address="198.51.100.9").status_code == 302
    assert _login(Client(), username="observer", password=PASSWORD).status_code == 302


def test_a_success_before_the_limit_forgets_the_failures(client, world):
    for _ in range(4):
        _login(client)
    assert _login(client, password=PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        assert _login(client).status_code == 200


def test_staff_unlock_with_the_command(client, world):
    _lock(client)
    out = io.StringIO()
    call_command("axes_reset_username", "coord", stdout=out)
    assert "1 attempts removed." in out.getvalue()
    assert _login(client, password=PASSWORD).status_code == 302


def test_staff_see_and_lift_the_lock_in_the_admin(client, world):
    _lock(client)
    admin = Client()
    admin.force_login(world.staff.__class__.objects.create_superuser("chefin", "chefin@example.org", "x"))
    attempt = AccessAttempt.objects.get()
    changelist = admin.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "coord" in changelist
    response = admin.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert _login(client, password=PASSWORD).status_code == 302


def test_a_new_password_by_mail_ends_the_lock(client, world, django_capture_on_commit_callbacks):
    from django.core import mail

    from tests.mail import links, text

    _lock(client)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": world.coordinator.email})
    link = next(link for link in links(text(mail.outbox[0])) if "/accounts/reset/" in link)
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": "Neu-im-Kreis-2026", "new_password2": "Neu-im-Kreis-2026"})
    assert not AccessAttempt.objects.exists()
    assert _login(client, password="Neu-im-Kreis-2026").status_code == 302


def test_the_address_counted_is_the_proxys_last_one_only_behind_the_proxy():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.7")
    assert client_ip(request) == "10.0.0.2"
    with override_settings(BEHIND_PROXY=True):
        # The client may have written "1.2.3.4" itself; the proxy appended what it saw.
        assert client_ip(request) == "203.0.113.7"


def test_an_overlong_user_name_is_refused_before_it_is_counted(client, world):
    """A name longer than any user's is an error next to the field; it never reaches the failure counter, whose
    column is shorter (a server error on PostgreSQL)."""
    response = client.post(reverse("login"), {"username": "x" * 1000, "password": "falsch"})
    assert response.status_code == 200
    assert [error.code for error in response.context["form"].errors.as_data()["username"]] == ["max_length"]
    assert not AccessAttempt.objects.exists()
