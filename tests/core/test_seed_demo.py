from django.contrib.auth import get_user_model
from django.core.management import call_command

from arbeitskreis.models import GroupRole, Municipality, WorkingGroup


def test_seed_demo_is_idempotent_and_prints_the_logins(db, capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "koordination-karlsruhe" in out and "demo-arbeitskreis" in out
    assert set(Municipality.objects.values_list("state", flat=True)) == {"BW", "NW"}
    assert WorkingGroup.objects.count() == 2
    User = get_user_model()
    assert User.objects.count() == 4
    coordinator = User.objects.get(username="koordination-karlsruhe")
    assert coordinator.check_password("demo-arbeitskreis")
    assert GroupRole.objects.get(user=coordinator).working_group.municipality.slug == "landkreis-karlsruhe"
    assert GroupRole.objects.get(user__username="beobachtung-karlsruhe").role == "observer"
    assert User.objects.get(username="admin").is_staff


def test_demo_coordinator_sees_only_their_group(client, db):
    call_command("seed_demo")
    client.login(username="koordination-karlsruhe", password="demo-arbeitskreis")
    own = WorkingGroup.objects.get(municipality__slug="landkreis-karlsruhe")
    other = WorkingGroup.objects.get(municipality__slug="bielefeld")
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(f"{other.get_absolute_url()}settings/").status_code == 404
