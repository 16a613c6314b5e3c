"""The environment helpers fail loudly on bad values, and production settings pass `check --deploy`."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from arbeitskreis.env import env_bool, env_int, env_list, env_url, parse_email_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("true", True), ("Yes", True), ("0", False), ("off", False)]
)
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env_bool("SOME_FLAG", not expected) is expected


def test_env_bool_rejects_anything_else(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "ja")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG must be a boolean"):
        env_bool("SOME_FLAG", False)


def test_env_int_rejects_text_and_too_small(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "zehn")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER must be an integer"):
        env_int("SOME_NUMBER", 1)
    monkeypatch.setenv("SOME_NUMBER", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env_int("SOME_NUMBER", 1, minimum=0)


def test_env_list_and_url(monkeypatch):
    monkeypatch.setenv("SOME_LIST", " a.example.org, b.example.org ,,")
    assert env_list("SOME_LIST", []) == ["a.example.org", "b.example.org"]
    monkeypatch.setenv("SOME_URL", "https://ak.example.org/")
    assert env_url("SOME_URL") == "https://ak.example.org"
    monkeypatch.setenv("SOME_URL", "ak.example.org")
    with pytest.raises(ImproperlyConfigured, match="absolute URL"):
        env_url("SOME_URL")


def test_email_url_for_smtp_with_starttls():
    config = parse_email_url("EMAIL_URL", "smtp+tls://user%40ak:geheim@mail.example.org:2525?timeout=10")
    assert config == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 2525,
        "EMAIL_HOST_USER": "user@ak",
        "EMAIL_HOST_PASSWORD": "geheim",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 10,
    }


def test_email_url_with_unknown_scheme_fails():
    with pytest.raises(ImproperlyConfigured, match="unknown scheme 'imap'"):
        parse_email_url("EMAIL_URL", "imap://mail.example.org")


def _manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "DATABASE_URL"}}
    base.update(env, DJANGO_SETTINGS_MODULE="arbeitskreis.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120
    )


def test_base_url_follows_the_host_served_in_development():
    show = ("shell", "-c", "from django.conf import settings; print('BASE_URL', settings.BASE_URL)")
    assert "BASE_URL http://127.0.0.1:8123" in _manage(*show, DEBUG="1", HOST="127.0.0.1:8123").stdout
    assert (
        "BASE_URL https://ak.example.org"
        in _manage(*show, DEBUG="1", HOST="127.0.0.1:8123", BASE_URL="https://ak.example.org").stdout
    )
    # The Makefile hands `make run HOST=…` to the settings.
    dry_run = subprocess.run(
        ["make", "-n", "run", "HOST=127.0.0.1:8123"], cwd=ROOT, capture_output=True, text=True, timeout=60
    ).stdout
    assert "runserver 127.0.0.1:8123" in dry_run
    assert "run: export HOST := $(HOST)" in (ROOT / "Makefile").read_text(encoding="utf-8")


def test_production_needs_a_secret_key():
    result = _manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is required when DEBUG is off" in result.stderr


def test_manage_py_on_a_development_machine_needs_no_variables():
    show_debug = ("shell", "-c", "from django.conf import settings; print('DEBUG', settings.DEBUG)")
    result = _manage(*show_debug)
    assert result.returncode == 0, result.stderr
    assert "DEBUG True" in result.stdout
    result = _manage(*show_debug, SECRET_KEY="x7!k2p" * 10)  # a production machine: DEBUG stays off
    assert "DEBUG False" in result.stdout


def test_a_bad_boolean_stops_the_start():
    result = _manage("check", DEBUG="vielleicht")
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_production_settings_pass_check_deploy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x7!k2p" * 10,
        ALLOWED_HOSTS="ak.example.org",
        CSRF_TRUSTED_ORIGINS="https://ak.example.org",
        BASE_URL="https://ak.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
