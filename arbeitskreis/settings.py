"""Settings of Arbeitskreis, read from environment variables (see the table in README.md)."""

import datetime
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from arbeitskreis.env import (
    DEVELOPMENT_SECRET_KEY,
    check_secret_key,
    env_bool,
    env_int,
    env_list,
    env_str,
    env_url,
    parse_cache_url,
    parse_email_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent

# Development mode: detailed error pages, no secret key needed. Off in production.
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is off (set DEBUG=1 for development).")
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
elif not DEBUG:
    check_secret_key(SECRET_KEY)  # too short, too simple, the development default → no start

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Public address of this installation, for links in emails and calendar files. In development it follows the
# address `make run HOST=…` serves (the Makefile exports HOST), unless BASE_URL is set.
BASE_URL = env_url("BASE_URL", f"http://{env_str('HOST', '127.0.0.1:8000') if DEBUG else '127.0.0.1:8000'}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks",
    "django_tasks_db",
    # django-axes: failed logins are counted (AccessAttempt, unlocked by staff in the admin or `axes_reset_username`).
    "axes",
    # django-csp: the Content-Security-Policy header (CONTENT_SECURITY_POLICY below).
    "csp",
    "arbeitskreis",
    "members",
    "meetings",
    "findings",
    "minutes",
    "integreat",
    "networks",
    "documents",
    "outbox",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A request body over REQUEST_MAX_BYTES gets the German 413 page before anything reads it.
    "arbeitskreis.middleware.RequestSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Cache-Control "private, no-store" on every answer to a logged-in user or on a personal-link page.
    "arbeitskreis.middleware.PrivateCacheMiddleware",
    # django-axes, last: answers a login refused because of too many failures with the German lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "arbeitskreis.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "arbeitskreis.context_processors.group_access",
            ],
        },
    },
]

# Django's form renderer with the common widget templates written out in Python (a select of 300 people, a page of
# 900 radio buttons): arbeitskreis/form_renderer.py.
FORM_RENDERER = "arbeitskreis.form_renderer.FastFormRenderer"

WSGI_APPLICATION = "arbeitskreis.wsgi.application"

# Database: SQLite file in the project unless DATABASE_URL names another (postgres://… uses psycopg 3).
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))}
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL cannot be read: {exc}") from None
# A kept connection (DB_CONN_MAX_AGE seconds) is tested before each request reuses it: after the database went away
# and came back the app answers again without a restart.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a lock instead of failing at once when two requests write.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Seconds to wait for a connection to PostgreSQL: an unreachable database gives an error page, not a hang.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DB_CONNECT_TIMEOUT", 5, minimum=1)
    )

