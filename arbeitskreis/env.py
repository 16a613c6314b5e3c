"""Strict helpers for reading settings from environment variables.

A bad value stops the start with a message that names the variable, instead of
being silently read as something else.
"""

import os
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

# The key of development mode (DEBUG=1 without SECRET_KEY); refused in production like every weak key.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-do-not-use-in-production"  # noqa: S105  # nosec B105
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_DISTINCT = 5

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"The environment variable {name} is required.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"The environment variable {name} must be a boolean (1/0, true/false, yes/no, on/off), not {raw!r}."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"The environment variable {name} must be an integer, not {raw!r}.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"The environment variable {name} must be at least {minimum}, not {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_url(name: str, default: str | None = None, *, schemes: tuple[str, ...] = ("http", "https")) -> str | None:
    raw = env_str(name, default)
    if raw is None:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in schemes or not parts.netloc:
        raise ImproperlyConfigured(
            f"The environment variable {name} must be an absolute URL ({', '.join(schemes)}), not {raw!r}."
        )
    return raw.rstrip("/")


def parse_email_url(name: str, raw: str) -> dict:
    """Read an email URL such as ``smtp+tls://user:password@mail.example.org:587``.

    Schemes: ``console://``, ``smtp://`` (plain), ``smtp+tls://`` (STARTTLS), ``smtp+ssl://`` (implicit TLS),
    ``locmem://`` (tests), ``dummy://``.
    """
    parts = urlsplit(raw)
    backends = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
        "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
        "smtp+ssl": "django.core.mail.backends.smtp.EmailBackend",
    }
    if parts.scheme not in backends:
        raise ImproperlyConfigured(
            f"The environment variable {name} has an unknown scheme {parts.scheme!r}; "
            f"use one of {', '.join(sorted(backends))}."
        )
    config = {"EMAIL_BACKEND": backends[parts.scheme]}
    if parts.scheme.startswith("smtp"):
        if not parts.hostname:
            raise ImproperlyConfigured(f"The environment variable {name} names no mail server host.")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"The environment variable {name} has an invalid port.") from None
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        config.update(
            EMAIL_HOST=parts.hostname,
            EMAIL_PORT=port or {"smtp": 25, "smtp+tls": 587, "smtp+ssl": 465}[parts.scheme],
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_TLS=parts.scheme == "smtp+tls",
            EMAIL_USE_SSL=parts.scheme == "smtp+ssl",
        )
        if "timeout" in options:
            try:
                config["EMAIL_TIMEOUT"] = int(options["timeout"])
            except ValueError:
                raise ImproperlyConfigured(f"The environment variable {name} has an invalid timeout.") from None
    return config


def parse_cache_url(name: str, raw: str) -> dict:
    """Read a cache URL: ``redis://[:password@]host:6379/0`` or ``rediss://…`` (Django's Redis backend, shared
    between processes), ``locmem://`` (this process's memory) or ``dummy://`` (no cache)."""
    parts = urlsplit(raw)
    if parts.scheme in ("redis", "rediss", "unix"):
        if parts.scheme != "unix" and not parts.hostname:
            raise ImproperlyConfigured(f"The environment variable {name} names no Redis host.")
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": raw}
    if parts.scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": parts.netloc or "arbeitskreis"}
    if parts.scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"The environment variable {name} has an unknown scheme {parts.scheme!r}; use redis, rediss, locmem or dummy."
    )


def check_secret_key(key: str) -> None:
    """Refuse a ``SECRET_KEY`` too weak for production: shorter than 50 characters, fewer than 5 different
    characters, the development default, or one that Django's ``startproject`` marked ``django-insecure``."""
    if key == DEVELOPMENT_SECRET_KEY or key.startswith("django-insecure"):
        problem = "is the development default (or starts with 'django-insecure')"
    elif len(key) < SECRET_KEY_MIN_LENGTH:
        problem = f"is shorter than {SECRET_KEY_MIN_LENGTH} characters"
    elif len(set(key)) < SECRET_KEY_MIN_DISTINCT:
        problem = f"has fewer than {SECRET_KEY_MIN_DISTINCT} different characters"
    else:
        return
    raise ImproperlyConfigured(
        f"SECRET_KEY {problem}: set a long random value, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )
