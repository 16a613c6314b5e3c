from django.contrib.auth import get_user_model
from django.core.management import call_command

from arbeitskreis.models import GroupRole, Municipality, WorkingGroup


def test_seed_demo_is_idempotent_and_prints_the_logins(db, capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "koordination-karlsruhe" in out and "demo-arbeitskreis" in out
    assert set(Municipality.objects.values_list("state", flat=True)) == {"BW", "NW"}
    assert WorkingGroup.objects.local().count() == 2
    User = get_user_model()
    assert User.objects.count() == 6
    coordinator = User.objects.get(username="koordination-karlsruhe")
    assert coordinator.check_password("demo-arbeitskreis")
    assert GroupRole.objects.get(user=coordinator).working_group.municipality.slug == "landkreis-karlsruhe"
    assert GroupRole.objects.get(user__username="beobachtung-karlsruhe").role == "observer"
    assert User.objects.get(username="admin").is_staff
    # The team: a second coordinator in Karlsruhe, a pending invitation and a past handover in Bielefeld — once.
    karlsruhe, bielefeld = (
        WorkingGroup.objects.get(municipality__slug=slug) for slug in ("landkreis-karlsruhe", "bielefeld")
    )
    assert sorted(karlsruhe.roles.filter(role="coordinator").values_list("user__username", flat=True)) == [
        "koordination-karlsruhe",
        "koordination2-karlsruhe",
    ]
    assert [i.email for i in bielefeld.team_invitations.pending()] == ["t.brandt@bielefeld.example.de"]
    (handover,) = bielefeld.handovers.all()
    assert (handover.predecessor_name, handover.successor_name) == ("Anna Schulte", "Mehmet Demir")
    assert not bielefeld.roles.filter(user__username="ehemals-bielefeld").exists()
    assert {s["key"] for s in handover.sections if s["rows"]} >= {"participants", "open_findings", "next_meeting"}
    assert karlsruhe.events.filter(kind="joined").count() == 1


def test_demo_coordinator_sees_only_their_group(client, db):
    call_command("seed_demo")
    # Through the login page: django-axes needs the request (Client.login gives none).
    client.post("/accounts/login/", {"username": "koordination-karlsruhe", "password": "demo-arbeitskreis"})
    own = WorkingGroup.objects.get(municipality__slug="landkreis-karlsruhe")
    other = WorkingGroup.objects.get(municipality__slug="bielefeld")
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(f"{other.get_absolute_url()}settings/").status_code == 404
