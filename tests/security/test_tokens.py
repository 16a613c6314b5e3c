"""Every secret the app puts into a link has at least 128 bits of entropy, and no secret is ever compared by the
database: it is looked up by its SHA-256 digest and then compared in constant time (``hmac.compare_digest``).

Secrets: the participant's personal link (also in the PDF letters and the minutes' links), calendar feeds, team
invitations, the newcomers' public feedback link. Password reset links are Django's (``constant_time_compare``).
"""

import ast
import base64
import hmac
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from arbeitskreis import team
from meetings.feeds import create_feed
from members import models as members_models
from networks import models as networks_models
from networks.newcomers import open_link
from tests.factories import make_invitation
from tests.members.factories import ParticipantFactory

ROOT = Path(__file__).resolve().parents[2]
APPS = ["arbeitskreis", "members", "meetings", "findings", "minutes", "integreat", "networks", "documents", "outbox"]
GENERATORS = {
    "personal link and calendar feed": members_models.new_token,
    "team invitation": team.new_token,
    "newcomers' link": networks_models.new_public_key,
}


@pytest.mark.parametrize("generator", GENERATORS.values(), ids=GENERATORS.keys())
def test_every_generated_secret_has_at_least_128_random_bits(generator):
    secrets = {generator() for _ in range(500)}
    assert len(secrets) == 500
    for secret in secrets:
        assert len(base64.urlsafe_b64decode(secret + "=" * (-len(secret) % 4))) * 8 >= 128


def _secret_calls():
    """``(file, line, function, size)`` of every call of ``secrets.token_*`` / ``os.urandom`` in the app code."""
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                    name = node.func.attr
                    if name.startswith("token_") or name in ("urandom", "get_random_string", "randbits"):
                        size = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else None
                        yield f"{path.relative_to(ROOT)}:{node.lineno}", name, size


def test_no_secret_generator_in_the_code_takes_fewer_than_16_bytes():
    calls = list(_secret_calls())
    assert len(calls) >= 3  # the three generators above
    for where, name, size in calls:
        assert name in ("token_urlsafe", "token_hex", "token_bytes"), f"{where}: {name} — use secrets.token_*"
        assert size is not None and size >= 16, f"{where}: {name}({size}) has fewer than 128 bits"


def test_the_app_code_never_uses_the_random_module_for_anything():
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module]
                    assert "random" not in modules, f"{path}: imports random (predictable); use secrets"


@pytest.fixture
def compared(monkeypatch):
    """The secrets compared with ``hmac.compare_digest`` during the test."""
    seen = []
    original = hmac.compare_digest

    def spy(a, b):
        seen.extend([a, b])
        return original(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    return seen


def _links(world):
    participant = ParticipantFactory(working_group=world.group)
    feed = create_feed(group=world.group, label="Outlook")
    _invitation, invitation_secret = make_invitation(world.group)
    link = open_link(group=world.group)
    return {
        "personal link": (participant.token, reverse("personal:entry", kwargs={"token": participant.token}), 302),
        "calendar feed": (feed.token, reverse("feeds:calendar", kwargs={"token": feed.token}), 200),
        "team invitation": (
            invitation_secret,
            reverse("account:invitation-entry", kwargs={"token": invitation_secret}),
            302,
        ),
        "newcomers' link": (link.key, reverse("newcomer-form:form", kwargs={"key": link.key}), 200),
    }


@pytest.mark.parametrize("kind", ["personal link", "calendar feed", "team invitation", "newcomers' link"])
def test_a_secret_is_looked_up_by_digest_and_compared_in_constant_time(client, world, compared, kind):
    secret, url, status = _links(world)[kind]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == status
    sql = "\n".join(query["sql"] for query in queries.captured_queries)
    assert secret not in sql, f"{kind}: the database compared the secret itself"
    assert secret in compared or team.token_digest(secret) in compared, f"{kind}: not compared in constant time"


@pytest.mark.parametrize("kind", ["personal link", "calendar feed", "team invitation", "newcomers' link"])
def test_a_secret_one_character_off_opens_nothing(client, world, kind):
    secret, url, _status = _links(world)[kind]
    wrong = secret[:-1] + ("A" if secret[-1] != "A" else "B")
    assert client.get(url.replace(secret, wrong)).status_code == 404