# Cache: each process's own memory by default (one instance); CACHE_URL or REDIS_URL (redis://host:6379/0) shares one
# Redis between app servers. Nothing that must be shared lives only in the cache: sessions, the PDF cache, the login
# throttling and the newcomers' flood limit are kept in the database (README "Running several instances").
CACHES = {"default": parse_cache_url("CACHE_URL", env_str("CACHE_URL") or env_str("REDIS_URL") or "locmem://")}
# Sessions in the database, also with a shared Redis: every app server sees a login, and an unreachable Redis logs
# nobody out (Django 5.2's cached_db still fails a login then: its exists() does not catch cache errors).
SESSION_ENGINE = "django.contrib.sessions.backends.db"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # django-axes first: refuses every login attempt of a locked-out user name from the same address.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: German first, English second; Berlin time.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic puts the files whitenoise serves.
STATIC_ROOT = env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: console output by default; EMAIL_URL (smtp+tls://user:pass@host:587) or the EMAIL_* variables for SMTP.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
_email_url = env_str("EMAIL_URL")
if _email_url:
    globals().update(parse_email_url("EMAIL_URL", _email_url))
elif env_str("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST")
    EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    if EMAIL_USE_TLS and EMAIL_USE_SSL:
        raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")
# Sender address of every email the app sends.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Arbeitskreis <arbeitskreis@localhost>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
ADMINS = [("Admin", address) for address in env_list("ADMINS", [])]

# Security: cookies and redirects for HTTPS unless explicitly switched off behind a plain-HTTP proxy.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Seconds browsers remember to use HTTPS only (0 switches HSTS off).
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# Trust X-Forwarded-Proto (and, for the login throttling, the last X-Forwarded-For address) from the reverse proxy.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# No script reads the CSRF cookie (forms carry the token in a hidden field), so scripts may not see it either.
CSRF_COOKIE_HTTPONLY = True
# Cookies go along with top-level navigation from other sites (a link in a mail), never with their forms or frames.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# The page for a form refused by the CSRF check: in the layout and the visitor's language.
CSRF_FAILURE_VIEW = "arbeitskreis.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy: only this server's own files; no inline scripts or styles, no frames, no plugins.
# "data:" images are the icons inside Bootstrap's CSS and the newcomers' QR code (nothing is fetched for them).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Request size limits. The attendance and invitation pages of 300 participants post about 1,000 fields; 3,000
# leaves room. A form without files may be 2.5 MB in memory (Django's default); the upload of a participant list
# (IMPORT_MAX_BYTES) or an Integreat JSON file is streamed to a temporary file above 2.5 MB and refused by its form.
DATA_UPLOAD_MAX_NUMBER_FIELDS = env_int("DATA_UPLOAD_MAX_NUMBER_FIELDS", 3_000, minimum=1_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440, minimum=1024 * 1024)
# Largest request body at all, in bytes: a few uploaded Integreat JSON files (INTEGREAT_API_MAX_MB each) or a list.
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", 120 * 1024 * 1024, minimum=4 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env_int("FILE_UPLOAD_MAX_MEMORY_SIZE", 2_621_440, minimum=1024 * 1024)

# Log lines on standard output: "plain" text for people (development), "json" one object per line (production: time,
# level, logger, message, method/path/status/request_id where known; arbeitskreis/log.py). gunicorn follows it.
LOG_FORMAT = env_str("LOG_FORMAT", "plain").lower()
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, not {LOG_FORMAT!r}.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Personal link tokens never reach a log line (arbeitskreis/log.py).
    "filters": {"mask_tokens": {"()": "arbeitskreis.log.MaskTokens"}},
    "formatters": {"plain": {"format": "%(message)s"}, "json": {"()": "arbeitskreis.log.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["mask_tokens"],
            "formatter": LOG_FORMAT,
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # runserver's request lines go through the same handler (Django gives them their own otherwise).
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint logs every render step at INFO; only its warnings (e.g. a refused URL) are of interest.
        "weasyprint.progress": {"level": "WARNING"},
        # django-tasks logs every task's start and end at INFO; failures come as warnings and errors.
        "django_tasks": {"level": "WARNING"},
        # django-axes logs every login at INFO; lock-outs come as warnings.
        "axes": {"level": "WARNING"},
        # httpx logs every request at INFO; the Integreat fetch logs what went wrong itself.
        "httpx": {"level": "WARNING"},
    },
}

# Login throttling (django-axes): failed logins of one user name from one address before the login is locked.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
# Login throttling: how long a locked login stays locked (a failure while locked starts the time again).
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
# Login throttling: counted per user name *and* address, so a guesser cannot lock a colleague out from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Login throttling: a successful login forgets the failures before it.
AXES_RESET_ON_SUCCESS = True
# Login throttling: no log of successful logins (addresses of every login are not needed, data minimisation).
AXES_DISABLE_ACCESS_LOG = True
# Login throttling: the German lock-out page, and the client address (behind the proxy: what it saw).
AXES_LOCKOUT_CALLABLE = "arbeitskreis.accounts.locked_out"
AXES_CLIENT_IP_CALLABLE = "arbeitskreis.accounts.client_ip"
# Password reset: hours a reset link works (it works once: a new password makes it invalid).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_HOURS", 24, minimum=1) * 60 * 60
# Team: days an invitation into a working group's team is valid (resending makes a new link, valid as long again).
TEAM_INVITATION_DAYS = env_int("TEAM_INVITATION_DAYS", 7, minimum=1)
# Newcomers' feedback: answers one group's public form takes per hour; past it nothing is stored (flood limit).
NEWCOMER_ANSWERS_PER_HOUR = env_int("NEWCOMER_ANSWERS_PER_HOUR", 60, minimum=1)

# Invitations: the ORGANIZER address of the calendar data — the mailbox `manage.py receive_mail` reads, so that
# "Accept" in Outlook reaches the app; empty: each group's organiser address (never a participant's).
INVITATION_ORGANIZER_EMAIL = env_str("INVITATION_ORGANIZER_EMAIL", "")
# Invitations: `manage.py send_reminders` reminds participants this many days before a meeting.
REMINDER_DAYS_BEFORE = env_int("REMINDER_DAYS_BEFORE", 7, minimum=1)
# Calendar replies: the mailbox `manage.py receive_mail --imap` polls, e.g. imaps://user:password@mail.example.org/INBOX.
INBOUND_IMAP_URL = env_str("INBOUND_IMAP_URL", "")
# Calendar replies: the largest incoming message read, in bytes (a reply is a few kilobytes).
INBOUND_MAX_BYTES = env_int("INBOUND_MAX_BYTES", 2_000_000, minimum=10_000)

# Largest participant list (CSV/XLSX) accepted for import, in bytes.
MEMBERS_IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 2 * 1024 * 1024, minimum=1024)
# Longest cell of an imported list (CSV or XLSX), in characters; a longer one refuses the file while it is read.
MEMBERS_IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 5_000, minimum=100)
# Most parts (files in the zip archive) an XLSX may have; checked before anything is unpacked.
MEMBERS_IMPORT_XLSX_MAX_PARTS = env_int("IMPORT_XLSX_MAX_PARTS", 1_000, minimum=10)
# Largest unpacked size of one part of an XLSX (e.g. the sheet or the shared strings), in bytes.
MEMBERS_IMPORT_XLSX_MAX_PART_BYTES = env_int("IMPORT_XLSX_MAX_PART_BYTES", 20 * 1024 * 1024, minimum=1024 * 1024)
# Largest unpacked size of all parts of an XLSX together, in bytes; also the most text (characters) its table holds.
MEMBERS_IMPORT_XLSX_MAX_UNPACKED_BYTES = env_int(
    "IMPORT_XLSX_MAX_UNPACKED_BYTES", 40 * 1024 * 1024, minimum=1024 * 1024
)
# Highest compression ratio (unpacked : packed) of an XLSX part larger than 1 MB; an ordinary list: about 15.
MEMBERS_IMPORT_XLSX_MAX_RATIO = env_int("IMPORT_XLSX_MAX_RATIO", 100, minimum=10)
# seed_demo without DEBUG (it creates accounts with a published password): only for a demo or test instance.
ALLOW_DEMO_DATA = env_bool("ALLOW_DEMO_DATA", False)
# Participants who left more than this many months ago are anonymised by `manage.py anonymise_participants`.
MEMBERS_ANONYMISE_AFTER_MONTHS = env_int("ANONYMISE_AFTER_MONTHS", 24, minimum=1)

