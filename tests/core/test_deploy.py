"""The deployment example in deploy/ stays in step with the code: the environment file names exactly the variables the
settings read, the compose file uses only official images, and every command the units and services run exists."""

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"

# env_str("NAME", …), env_int('NAME', …), env_bool(\n "NAME" …) — however the call is spread over lines.
READ_IN_SETTINGS = re.compile(r"\benv_[a-z]+\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']")
# "NAME=value" or "# NAME=value" (optional, shown with its default).
NAMED_IN_EXAMPLE = re.compile(r"^(?:#\s*)?([A-Z][A-Z0-9_]*)=", re.MULTILINE)


def _read_by_settings() -> set[str]:
    return set(READ_IN_SETTINGS.findall((ROOT / "arbeitskreis" / "settings.py").read_text()))


def test_the_settings_reader_finds_every_kind_of_call():
    names = _read_by_settings()
    # A plain call, one inside an f-string with single quotes, one whose name is on the next line.
    assert {"SECRET_KEY", "HOST", "IMPORT_XLSX_MAX_UNPACKED_BYTES", "LOG_FORMAT"} <= names


def test_env_example_names_exactly_the_variables_the_settings_read():
    in_example = NAMED_IN_EXAMPLE.findall((DEPLOY / "arbeitskreis.env.example").read_text())
    assert len(in_example) == len(set(in_example)), "a variable is named twice"
    read = _read_by_settings()
    assert sorted(read - set(in_example)) == [], "missing in deploy/arbeitskreis.env.example"
    assert sorted(set(in_example) - read) == [], "named in deploy/arbeitskreis.env.example, read by no setting"


def test_env_example_is_a_production_configuration():
    values = dict(
        line.split("=", 1)
        for line in (DEPLOY / "arbeitskreis.env.example").read_text().splitlines()
        if line[:1].isupper()
    )
    assert values["DEBUG"] == "0"
    assert values["DATABASE_URL"].startswith("postgres://")
    assert values["TASKS_BACKEND"] == "database"
    assert values["LOG_FORMAT"] == "json"


def test_compose_uses_official_images_and_existing_commands():
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    services = compose["services"]
    assert {"db", "app", "worker", "daily", "migrate"} <= set(services)
    images = {service["image"].split(":")[0] for service in services.values() if "build" not in service}
    assert images <= {"postgres", "redis", "python"}
    dockerfile = (DEPLOY / "Dockerfile").read_text().splitlines()
    assert [line for line in dockerfile if line.startswith("FROM ")] == ["FROM python:3.11-slim-bookworm"]
    known = set(get_commands())
    ran = []
    for service in services.values():
        command = service.get("command", [])
        words = shlex.split(command[-1]) if command[:2] == ["sh", "-c"] else command
        ran += [words[i + 1].rstrip(";") for i, word in enumerate(words[:-1]) if word == "manage.py"]
    assert {"migrate", "db_worker", "send_queued_mail", "run_daily"} <= set(ran) <= known


def test_systemd_units_run_existing_commands_and_the_timers_start_them():
    units = {path.name: path.read_text() for path in (DEPLOY / "systemd").iterdir()}
    assert {"arbeitskreis.service", "arbeitskreis-worker.service", "arbeitskreis-daily.timer"} <= set(units)
    ran = set()
    for text in units.values():
        for line in text.splitlines():
            if line.startswith(("ExecStart=", "ExecStartPre=")):
                words = shlex.split(line.split("=", 1)[1])
                ran |= {words[i + 1] for i, word in enumerate(words[:-1]) if word == "manage.py"}
    assert {"migrate", "db_worker", "run_daily", "send_queued_mail"} <= ran <= set(get_commands())
    for timer in (name for name in units if name.endswith(".timer")):
        assert timer.replace(".timer", ".service") in units
    assert "OnCalendar=*-*-* 03:30:00" in units["arbeitskreis-daily.timer"]


def test_the_env_example_passes_check_deploy():
    """The example, with a real secret filled in, is a production configuration Django's deploy checks accept."""
    lines = (DEPLOY / "arbeitskreis.env.example").read_text().splitlines()
    env = dict(line.split("=", 1) for line in lines if line[:1].isupper())
    env.update(SECRET_KEY="k9#Vx2!mQ7" * 6, PATH=os.environ["PATH"], DJANGO_SETTINGS_MODULE="arbeitskreis.settings")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
