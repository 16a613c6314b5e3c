"""Demo data of the tenant core: two municipalities, their working groups and the demo accounts.

Idempotent: running it again updates the same rows instead of adding new ones.
"""

import datetime

from django.contrib.auth import get_user_model

from arbeitskreis.models import GroupRole, Municipality, RoleKind, State, WorkingGroup

DEMO_PASSWORD = "demo-arbeitskreis"  # published demo password, refused in production without ALLOW_DEMO_DATA  # nosec B105

MUNICIPALITIES = [
    {
        "slug": "landkreis-karlsruhe",
        "name": "Landkreis Karlsruhe",
        "state": State.BW,
        "official_key": "08215000",
        "integreat_region_slug": "landkreis-karlsruhe",
        "group": {
            "slug": "arbeitskreis-integreat",
            "name": "Arbeitskreis Integreat Landkreis Karlsruhe",
            "default_start_time": datetime.time(16, 0),
            "default_duration_minutes": 90,
            "default_place": "Landratsamt Karlsruhe, Beiertheimer Allee 2, Sitzungssaal 1.07, 76137 Karlsruhe",
            "default_online_link": "https://meet.example.org/ak-integreat-ka",
            "organizer_name": "Sabine Keller",
            "organizer_email": "integreat@landratsamt-karlsruhe.example.de",
        },
    },
    {
        "slug": "bielefeld",
        "name": "Stadt Bielefeld",
        "state": State.NW,
        "official_key": "05711000",
        "integreat_region_slug": "bielefeld",
        "group": {
            "slug": "arbeitskreis-integreat",
            "name": "Arbeitskreis Integreat Bielefeld",
            "default_start_time": datetime.time(10, 0),
            "default_duration_minutes": 120,
            "default_place": "Neues Rathaus, Niederwall 23, Raum 205, 33602 Bielefeld",
            "default_online_link": "",
            "organizer_name": "Mehmet Demir",
            "organizer_email": "integreat@bielefeld.example.de",
        },
    },
]

# username, first name, last name, email, (municipality slug, role) or None, staff
ACCOUNTS = [
    (
        "koordination-karlsruhe",
        "Sabine",
        "Keller",
        "s.keller@landratsamt-karlsruhe.example.de",
        ("landkreis-karlsruhe", RoleKind.COORDINATOR),
        False,
    ),
    (
        "koordination-bielefeld",
        "Mehmet",
        "Demir",
        "m.demir@bielefeld.example.de",
        ("bielefeld", RoleKind.COORDINATOR),
        False,
    ),
    (
        "beobachtung-karlsruhe",
        "Lena",
        "Hoffmann",
        "l.hoffmann@landratsamt-karlsruhe.example.de",
        ("landkreis-karlsruhe", RoleKind.OBSERVER),
        False,
    ),
    ("admin", "Integreat", "Team", "admin@integreat.example.org", None, True),
    # The team's demo (arbeitskreis/team_demo.py): the second coordinator joins Karlsruhe through an invitation; the
    # former coordinator of Bielefeld handed the group over to Mehmet Demir and left.
    ("koordination2-karlsruhe", "Jonas", "Becker", "j.becker@landratsamt-karlsruhe.example.de", None, False),
    ("ehemals-bielefeld", "Anna", "Schulte", "a.schulte@bielefeld.example.de", None, False),
]


def seed(*, stdout=None):
    """Create or update the municipalities, groups and accounts; return the groups by municipality slug."""
    groups = {}
    for data in MUNICIPALITIES:
        data = dict(data)
        group_data = data.pop("group")
        municipality, _ = Municipality.objects.update_or_create(slug=data.pop("slug"), defaults=data)
        group_data = dict(group_data)
        group, _ = WorkingGroup.objects.update_or_create(
            municipality=municipality, slug=group_data.pop("slug"), defaults=group_data
        )
        groups[municipality.slug] = group

    User = get_user_model()
    for username, first, last, email, role, staff in ACCOUNTS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": email,
                "is_staff": staff,
                "is_superuser": staff,
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        if role:
            municipality_slug, kind = role
            GroupRole.objects.update_or_create(
                user=user, working_group=groups[municipality_slug], defaults={"role": kind}
            )
    return groups


def logins():
    """Lines describing the demo logins, for the command's output."""
    descriptions = {
        "koordination-karlsruhe": "Koordination, Landkreis Karlsruhe (Baden-Württemberg)",
        "koordination-bielefeld": "Koordination, Stadt Bielefeld (Nordrhein-Westfalen)",
        "beobachtung-karlsruhe": "Beobachtung (nur lesen), Landkreis Karlsruhe",
        "admin": "Administration (Django-Admin, alle Kommunen)",
        "koordination2-karlsruhe": "zweite Koordination, Landkreis Karlsruhe (per Team-Einladung beigetreten)",
        "ehemals-bielefeld": "frühere Koordination Bielefeld (hat übergeben; Bericht unter „Mein Konto“)",
    }
    return [f"  {username:<24} {DEMO_PASSWORD:<20} {descriptions[username]}" for username, *_ in ACCOUNTS]
