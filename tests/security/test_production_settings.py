"""Production settings: a weak SECRET_KEY stops the start; cookies are Secure, HttpOnly and SameSite=Lax."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from arbeitskreis.env import DEVELOPMENT_SECRET_KEY

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "ci-1764675530-not-a-real-secret-key-but-long-enough-for-checks"  # the form .ci/run uses
PRODUCTION = {
    "DEBUG": "0",
    "ALLOWED_HOSTS": "ak.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://ak.example.org",
    "BASE_URL": "https://ak.example.org",
}
SHOW = (
    "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps({n: getattr(s, n) "
    "for n in ['SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE', 'CSRF_COOKIE_SECURE',"
    " 'CSRF_COOKIE_HTTPONLY', 'CSRF_COOKIE_SAMESITE', 'DEBUG', 'SECRET_KEY']}))"
)


def _settings(**env):
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    base.update(env, DJANGO_SETTINGS_MODULE="arbeitskreis.settings")
    return subprocess.run([sys.executable, "-c", SHOW], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("Kurz-aber-zufaellig-7f3a9", "shorter than 50 characters"),
        ("ab" * 40, "fewer than 5 different characters"),
        (DEVELOPMENT_SECRET_KEY, "development default"),
        ("django-insecure-" + "q8#Lm2!vR0zX5pK9tW3yB6nC1dF4gH7jS" * 2, "django-insecure"),
    ],
)
def test_a_weak_secret_key_stops_the_start_in_production(key, problem):
    result = _settings(**PRODUCTION, SECRET_KEY=key)
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY" in result.stderr
    assert problem in result.stderr
    assert key not in result.stderr  # the message never repeats the key


def test_a_strong_key_starts_and_development_mode_keeps_its_default():
    result = _settings(**PRODUCTION, SECRET_KEY=GOOD_KEY)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["SECRET_KEY"] == GOOD_KEY
    result = _settings(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY
    result = _settings(DEBUG="1", SECRET_KEY="short")  # a developer's own key: not checked without production
    assert result.returncode == 0, result.stderr


def test_production_cookies_are_secure_httponly_and_same_site_lax():
    result = _settings(**PRODUCTION, SECRET_KEY=GOOD_KEY)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    for cookie in ("SESSION", "CSRF"):
        assert values[f"{cookie}_COOKIE_SECURE"] is True
        assert values[f"{cookie}_COOKIE_HTTPONLY"] is True
        assert values[f"{cookie}_COOKIE_SAMESITE"] == "Lax"


def test_the_login_page_sets_its_csrf_cookie_httponly_and_lax(client):
    response = client.get("/accounts/login/")
    cookie = response.cookies["csrftoken"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_no_script_reads_the_csrf_cookie():
    for script in (ROOT / "static").rglob("*.js"):
        if "vendor" not in script.parts:
            assert "csrftoken" not in script.read_text(encoding="utf-8"), script
