"""seed_demo creates accounts with a published password: never on a production installation unless forced."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from arbeitskreis.models import Municipality


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ALLOW_DEMO_DATA = False


def test_seed_demo_refuses_to_run_without_debug(db, production):
    with pytest.raises(CommandError) as error:
        call_command("seed_demo", stdout=StringIO())
    message = str(error.value)
    assert "veröffentlichten Passwort „demo-arbeitskreis“" in message
    assert "DEBUG=0" in message and "--force" in message and "ALLOW_DEMO_DATA=1" in message
    assert not get_user_model().objects.exists() and not Municipality.objects.exists()


def test_seed_demo_runs_when_forced(db, production):
    out = StringIO()
    call_command("seed_demo", "--force", stdout=out)
    assert "Demo-Daten sind angelegt." in out.getvalue()
    assert get_user_model().objects.filter(username="koordination-karlsruhe").exists()


@pytest.mark.parametrize("setting", ["DEBUG", "ALLOW_DEMO_DATA"])
def test_seed_demo_runs_in_debug_mode_or_when_allowed(db, production, settings, setting):
    setattr(settings, setting, True)
    call_command("seed_demo", stdout=StringIO())
    assert get_user_model().objects.filter(username="admin").exists()


def test_the_command_line_refusal_exits_with_the_message(db, production, capsys):
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "seed_demo"])
    assert exit_.value.code == 1
    assert "läuft deshalb nur mit DEBUG=1" in capsys.readouterr().err
