"""Team invitations: sent through the outbox, stored as a digest, single-use, expiring, withdrawn and sent again;
joining with a new account or an existing one."""

import datetime
import re

import pytest
import time_machine
from django.core import mail as django_mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arbeitskreis import team
from arbeitskreis.models import EventKind, GroupEvent, GroupRole, RoleKind, TeamInvitation
from outbox.models import OutboxMail
from tests.core.team_helpers import INVALID, invitation_link, invite, messages_of, url
from tests.factories import PASSWORD, UserFactory, make_invitation
from tests.mail import html, text
from tests.snapshot import database_rows

# --- Invitations ----------------------------------------------------------------------------------------------------


def test_an_invitation_is_stored_as_a_digest_and_mailed_through_the_outbox(
    coordinator_client, world, django_capture_on_commit_callbacks
):
    response, mail = invite(
        coordinator_client, world.group, role="coordinator", commit=django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    assert messages_of(response) == ["Die Einladung an kollegin@example.org ist unterwegs. Der Link gilt 7 Tage."]
    invitation = TeamInvitation.objects.get()
    assert (invitation.email, invitation.role, invitation.invited_by) == (
        "kollegin@example.org",
        "coordinator",
        world.coordinator,
    )
    assert invitation.expires_at - invitation.sent_at == datetime.timedelta(days=7)
    link = invitation_link(mail)
    token = re.search(r"/accounts/invitation/([A-Za-z0-9_-]+)/$", link).group(1)
    assert len(token) == 43  # 32 random bytes
    assert invitation.token_digest == team.token_digest(token)
    # The secret itself is stored nowhere but in the mail.
    rows = database_rows()
    rows.pop("outbox.OutboxMail")
    assert token not in str(rows)
    # The mail: German, the group, who invites, the role, until when.
    assert mail.to_address == "kollegin@example.org" and mail.status == "sent"
    assert mail.subject == "Einladung in das Team des Arbeitskreis Karlsruhe"
    assert "lädt Sie in das Team des Arbeitskreis Karlsruhe (Landkreis Karlsruhe) ein, in der Rolle Koordination" in (
        mail.text_body
    )
    assert "Der Link funktioniert einmal und bis" in mail.text_body
    (sent,) = django_mail.outbox  # sent through the outbox after the commit
    assert sent.to == ["kollegin@example.org"] and link in text(sent) and link in html(sent)
    assert GroupEvent.objects.get().kind == EventKind.INVITED


def test_a_member_or_an_open_invitation_is_not_invited_twice(coordinator_client, world):
    before = TeamInvitation.objects.count()
    response, _mail = invite(coordinator_client, world.group, email=world.observer.email.upper())
    assert "Eine Person mit dieser E-Mail-Adresse gehört bereits zum Team." in response.content.decode()
    invite(coordinator_client, world.group, email="neu@example.org")
    response, _mail = invite(coordinator_client, world.group, email="NEU@example.org")
    assert "An diese Adresse ging bereits eine Einladung." in response.content.decode()
    assert TeamInvitation.objects.count() == before + 1


def test_a_new_colleague_makes_an_account_and_joins_once(
    client, coordinator_client, world, django_capture_on_commit_callbacks
):
    _response, mail = invite(coordinator_client, world.group, commit=django_capture_on_commit_callbacks)
    link = invitation_link(mail)
    client.logout()
    response = client.get(link)
    # The secret leaves the address at once; the page names the group, who invites and the role.
    assert response.status_code == 302 and response["Location"] == reverse("account:invitation")
    assert response["Referrer-Policy"] == "no-referrer"
    content = client.get(response["Location"]).content.decode()
    assert (
        "lädt Sie in das Team des Arbeitskreis Karlsruhe (Landkreis Karlsruhe) ein, in der Rolle Beobachtung" in content
    )
    assert 'value="kollegin@example.org"' in content  # the user name suggested
    data = {
        "first_name": "Jana",
        "last_name": "Öztürk",
        "username": "j.oeztuerk",
        "password1": "Integreat-2026-Kreis",
        "password2": "Integreat-2026-Kreis",
    }
    response = client.post(reverse("account:invitation"), data)
    assert response.status_code == 302 and response["Location"] == world.group.get_absolute_url()
    user = GroupRole.objects.get(working_group=world.group, user__username="j.oeztuerk").user
    assert (user.email, user.get_full_name(), user.check_password("Integreat-2026-Kreis")) == (
        "kollegin@example.org",
        "Jana Öztürk",
        True,
    )
    assert user.group_roles.get().role == RoleKind.OBSERVER
    assert client.get(world.group.get_absolute_url()).status_code == 200  # logged in
    invitation = TeamInvitation.objects.get()
    assert invitation.accepted_by == user and invitation.accepted_at
    assert GroupEvent.objects.filter(kind=EventKind.JOINED, user=user).exists()
    # The link works once.
    other = Client()
    response = other.get(link)
    assert response.status_code == 404 and INVALID in response.content.decode()


def test_a_colleague_with_an_account_logs_in_on_the_way_and_joins(client, world):
    colleague = UserFactory(username="kollege", email="kollege@example.org")
    invitation, token = make_invitation(world.group, email="anders@example.org", role=RoleKind.COORDINATOR)
    client.get(reverse("account:invitation-entry", kwargs={"token": token}))
    page = client.get(reverse("account:invitation")).content.decode()
    assert f'href="{reverse("login")}?next={reverse("account:invitation")}"' in page
    # Logging in keeps the invitation in the session.
    response = client.post(
        reverse("login"), {"username": "kollege", "password": PASSWORD, "next": reverse("account:invitation")}
    )
    assert response["Location"] == reverse("account:invitation")
    page = client.get(reverse("account:invitation")).content.decode()
    assert f"Als {colleague.get_full_name()} beitreten" in page
    response = client.post(reverse("account:invitation"))
    assert response.status_code == 302
    assert GroupRole.objects.get(user=colleague, working_group=world.group).role == RoleKind.COORDINATOR
    invitation.refresh_from_db()
    assert invitation.accepted_by == colleague


def test_an_observer_invited_as_coordinator_becomes_one(client, world):
    _invitation, token = make_invitation(world.group, email=world.observer.email, role=RoleKind.COORDINATOR)
    client.force_login(world.observer)
    client.get(reverse("account:invitation-entry", kwargs={"token": token}))
    client.post(reverse("account:invitation"))
    assert world.observer.group_roles.get().role == RoleKind.COORDINATOR
    event = GroupEvent.objects.get(kind=EventKind.ROLE_CHANGED)
    assert (event.old_role, event.new_role) == ("observer", "coordinator")


def _wrong(invitation, token):
    return token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")


def _withdrawn(invitation, token):
    team.withdraw(invitation=invitation, by=invitation.invited_by)
    return token


def _replaced(invitation, token):
    team.resend(invitation=invitation, by=invitation.invited_by)
    return token


def _used(invitation, token):
    team.accept(invitation=invitation, user=UserFactory())
    return token


@pytest.mark.parametrize(
    "spoil", [_wrong, _withdrawn, _replaced, _used], ids=["wrong", "withdrawn", "replaced", "used"]
)
def test_a_wrong_withdrawn_replaced_or_used_link_shows_the_invalid_link_page(client, world, spoil):
    invitation, token = make_invitation(world.group, invited_by=world.coordinator)
    token = spoil(invitation, token)
    response = client.get(reverse("account:invitation-entry", kwargs={"token": token}))
    assert response.status_code == 404
    content = response.content.decode()
    assert INVALID in content and "Arbeitskreis Karlsruhe" not in content
    assert response["Cache-Control"].startswith("private")
    assert client.get(reverse("account:invitation")).status_code == 404


def test_a_link_opened_before_it_was_withdrawn_no_longer_joins(client, world):
    invitation, token = make_invitation(world.group, invited_by=world.coordinator)
    client.force_login(UserFactory(username="spaet"))
    client.get(reverse("account:invitation-entry", kwargs={"token": token}))
    team.withdraw(invitation=invitation, by=world.coordinator)
    response = client.post(reverse("account:invitation"))
    assert response.status_code == 404 and INVALID in response.content.decode()
    assert not GroupRole.objects.filter(user__username="spaet").exists()


def test_an_invitation_expires_after_seven_days_and_works_again_when_sent_again(
    client, coordinator_client, world, django_capture_on_commit_callbacks
):
    _response, mail = invite(coordinator_client, world.group, commit=django_capture_on_commit_callbacks)
    old_link = invitation_link(mail)
    # Opened, then left lying until it expired: the page too says it is no longer valid.
    assert client.get(old_link).status_code == 302
    with time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)):
        assert client.get(reverse("account:invitation")).status_code == 404
        assert INVALID in client.get(old_link).content.decode()
        content = coordinator_client.get(url("team:list", world.group)).content.decode()
        assert "abgelaufen" in content
        invitation = TeamInvitation.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            response = coordinator_client.post(url("team:invitation-resend", world.group, pk=invitation.pk))
        assert "wurde mit einem neuen Link erneut gesendet" in messages_of(response)[0]
        new_link = invitation_link(OutboxMail.objects.filter(kind="team-invitation").latest("pk"))
        assert new_link != old_link
        assert client.get(old_link).status_code == 404
        assert client.get(new_link).status_code == 302
    invitation.refresh_from_db()
    assert invitation.send_count == 2
    assert [e.kind for e in GroupEvent.objects.order_by("pk")] == [EventKind.INVITED, EventKind.INVITATION_RESENT]


