"""Load test: gunicorn with several workers on PostgreSQL, driven by locust (``bench/load/locustfile.py``).

    .venv/bin/python bench/load/run.py            # full: 10 coordinators, 100 participants, 200 feeds, 60 s
    .venv/bin/python bench/load/run.py --short    # CI: 3 coordinators, 100 participants, 200 feeds, 20 s
    make load / make load-short

Creates a fresh PostgreSQL database (``--server``, default ``postgres://postgres@127.0.0.1:5432``; name
``i16_load_<pid>``), migrates it, collects the static files, seeds the world (``bench/load/world.py``) under
production settings (DEBUG off, a random secret key; only plain HTTP instead of HTTPS), starts
``gunicorn arbeitskreis.wsgi -w 4`` on a free port and runs locust headless against it. Then it checks:

- no request failed: locust counts no failure, and gunicorn's access log shows no 5xx;
- every coordinator logged in;
- every simulated participant finished, and every invited participant has exactly one invitation row, whose answer
  is the last one that participant gave (source "web"); the participants not simulated still have no answer;
- the feed clients got 304 for unchanged feeds (they poll with ``If-None-Match``);

prints the 95th percentile of the page times per request type and overall, and exits 1 when a check fails.
gunicorn is stopped and the database dropped in any case.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
SIZES = {
    "full": {"coordinators": 10, "participants": 100, "feeds": 200, "seconds": 60},
    "short": {"coordinators": 3, "participants": 100, "feeds": 200, "seconds": 20},
}
INVITED_EXTRA = 20  # invited participants who do not answer: their invitations must stay unanswered
ACCESS_LINE = re.compile(r'"(\w+) (\S+) [^"]*" (\d{3}) \S+ (\d+)ms ')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def admin_sql(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def production_env(database_url: str, port: int, static_root: str) -> dict:
    return {
        "DJANGO_SETTINGS_MODULE": "arbeitskreis.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "BASE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DATABASE_URL": database_url,
        "DB_CONN_MAX_AGE": "60",
        "STATIC_ROOT": static_root,
        "TASKS_BACKEND": "database",
        "LOG_LEVEL": "WARNING",
    }


def seed(size: dict) -> dict:
    import django
    from django.core.management import call_command

    django.setup()
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    migrated = time.perf_counter()
    call_command("collectstatic", verbosity=0, interactive=False)
    print(f"migrated in {migrated - started:.1f} s, static files collected in {time.perf_counter() - migrated:.1f} s")
    from bench.load import world

    return world.build(
        coordinators=size["coordinators"],
        participants=size["participants"] + INVITED_EXTRA,
        feeds=size["feeds"],
    )


def start_gunicorn(port: int, log) -> subprocess.Popen:
    command = [str(BIN / "gunicorn"), "arbeitskreis.wsgi", "-w", "4", "-b", f"127.0.0.1:{port}", "--timeout", "60"]
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer /healthz within 60 s")


def stop(server: subprocess.Popen | None) -> None:
    """gunicorn and its workers (their own process group): TERM, then KILL after 15 s."""
    if server is None or server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def run_locust(port: int, size: dict, work: Path) -> int:
    users = size["coordinators"] + size["participants"] + size["feeds"]
    command = [
        str(BIN / "locust"),
        "-f",
        str(HERE / "locustfile.py"),
        "--headless",
        "--host",
        f"http://127.0.0.1:{port}",
        "-u",
        str(users),
        "-r",
        "50",
        "-t",
        f"{size['seconds']}s",
        # At the end users waiting stop at once, a participant in the middle of answering finishes (on a busy machine
        # a page may wait seconds in the queue): half-given answers would fail the check.
        "--stop-timeout",
        "120",
        "--csv",
        str(work / "locust"),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    env = {
        **os.environ,
        "LOAD_WORLD": str(work / "world.json"),
        "LOAD_RESULTS": str(work / "results.json"),
        "LOAD_COORDINATORS": str(size["coordinators"]),
        "LOAD_PARTICIPANTS": str(size["participants"]),
        "LOAD_FEEDS": str(size["feeds"]),
    }
    with (work / "locust.log").open("w") as log:
        status = subprocess.run(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=size["seconds"] + 300
        )
    if status.returncode != 0:  # locust's own summary, with its table of failures
        print((work / "locust.log").read_text(encoding="utf-8", errors="replace")[-6000:])
    return status.returncode


def percentile_table(stats: list[dict]) -> list[str]:
    """Prints the page times per request type (locust's percentiles: above 100 ms rounded to two digits)."""
    header = f"{'count':>6} {'fail':>5} {'median':>7} {'p95':>6} {'p99':>6} {'max':>6}"
    print(f"\n{'request (times in ms, client side)':46} {header}")
    for row in stats:
        if row["name"] == "overall":
            print("-" * 88)
        print(
            f"{row['name']:46} {row['requests']:6d} {row['failures']:5d} {row['median']:7.0f} {row['p95']:6.0f}"
            f" {row['p99']:6.0f} {row['max']:6.0f}"
        )
    total = stats[-1]
    problems = [f"{total['failures']} of {total['requests']} requests failed"] if total["failures"] else []
    if total["requests"] == 0:
        problems.append("no request was made")
    return problems


def request_type(method: str, path: str, status: str, pages: dict) -> str:
    """The request type of a line of gunicorn's access log (tokens are masked there), as close to locust's names
    as the path allows (a personal and a group feed look alike)."""
    if path.startswith("/feeds/"):
        return "feed: unchanged (304)" if status == "304" else f"feed: full ({status})"
    if path.startswith("/p/meetings/"):
        return "participant: answer POST" if method == "POST" else "participant: answer page"
    if path.startswith("/p/"):
        return "participant: personal link"
    if path == "/accounts/login/":
        return f"coordinator: login {'POST' if method == 'POST' else 'page'}"
    names = {page: name for name, page in pages.items()}
    return f"coordinator: {names[path]}" if path in names else path


def _quantile(times: list[int], share: float) -> int:
    return times[min(len(times) - 1, int(len(times) * share))]


def server_log(log_path: Path, pages: dict | None = None) -> list[str]:
    """Statuses and the time inside the workers per request type (gunicorn's access log, ``%(M)sms``): no 5xx
    and no worker trouble allowed."""
    statuses, times, crashes = {}, {}, 0
    for line in log_path.read_text(encoding="utf-8", errors="replace").splitlines():
        crashes += "WORKER TIMEOUT" in line or "Traceback" in line or "[ERROR]" in line
        if match := ACCESS_LINE.search(line):
            method, path, status, ms = match.groups()
            statuses[status] = statuses.get(status, 0) + 1
            if path != "/healthz":
                times.setdefault(request_type(method, path, status, pages or {}), []).append(int(ms))
    every = sorted(ms for group in times.values() for ms in group)
    print(f"\n{'time in the gunicorn worker (ms)':46} {'count':>6} {'median':>13} {'p95':>6}")
    for name, group in [*sorted(times.items()), ("overall", every)] if every else []:
        group.sort()
        print(f"{name:46} {len(group):6d} {_quantile(group, 0.5):13d} {_quantile(group, 0.95):6d}")
    print(f"gunicorn access log by status: {dict(sorted(statuses.items()))}")
    problems = [f"{crashes} errors, tracebacks or worker timeouts in gunicorn's log"] if crashes else []
    if errors := sum(n for status, n in statuses.items() if status.startswith("5")):
        problems.append(f"{errors} responses with 5xx in gunicorn's log")
    return problems if every else [*problems, "gunicorn logged no request"]


def check_answers(world: dict, results: dict, size: dict) -> list[str]:
    from meetings.models import AnswerSource, Invitation

    problems = []
    if results["unfinished"]:
        problems.append(f"{len(results['unfinished'])} participants did not finish answering")
    given = {int(pk): answer for pk, answer in results["answers"].items()}
    if len(given) != size["participants"]:
        problems.append(f"{len(given)} of {size['participants']} participants answered")
    rows = list(
        Invitation.objects.filter(meeting_id=world["meeting"]).values("participant_id", "answer", "answer_source")
    )
    per_participant = {}
    for row in rows:
        per_participant.setdefault(row["participant_id"], []).append(row)
    invited = [p["pk"] for p in world["participants"]]
    if sorted(per_participant) != sorted(invited) or len(rows) != len(invited):
        problems.append(f"{len(rows)} invitation rows for {len(invited)} invited participants")
    wrong = [
        pk
        for pk in invited
        if [(r["answer"], r["answer_source"]) for r in per_participant.get(pk, [])]
        != ([(given[pk], AnswerSource.WEB)] if pk in given else [("needs_action", "")])
    ]
    if wrong:
        problems.append(f"{len(wrong)} invitations do not hold the last answer given, e.g. participant {wrong[0]}")
    print(
        f"\nanswers: {len(given)} participants answered ({sum(1 for a in given.values() if a == 'accepted')} yes,"
        f" {sum(1 for a in given.values() if a == 'tentative')} maybe,"
        f" {sum(1 for a in given.values() if a == 'declined')} no); {len(rows)} invitation rows for"
        f" {len(invited)} invited; {len(invited) - len(wrong)} match"
    )
    return problems


def check(world: dict, work: Path, size: dict, log_path: Path) -> list[str]:
    results = json.loads((work / "results.json").read_text(encoding="utf-8"))
    problems = percentile_table(results["stats"]) + server_log(log_path, world["pages"])
    print(f"coordinators logged in: {len(set(results['logins']))} of {size['coordinators']}")
    if sorted(set(results["logins"])) != sorted(world["coordinators"][: size["coordinators"]]):
        problems.append("not every coordinator logged in")
    print(f"feed answers by status: {results['feeds']}")
    if not results["feeds"].get("304"):
        problems.append("no feed poll got 304")
    return problems + check_answers(world, results, size)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--short", action="store_true", help="the short version (CI)")
    parser.add_argument("--server", default=os.environ.get("LOAD_POSTGRES", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--keep-files", action="store_true", help="keep the CSV files and gunicorn's log")
    args = parser.parse_args()
    size = SIZES["short" if args.short else "full"]
    name = f"i16_load_{os.getpid()}"
    port = free_port()
    work = Path(tempfile.mkdtemp(prefix="arbeitskreis-load-"))
    os.environ.update(production_env(f"{args.server}/{name}", port, str(work / "static")))
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    # A SIGTERM (e.g. a CI timeout) ends the run like Ctrl-C: through the finally below, which stops gunicorn.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    admin_sql(args.server, f'CREATE DATABASE "{name}"')
    server = None
    try:
        started = time.perf_counter()
        world = seed(size)
        (work / "world.json").write_text(json.dumps(world), encoding="utf-8")
        from django.db import connections

        connections.close_all()
        print(f"seeded {name} in {time.perf_counter() - started:.1f} s: {size}")
        log_path = work / "gunicorn.log"
        with log_path.open("w") as log:
            server = start_gunicorn(port, log)
            print(f"gunicorn -w 4 on 127.0.0.1:{port}; locust for {size['seconds']} s")
            status = run_locust(port, size, work)
            stop(server)
        problems = check(world, work, size, log_path)
        if status != 0 and not problems:
            problems.append(f"locust exited with {status}")
        connections.close_all()
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM must not cut the clean-up short
        stop(server)
        admin_sql(args.server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if args.keep_files:
            print(f"files kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if problems:
        print("\nLOAD TEST FAILED:\n  " + "\n  ".join(problems))
        return 1
    print("\nload test passed: no failed request, every answer recorded once and as last given")
    return 0


if __name__ == "__main__":
    sys.exit(main())
