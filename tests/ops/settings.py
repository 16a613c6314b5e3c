"""Settings of the app servers and workers the operations tests start (tests/ops/stack.py): the test settings
(DEBUG off, so errors show the German error page), with tasks stored in the database for ``manage.py db_worker`` and
mail sent through SMTP (EMAIL_URL, set by the test) instead of kept in memory."""

from arbeitskreis.settings_test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
