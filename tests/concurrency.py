"""Two (or N) requests or service calls at the same moment, for the row locks (``select_for_update``).

Each call runs in its own thread with its own database connection; a ``threading.Barrier`` releases them together.
The data they work on must be committed, so the tests use ``transaction=True`` (see :data:`row_lock_test`), and they
need PostgreSQL: SQLite locks the whole database and has no ``SELECT … FOR UPDATE``. They are skipped on SQLite only,
and run in ``.ci/run``'s PostgreSQL pass.

Threads released together still rarely meet inside the same few milliseconds, so :func:`meet_after` holds every
caller of the function that reads (and locks) the row until the others have read too: without the lock all of them
go on with the state they read — the lost update shows; with the lock the others wait in the database, the first
goes on after ``wait`` seconds and commits, and the next one reads what it wrote.
"""

import threading
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from importlib import import_module

import pytest
from django.db import connection, connections

row_lock_test = [
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="row locks need PostgreSQL (SQLite has no SELECT … FOR UPDATE); these run in .ci/run's PostgreSQL pass",
    ),
    pytest.mark.django_db(transaction=True),
]


@dataclass
class Outcome:
    value: object = None
    error: BaseException | None = None


def at_once(*calls, timeout=20) -> list[Outcome]:
    """Run every callable at the same moment, each in its own thread and database connection; their outcomes in
    order (the value returned or the exception raised)."""
    start = threading.Barrier(len(calls))
    outcomes: list[Outcome | None] = [None] * len(calls)

    def run(index, call):
        try:
            start.wait(timeout)
            outcomes[index] = Outcome(value=call())
        except BaseException as error:  # noqa: BLE001 — handed back to the test
            outcomes[index] = Outcome(error=error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, call), daemon=True) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a call did not finish (a lock never released?)"
    return outcomes


@contextmanager
def meet_after(path: str, *, parties: int = 2, wait: float = 0.5):
    """While active, every call of the function at ``path`` ("module.function") waits after it returned until
    ``parties`` calls have returned, or ``wait`` seconds have passed."""
    module_name, name = path.rsplit(".", 1)
    module = import_module(module_name)
    original = getattr(module, name)
    barrier = threading.Barrier(parties)

    def held(*args, **kwargs):
        result = original(*args, **kwargs)
        with suppress(threading.BrokenBarrierError):  # broken: the others wait for a lock, go on alone
            barrier.wait(wait)
        return result

    setattr(module, name, held)
    try:
        yield
    finally:
        setattr(module, name, original)