# PDF cache (documents/): entries not downloaded for this many days are removed by `manage.py prune_documents`.
DOCUMENTS_CACHE_DAYS = env_int("DOCUMENTS_CACHE_DAYS", 30, minimum=1)
# PDF cache: `prune_documents` then removes the least recently used entries until the cache fits this many MB.
DOCUMENTS_CACHE_MAX_MB = env_int("DOCUMENTS_CACHE_MAX_MB", 500, minimum=1)
# Background tasks (django-tasks): "immediate" runs a task right after the commit in the same process (development,
# no worker needed); "database" stores it for `manage.py db_worker` (django-tasks-db, production).
TASKS_BACKEND = env_str("TASKS_BACKEND", "immediate")
_task_backends = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if TASKS_BACKEND not in _task_backends:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(_task_backends)}, not {TASKS_BACKEND!r}.")
TASKS = {"default": {"BACKEND": _task_backends[TASKS_BACKEND]}}

# Outbox: seconds before the first retry of a mail that could not be sent (doubling each time, at most 6 hours).
OUTBOX_RETRY_BASE_SECONDS = env_int("OUTBOX_RETRY_BASE_SECONDS", 60, minimum=1)
# Outbox: attempts after which a mail is marked failed (and waits for "send again" in the admin).
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 8, minimum=1)
# Outbox: seconds after which a mail still "sending" counts as abandoned by a stopped worker and is sent again.
OUTBOX_LEASE_SECONDS = env_int("OUTBOX_LEASE_SECONDS", 600, minimum=60)
# Outbox: `manage.py prune_outbox` deletes sent mails older than this many days.
OUTBOX_PRUNE_DAYS = env_int("OUTBOX_PRUNE_DAYS", 90, minimum=1)
# Seconds an SMTP connection may stall before the attempt counts as failed (EMAIL_URL's ?timeout= wins); it must stay
# well below OUTBOX_LEASE_SECONDS, or a slow worker's mail would be taken over and sent twice.
EMAIL_TIMEOUT = globals().get("EMAIL_TIMEOUT") or 30
if EMAIL_TIMEOUT * 2 > OUTBOX_LEASE_SECONDS:
    raise ImproperlyConfigured("OUTBOX_LEASE_SECONDS must be at least twice the mail timeout (EMAIL_URL ?timeout=).")

