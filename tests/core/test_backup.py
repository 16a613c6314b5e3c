"""Backup and restore with ``manage.py dumpdata`` / ``loaddata`` (README "Operations"): the demo data and a row of every
model survive a dump, an emptied database and a load — every row and every field, the key ones spelled out below.

The restore is what the README documents: ``migrate`` (the tables), ``flush --no-input`` (empties them, also of the
rows the data migrations seeded; Django recreates content types and permissions), ``loaddata``.
"""

import datetime
import json

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.utils import timezone

from findings.models import ContentArea, Finding
from integreat.models import AreaMapping, Page
from meetings.feeds import create_feed
from meetings.models import Invitation, Meeting
from members.models import Participant
from minutes.models import Measure, MinutesVersion
from networks.models import NetworkMember, NewcomerLink, NewcomerRateWindow
from tests.factories import UserFactory
from tests.members.factories import ImportBatchFactory, ParticipantFactory

pytestmark = pytest.mark.django_db(transaction=True)

# What a backup leaves out, and why (the README's "Operations" section names the same list):
DUMP_EXCLUDE = [
    "contenttypes",  # recreated by migrate/flush; rows refer to them by natural key (app label, model)
    "auth.permission",  # the same: recreated from the models, referred to by natural key
    "sessions",  # logins: a restore logs everybody out rather than bringing back old sessions
    "axes",  # failed-login counters and lock-outs: short-lived, they expire anyway
    "django_tasks_database",  # the task queue: queued mails stay in the outbox, `send_queued_mail` sends them
]


def _excluded(model) -> bool:
    return model._meta.app_label in DUMP_EXCLUDE or model._meta.label in DUMP_EXCLUDE


def _rows_the_demo_lacks():
    """The demo data leaves a few models empty: one row each, so that every model of the apps is dumped."""
    participant = Participant.objects.filter(working_group__municipality__slug="bielefeld").first()
    group = participant.working_group
    staff_group = Group.objects.create(name="Integreat-Team")
    staff_group.permissions.set(Permission.objects.filter(codename__in=["view_participant", "change_meeting"]))
    importer = UserFactory(username="import-person")
    importer.groups.add(staff_group)
    ImportBatchFactory(working_group=group, created_by=importer)
    LogEntry.objects.create(
        user=importer,
        content_type=ContentType.objects.get_for_model(Participant),
        object_id=str(participant.pk),
        object_repr=str(participant),
        action_flag=CHANGE,
        change_message="[]",
    )
    create_feed(group=group, participant=participant, label="Handy")
    create_feed(group=group, label="Rathaus-Kalender")
    AreaMapping.objects.create(
        working_group=group, page_key=Page.objects.first().top_key, content_area=ContentArea.objects.first()
    )
    NewcomerRateWindow.objects.create(
        link=NewcomerLink.objects.first(), starts_at=timezone.make_aware(datetime.datetime(2026, 3, 1, 10)), count=3
    )


def _to_the_millisecond(value):
    """``value`` with every time cut to the millisecond, as ``dumpdata``'s JSON keeps it (12:00:00.000500 is written
    as 12:00:00.000 and read back as 12:00:00)."""
    if isinstance(value, datetime.datetime | datetime.time):
        return value.replace(microsecond=value.microsecond // 1000 * 1000)
    if isinstance(value, dict):
        return {key: _to_the_millisecond(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_to_the_millisecond(item) for item in value]
    return value


def _snapshot() -> dict:
    """Every row of every dumped model as ``dumpdata`` writes it (foreign keys by natural key, times to the
    millisecond as in JSON), sorted so that a model with a natural primary key compares without its id."""
    snapshot = {}
    for model in apps.get_models():
        if _excluded(model) or model._meta.proxy:
            continue
        natural_primary = hasattr(model, "natural_key")
        rows = serializers.serialize(
            "python",
            model._base_manager.order_by("pk"),
            use_natural_foreign_keys=True,
            use_natural_primary_keys=natural_primary,
        )
        encoded = [json.dumps(_to_the_millisecond(row), default=str, sort_keys=True) for row in rows]
        snapshot[model._meta.label] = sorted(encoded) if natural_primary else encoded
    return snapshot


def _history(finding) -> list:
    events = sorted(finding.events.all(), key=lambda event: event.pk)
    return [(event.field, event.old_value, event.new_value, event.actor_label) for event in events]


def _key_fields() -> dict:
    """What a coordinator would check first after a restore, read through the relations (times to the millisecond,
    as JSON keeps them)."""
    keys = {
        "participants": sorted(
            Participant.objects.values_list(
                "working_group__slug", "given_name", "family_name", "email", "left_on", "erased_at", "token_digest"
            )
        ),
        "meetings": sorted(
            Meeting.objects.values_list("working_group__slug", "title", "start", "status", "calendar_uid")
        ),
        "answers": sorted(
            Invitation.objects.values_list(
                "meeting__calendar_uid", "participant__email", "answer", "answered_at", "comment"
            )
        ),
        "minutes versions": sorted(
            MinutesVersion.objects.values_list("minutes__meeting__calendar_uid", "number", "content", "approved_at")
        ),
        "findings": sorted(
            (finding.title, finding.status, _history(finding)) for finding in Finding.objects.prefetch_related("events")
        ),
        "measures": sorted(
            Measure.objects.values_list("title", "status", "due_date", "responsible_participant__email", "budget")
        ),
        "network members": sorted(
            NetworkMember.objects.values_list("network__slug", "participant__email", "user__username")
        ),
    }
    return _to_the_millisecond(keys)


def test_dumpdata_and_loaddata_restore_every_row(tmp_path):
    call_command("seed_demo", stdout=open(tmp_path / "seed.log", "w"))  # noqa: SIM115
    _rows_the_demo_lacks()
    before, keys_before = _snapshot(), _key_fields()
    empty = [label for label, rows in before.items() if not rows]
    assert not empty, f"no row to dump in {empty}"

    dump = tmp_path / "arbeitskreis.json"
    call_command(
        "dumpdata", "--natural-foreign", "--natural-primary", *(f"--exclude={x}" for x in DUMP_EXCLUDE), output=dump
    )
    call_command("flush", "--no-input")
    assert not Participant.objects.exists() and not get_user_model().objects.exists()
    call_command("loaddata", str(dump), verbosity=0)

    assert _key_fields() == keys_before
    after = _snapshot()
    assert {label: len(rows) for label, rows in after.items()} == {label: len(rows) for label, rows in before.items()}
    for label, rows in before.items():
        assert after[label] == rows, label

    # The restored database goes on: new rows get fresh ids (sequences reset), the demo password still works.
    new = ParticipantFactory(working_group=Participant.objects.first().working_group)
    assert new.pk > max(Participant.objects.exclude(pk=new.pk).values_list("pk", flat=True))
    assert get_user_model().objects.get(username="koordination-karlsruhe").check_password("demo-arbeitskreis")
