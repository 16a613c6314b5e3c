"""Structured logging (LOG_FORMAT=json): one JSON object per line on standard output, with the request's method, path
and status where Django logs a request, tokens masked everywhere — also in gunicorn's access and error lines."""

import io
import json
import logging
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest
from gunicorn.config import Config

from arbeitskreis.log import GunicornLogger, JsonFormatter, MaskTokens

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "Zq3" * 14  # 42 URL-safe characters, like a personal link's


@pytest.fixture
def json_lines():
    """The handler settings.LOGGING builds for LOG_FORMAT=json, writing into a buffer; the parsed lines."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(MaskTokens())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)


def test_a_request_warning_is_one_json_line_with_the_request_and_no_token(db, client, json_lines):
    client.get(f"/p/{TOKEN}/", headers={"X-Request-ID": "req-4711"})  # a wrong link: "Not Found: <path>"
    (line,) = [line for line in json_lines() if line["logger"] == "django.request"]
    assert line["level"] == "WARNING"
    assert line["message"] == "Not Found: /p/…/"
    assert (line["method"], line["path"], line["status"], line["request_id"]) == ("GET", "/p/…/", 404, "req-4711")
    assert line["time"].endswith("Z") and line["time"][:2] == "20"
    assert TOKEN not in json.dumps(line)


def test_an_exception_is_in_the_same_line_with_the_token_masked(json_lines):
    try:
        raise ValueError(f"kaputt bei /feeds/{TOKEN}.ics")
    except ValueError:
        logging.getLogger("arbeitskreis.test").exception("Feed /feeds/%s.ics failed", TOKEN)
    (line,) = json_lines()
    assert line["message"] == "Feed /feeds/….ics failed"
    assert "Traceback" in line["exception"] and "ValueError: kaputt bei /feeds/….ics" in line["exception"]
    assert TOKEN not in json.dumps(line)


def _manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG"}}
    base.update(env, DJANGO_SETTINGS_MODULE="arbeitskreis.settings", DEBUG="1")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=base, capture_output=True, text=True, timeout=120
    )


def test_log_format_json_writes_json_lines_to_standard_output():
    code = f"import logging; logging.getLogger('arbeitskreis.x').warning('Link /p/{TOKEN}/ geöffnet')"
    result = _manage("shell", "-c", code, LOG_FORMAT="json")
    assert result.returncode == 0, result.stderr
    (line,) = [json.loads(text) for text in result.stdout.splitlines() if text.startswith("{")]
    assert {key: line[key] for key in ("level", "logger", "message")} == {
        "level": "WARNING",
        "logger": "arbeitskreis.x",
        "message": "Link /p/…/ geöffnet",
    }
    assert TOKEN not in result.stdout + result.stderr
    plain = _manage("shell", "-c", code)  # the default: the message as text
    assert "Link /p/…/ geöffnet" in plain.stdout and "{" not in plain.stdout


def test_an_unknown_log_format_stops_the_start():
    result = _manage("check", LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "LOG_FORMAT must be plain or json" in result.stderr


def test_gunicorn_writes_json_access_and_error_lines(monkeypatch, capsys):
    monkeypatch.setenv("LOG_FORMAT", "json")
    config = Config()
    config.set("accesslog", "-")
    config.set("errorlog", "-")
    logger = GunicornLogger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/p/{TOKEN}/",
        "PATH_INFO": f"/p/{TOKEN}/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.7",
        "HTTP_X_REQUEST_ID": "abc-1",
    }
    response = types.SimpleNamespace(status="302 Found", sent=0, headers=[])
    request = types.SimpleNamespace(headers=[])
    logger.access(response, request, environ, types.SimpleNamespace(seconds=0, microseconds=12_500))
    logger.info("Booting worker with pid: %s", 42)
    captured = capsys.readouterr()
    (access,) = [json.loads(line) for line in captured.out.splitlines()]
    assert access["message"] == "GET /p/…/ HTTP/1.1"
    assert (access["method"], access["path"], access["status"]) == ("GET", "/p/…/", 302)
    assert (access["duration_ms"], access["remote"], access["request_id"]) == (12.5, "10.0.0.7", "abc-1")
    assert access["logger"] == "gunicorn.access"
    (error,) = [json.loads(line) for line in captured.err.splitlines()]
    assert (error["level"], error["logger"], error["message"]) == (
        "INFO",
        "gunicorn.error",
        "Booting worker with pid: 42",
    )
    assert TOKEN not in captured.out + captured.err
