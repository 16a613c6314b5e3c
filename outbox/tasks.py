"""The outbox's background task (django-tasks): send one stored mail.

With ``TASKS_BACKEND=immediate`` (development, the default) the task runs in the same process right after the
commit; with ``TASKS_BACKEND=database`` (production) django-tasks-db stores it and ``manage.py db_worker`` runs it —
its workers claim task rows with ``SELECT … FOR UPDATE SKIP LOCKED``, and :func:`outbox.services.deliver` claims
the mail itself the same way, so a task that runs twice still sends once.
"""

from django_tasks import task

from outbox import services


@task()
def deliver_mail(mail_id):
    """Send the outbox mail ``mail_id`` if it is due (see :func:`outbox.services.deliver`); returns its status."""
    return services.deliver(mail_id=mail_id)


def enqueue_delivery(*, mail_id, run_after=None):
    """Enqueue :func:`deliver_mail`, at ``run_after`` when given.

    A backend that cannot defer (the immediate one) gets no delayed task: a retry then waits for the sweep
    (``manage.py send_queued_mail``), which finds every due mail anyway. Side effect: the enqueued task.
    """
    if run_after is not None:
        if not deliver_mail.get_backend().supports_defer:
            return None
        return deliver_mail.using(run_after=run_after).enqueue(mail_id=mail_id)
    return deliver_mail.enqueue(mail_id=mail_id)