# Integreat content: base address of the public Integreat CMS API (the app asks /api/v3/regions/ and the pages there).
INTEGREAT_API_URL = env_url("INTEGREAT_API_URL", "https://cms.integreat-app.de")
# Integreat content: seconds to wait for the API to connect and between two parts of an answer.
INTEGREAT_API_TIMEOUT = env_int("INTEGREAT_API_TIMEOUT", 30, minimum=1)
# Integreat content: how often a request that failed (no connection, timeout, 429, 5xx) is tried again.
INTEGREAT_API_RETRIES = env_int("INTEGREAT_API_RETRIES", 2, minimum=0)
# Integreat content: seconds before the first retry; doubled for each further one (a Retry-After header wins).
INTEGREAT_API_BACKOFF_SECONDS = env_int("INTEGREAT_API_BACKOFF_SECONDS", 2, minimum=0)
# Integreat content: largest answer of the API (and largest uploaded JSON file), in MB.
INTEGREAT_API_MAX_MB = env_int("INTEGREAT_API_MAX_MB", 50, minimum=1)
# Integreat content: send "X-Integreat-Development: true" (the API documentation asks for it outside production).
INTEGREAT_API_DEVELOPMENT = env_bool("INTEGREAT_API_DEVELOPMENT", DEBUG)
# Integreat content: minutes a coordinator waits before the button loads the same municipality's pages again.
INTEGREAT_FETCH_INTERVAL_MINUTES = env_int("INTEGREAT_FETCH_INTERVAL_MINUTES", 10, minimum=1)
# Integreat content: a page whose German text has not been updated for this many months counts as outdated.
INTEGREAT_STALE_MONTHS = env_int("INTEGREAT_STALE_MONTHS", 12, minimum=1)
# Integreat content: a page not checked in a meeting for this many months is due again (offered first).
INTEGREAT_RECHECK_MONTHS = env_int("INTEGREAT_RECHECK_MONTHS", 12, minimum=1)
