"""Caches and sessions for several app servers: CACHE_URL/REDIS_URL pick Django's Redis backend, sessions stay in
the database, and a kept database connection is checked before it is reused (README "Running several instances")."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from arbeitskreis.env import env_bool, parse_cache_url
from tests.factories import PASSWORD
from tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
# The Redis that .ci/run starts (database 5 of the local server: nothing else of the machine uses it).
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")

SHOW = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps({'cache': s.CACHES['default'], 'session': s.SESSION_ENGINE, 'db': s.DATABASES['default']}))"
)


def _settings(**env):
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    base.update(env, DJANGO_SETTINGS_MODULE="arbeitskreis.settings", DEBUG="1")
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_cache_urls():
    assert parse_cache_url("CACHE_URL", "redis://:geheim@cache.example.org:6379/2") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://:geheim@cache.example.org:6379/2",
    }
    assert parse_cache_url("CACHE_URL", "rediss://cache.example.org:6380/0")["BACKEND"].endswith("RedisCache")
    assert parse_cache_url("CACHE_URL", "locmem://")["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert parse_cache_url("CACHE_URL", "dummy://")["BACKEND"] == "django.core.cache.backends.dummy.DummyCache"
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL has an unknown scheme 'memcached'"):
        parse_cache_url("CACHE_URL", "memcached://127.0.0.1:11211")
    with pytest.raises(ImproperlyConfigured, match="names no Redis host"):
        parse_cache_url("CACHE_URL", "redis:///0")


def test_one_instance_keeps_its_cache_in_memory_and_sessions_in_the_database():
    shown = _settings(DATABASE_URL="postgres://postgres@127.0.0.1:5432/nowhere")
    assert shown["cache"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert shown["session"] == "django.contrib.sessions.backends.db"
    # A kept connection is checked before a request reuses it; connecting waits 5 seconds at most.
    assert shown["db"]["CONN_HEALTH_CHECKS"] is True
    assert shown["db"]["OPTIONS"]["connect_timeout"] == 5


@pytest.mark.parametrize("variable", ["CACHE_URL", "REDIS_URL"])
def test_a_redis_url_shares_the_cache_and_sessions_stay_in_the_database(variable):
    shown = _settings(**{variable: "redis://127.0.0.1:6379/3", "DB_CONN_MAX_AGE": "60"})
    assert shown["cache"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/3",
    }
    assert shown["session"] == "django.contrib.sessions.backends.db"
    assert shown["db"]["CONN_MAX_AGE"] == 60
    assert shown["db"]["CONN_HEALTH_CHECKS"] is True


def _redis_available():
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def test_two_processes_share_the_redis_cache():
    if not _redis_available():
        if env_bool("REQUIRE_REDIS", False):
            pytest.fail(f"Redis is required (REQUIRE_REDIS=1) but {REDIS_URL} does not answer")
        pytest.skip(f"no Redis at {REDIS_URL} (.ci/run starts one and sets REQUIRE_REDIS=1)")
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    base.update(DJANGO_SETTINGS_MODULE="arbeitskreis.settings", DEBUG="1", CACHE_URL=REDIS_URL)
    code = "from django.core.cache import cache; {}"
    marker = os.urandom(8).hex()
    write = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code.format(f"cache.set('ops-shared', '{marker}', 60)")],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert write.returncode == 0, write.stderr
    read = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code.format("print(cache.get('ops-shared'))")],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert read.stdout.strip().splitlines()[-1] == marker


def test_logins_and_pages_need_no_cache_server(settings, client, world):
    """Nothing a request needs is only in the cache: with the shared Redis unreachable, a login and a page work."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
        }
    }
    response = client.post("/accounts/login/", {"username": "coord", "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:300]
    page = client.get("/")
    assert page.status_code == 200
    assert page.context["user"] == world.coordinator
