"""The app's background task (django-tasks): fetch a municipality's pages from the Integreat API.

With ``TASKS_BACKEND=immediate`` (development) it runs in the web process right after the commit of the button's
request; with ``TASKS_BACKEND=database`` (production) ``manage.py db_worker`` runs it, so no web request waits for
a region's pages in every language.
"""

from django_tasks import task

from integreat import services


@task()
def fetch_pages(region_id):
    """Fetch and store the pages of the region ``region_id`` claimed by ``services.request_fetch``; returns the
    attempt's outcome ("succeeded" or "failed")."""
    return services.run_fetch(region_id=region_id).attempt_status
