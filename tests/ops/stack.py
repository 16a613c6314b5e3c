"""Real processes for the operations tests: databases, gunicorn app servers, outbox workers, a private PostgreSQL.

Everything runs as separate processes against PostgreSQL, as in production: ``manage.py`` and ``gunicorn`` with the
settings ``tests.ops.settings`` (the test settings, but mail through SMTP and tasks in the database). Each process
writes its output to a log file in the test's temporary directory (shown when an assertion fails).
"""

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg
from psycopg import sql

from tests.smtp import free_port

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"


def database_url():
    """The DATABASE_URL of the run (the PostgreSQL pass of .ci/run), or None on SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


def sibling_url(url, name):
    """The URL of another database ``name`` on the same server."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def base_name(url):
    return urlsplit(url).path.lstrip("/") or "arbeitskreis"


def admin_connection(url):
    return psycopg.connect(sibling_url(url, "postgres"), autocommit=True)


def create_database(url, name, *, template=None):
    with admin_connection(url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if template:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template))
            )
        else:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return sibling_url(url, name)


def drop_database(url, name):
    with admin_connection(url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def app_env(db_url, *, smtp_port=None, **extra):
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "LC_ALL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.ops.settings",
        DATABASE_URL=db_url,
        PYTHONUNBUFFERED="1",
        EMAIL_URL=f"smtp://{HOST}:{smtp_port}?timeout=5" if smtp_port else "dummy://",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(*args, env, timeout=180, check=True, stdin=None):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def shell(code, *, env, timeout=120):
    """Run Python code in ``manage.py shell`` and return its last line of output."""
    result = manage("shell", "-c", code, env=env, timeout=timeout)
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


class Process:
    """A background process whose output goes to a log file; stopped (SIGTERM, then SIGKILL) by ``stop()``."""

    def __init__(self, args, *, env, log_path):
        self.log_path = Path(log_path)
        self._log = self.log_path.open("wb")
        self.popen = subprocess.Popen(args, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT)

    @property
    def log(self):
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def kill(self):
        """SIGKILL: the process gets no chance to clean up (a crashed machine, the OOM killer)."""
        self.popen.send_signal(signal.SIGKILL)
        self.popen.wait(10)

    def interrupt(self):
        """SIGINT: gunicorn shuts down quickly, db_worker stops after the current task."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGINT)

    def stop(self):
        if self.popen.poll() is None:
            self.interrupt()
            try:
                self.popen.wait(5)
            except subprocess.TimeoutExpired:
                self.kill()
        self._log.close()


class AppServer(Process):
    """gunicorn serving the app on a free port; ``url(path)`` is the address of a page."""

    def __init__(self, name, *, env, tmp_path, workers=1, wait=True):
        self.port = free_port()
        self.name = name
        args = [str(BIN / "gunicorn"), "arbeitskreis.wsgi", "-b", f"{HOST}:{self.port}", "-w", str(workers)]
        super().__init__([*args, "--timeout", "60"], env=env, log_path=tmp_path / f"{name}.log")
        if wait:
            self.wait_until_up()

    def url(self, path):
        return f"http://{HOST}:{self.port}{path}"

    def wait_until_up(self, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                raise AssertionError(f"{self.name} did not start:\n{self.log}")
            try:
                if httpx.get(self.url("/healthz"), timeout=5).status_code in (200, 503):
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        raise AssertionError(f"{self.name} did not answer within {timeout} s:\n{self.log}")


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_token(html):
    match = CSRF.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def login(client, server, username, password):
    """Log in through ``server``'s login form; returns the session cookie."""
    page = client.get(server.url("/accounts/login/"))
    response = client.post(
        server.url("/accounts/login/"),
        data={"username": username, "password": password, "csrfmiddlewaretoken": csrf_token(page.text)},
        headers={"Referer": server.url("/accounts/login/")},
    )
    assert response.status_code == 302, response.text[:500]
    return client.cookies["sessionid"]


class PrivateCluster:
    """A PostgreSQL cluster of its own in a temporary directory, on a free port: the faults test stops and starts
    it. Run as the ``postgres`` user when the tests run as root (PostgreSQL refuses to run as root)."""

    def __init__(self):
        self.bindir = _postgres_bindir()
        # Directly under /tmp: pytest's own temporary directories are closed to other users such as postgres.
        self.dir = Path(tempfile.mkdtemp(prefix="arbeitskreis-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        self.start()

    @property
    def url(self):
        return f"postgres://postgres@{HOST}:{self.port}/arbeitskreis"

    def _run(self, tool, *args, timeout=60):
        command = [str(self.bindir / tool), *args]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, cwd="/", capture_output=True, text=True, timeout=timeout)
        if result.returncode != 0:
            raise AssertionError(f"{tool} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def start(self):
        options = f"-p {self.port} -c listen_addresses={HOST} -c unix_socket_directories={self.dir} -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.dir / "log"), "-w", "start")

    def stop(self):
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def copy_from(self, source_url):
        """Create the database ``arbeitskreis`` here as a copy of ``source_url`` (pg_dump piped into psql)."""
        self._run("createdb", "-h", HOST, "-p", str(self.port), "-U", "postgres", "arbeitskreis")
        dump = subprocess.run(
            [str(self.bindir / "pg_dump"), "--no-owner", source_url], capture_output=True, check=True, timeout=120
        ).stdout
        restore = subprocess.run(
            [str(self.bindir / "psql"), "-q", "-v", "ON_ERROR_STOP=1", self.url],
            input=dump,
            capture_output=True,
            timeout=120,
        )
        assert restore.returncode == 0, restore.stderr.decode()

    def destroy(self):
        with contextlib.suppress(AssertionError):  # already stopped
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def _postgres_bindir():
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    assert candidates, "PostgreSQL's server programs (initdb, pg_ctl) are missing: apt-get install postgresql"
    return candidates[-1].parent


def query(db_url, statement, params=()):
    """Rows of one SQL statement, read straight from the database (no Django process needed)."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        cursor = conn.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


def find_invitee(db_url, municipality="landkreis-karlsruhe"):
    """An unanswered invitation of an upcoming meeting whose participant has a personal link (demo data)."""
    invitation, meeting, token = query(
        db_url,
        """SELECT i.id, i.meeting_id, p.token FROM meetings_invitation i
           JOIN members_participant p ON p.id = i.participant_id
           JOIN meetings_meeting m ON m.id = i.meeting_id
           JOIN arbeitskreis_workinggroup g ON g.id = m.working_group_id
           JOIN arbeitskreis_municipality k ON k.id = g.municipality_id
           WHERE k.slug = %s AND m.status = 'invited' AND i.answer = 'needs_action' AND p.token IS NOT NULL
           ORDER BY i.id LIMIT 1""",
        (municipality,),
    )[0]
    return {"invitation": invitation, "meeting": meeting, "token": token}


def answer_of(db_url, invitation):
    return query(db_url, "SELECT answer, comment, answered_at FROM meetings_invitation WHERE id = %s", (invitation,))[0]