def test_a_withdrawn_invitation_leaves_the_list(coordinator_client, world):
    invitation, _token = make_invitation(world.group, email="zurueck@example.org", invited_by=world.coordinator)
    response = coordinator_client.post(url("team:invitation-withdraw", world.group, pk=invitation.pk))
    assert messages_of(response) == ["Die Einladung an zurueck@example.org wurde zurückgezogen."]
    content = coordinator_client.get(url("team:list", world.group)).content.decode()
    assert "Keine Einladung ist offen." in content and "team-invitations" not in content
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    # Withdrawn is withdrawn: a second click finds nothing.
    assert coordinator_client.post(url("team:invitation-withdraw", world.group, pk=invitation.pk)).status_code == 404


def test_the_account_form_refuses_bad_input_and_keeps_nothing(client, world):
    invitation, token = make_invitation(world.group)
    UserFactory(username="vergeben")
    client.get(reverse("account:invitation-entry", kwargs={"token": token}))
    before = database_rows()
    response = client.post(
        reverse("account:invitation"),
        {"first_name": "A", "last_name": "B", "username": "Vergeben", "password1": "123", "password2": "124"},
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "Dieser Benutzername ist bereits vergeben." in content
    assert "Die beiden Passwörter stimmen nicht überein." in content
    after = database_rows()
    after.pop("sessions.Session", None)
    before.pop("sessions.Session", None)
    assert after == before
    response = client.post(
        reverse("account:invitation"),
        {"first_name": "A", "last_name": "B", "username": "neu", "password1": "12345678", "password2": "12345678"},
    )
    assert "Dieses Passwort ist komplett numerisch." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
