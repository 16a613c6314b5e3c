"""Settings for the test suite: the production settings with a test secret and without HTTPS redirects."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdef")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("EMAIL_URL", "locmem://")
os.environ.setdefault("ALLOW_DEMO_DATA", "1")  # the tests load the demo data (seed_demo) without DEBUG

from arbeitskreis.settings import *  # noqa: E402,F403

# Fast hashing: tests create many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Static files straight from the finders: the suite needs no collectstatic (CI checks the manifest build).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_USE_FINDERS = True
STATIC_ROOT = None

# Tasks run at once after the commit, as in development (the immediate backend), and mail lands in
# django.core.mail.outbox (EMAIL_URL=locmem:// above): a test that commits sees the mail at once. Outbox tests that
# need the queue to stand still switch to the dummy backend (fixture `dummy_tasks`) and call deliver/send_due.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
