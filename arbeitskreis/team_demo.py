"""Demo data of the team, through the services (after the apps' demos, so that the handover has something to hand
over): a second coordinator in Karlsruhe who joined through an invitation, a pending invitation in Bielefeld and a
past handover in Bielefeld. Idempotent: what exists already is left as it is.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from arbeitskreis import handover, team
from arbeitskreis.models import GroupEvent, GroupRole, RoleKind, TeamInvitation

HANDOVER_NOTE = (
    "Die Einladungen zum nächsten Treffen sind verschickt; die Rückmeldungen der Beratungsstellen stehen noch aus.\n"
    "Die Inhaltslücken zum Thema Wohnen hat das Sozialamt übernommen – bitte im Herbst nachfragen.\n"
    "Der Raum im Neuen Rathaus ist bis Jahresende für alle Treffen reserviert."
)


def _backdate(group, since, days):
    """Move the history lines written since ``since`` back by ``days`` (a demo that happened earlier)."""
    when = timezone.now() - datetime.timedelta(days=days)
    GroupEvent.objects.filter(working_group=group, created_at__gte=since).update(created_at=when)
    return when


def seed(*, groups, stdout=None):
    users = {user.username: user for user in get_user_model().objects.all()}
    karlsruhe, bielefeld = groups["landkreis-karlsruhe"], groups["bielefeld"]

    second = users["koordination2-karlsruhe"]
    if not karlsruhe.roles.filter(user=second).exists():
        since = timezone.now()
        invitation, _token = team.invite(
            group=karlsruhe,
            data={"email": second.email, "role": RoleKind.COORDINATOR},
            by=users["koordination-karlsruhe"],
        )
        team.accept(invitation=invitation, user=second)
        when = _backdate(karlsruhe, since, 45)
        TeamInvitation.objects.filter(pk=invitation.pk).update(created_at=when, sent_at=when, accepted_at=when)
        GroupRole.objects.filter(working_group=karlsruhe, user=second).update(created_at=when)

    former, current = users["ehemals-bielefeld"], users["koordination-bielefeld"]
    if not bielefeld.handovers.exists():
        since = timezone.now()
        GroupRole.objects.get_or_create(user=former, working_group=bielefeld, defaults={"role": RoleKind.COORDINATOR})
        record = handover.hand_over(
            group=bielefeld,
            predecessor=former,
            data={
                "successor": bielefeld.roles.get(user=current),
                "stay": False,
                "note": HANDOVER_NOTE,
                "update_organiser": False,
            },
        )
        when = _backdate(bielefeld, since, 60)
        type(record).objects.filter(pk=record.pk).update(created_at=when)

    if not bielefeld.team_invitations.pending().exists():
        team.invite(
            group=bielefeld, data={"email": "t.brandt@bielefeld.example.de", "role": RoleKind.OBSERVER}, by=current
        )
