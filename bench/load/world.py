"""The world the load test runs against, built through the app's services (called by ``bench/load/run.py`` after
``django.setup()`` on the freshly migrated database).

One municipality with one working group: ``coordinators`` coordinators (each with their own account and the same
password), ``participants`` participants with email and a personal link, a held meeting with minutes, content gaps
and measures for the registers, and an upcoming meeting whose invitations went out through
``meetings.invitations.send_invitations`` (queued in the outbox; no worker runs, so nothing is mailed). Feeds:
one personal feed per participant and the rest group feeds (``meetings.feeds.create_feed``).
"""

import datetime
import secrets

FAMILY = ["Öztürk", "Yılmaz", "Müller", "Haddad", "Шевченко", "Kovalenko", "Ahmadi", "Weiß", "Popescu", "İnce"]


def build(*, coordinators: int, participants: int, feeds: int) -> dict:
    """Seed the database; returns what the locustfile needs (JSON-serialisable) and what the checks need."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.urls import reverse
    from django.utils import timezone

    from arbeitskreis.models import GroupRole, Municipality, RoleKind, WorkingGroup
    from findings.models import Finding
    from meetings import invitations
    from meetings.feeds import create_feed, feed_url
    from meetings.models import AgendaItem, Meeting, MeetingStatus
    from members.models import Participant, new_token, token_digest
    from minutes import services as minutes_services
    from minutes.models import Measure

    municipality = Municipality.objects.create(name="Lastheim", slug="lastheim", state="BW")
    group = WorkingGroup.objects.create(
        municipality=municipality,
        name="Arbeitskreis Lastheim",
        slug="arbeitskreis",
        organizer_name="Koordination",
        organizer_email="koordination@lastheim.example.de",
    )
    password = secrets.token_urlsafe(16)
    hashed = make_password(password)  # hashed once: PBKDF2 per account would take seconds
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"koordination-{n:02d}", email=f"k{n}@lastheim.example.de", password=hashed)
        for n in range(coordinators)
    )
    GroupRole.objects.bulk_create(
        GroupRole(user=user, working_group=group, role=RoleKind.COORDINATOR) for user in users
    )
    people = Participant.objects.bulk_create(
        Participant(
            working_group=group,
            given_name=f"Person {n}",
            family_name=FAMILY[n % len(FAMILY)],
            email=f"person{n}@example.org",
            consent_given_at=datetime.date(2025, 1, 1),
            token=(token := new_token()),
            token_digest=token_digest(token),
        )
        for n in range(participants)
    )
    now = timezone.now()
    held_start = now - datetime.timedelta(days=60)
    held = Meeting.objects.create(
        working_group=group,
        title="Frühjahrstreffen",
        start=held_start,
        end=held_start + datetime.timedelta(minutes=90),
        place="Rathaus",
        status=MeetingStatus.HELD,
    )
    upcoming_start = (now + datetime.timedelta(days=21)).replace(hour=14, minute=0, second=0, microsecond=0)
    upcoming = Meeting.objects.create(
        working_group=group,
        title="Herbsttreffen",
        start=upcoming_start,
        end=upcoming_start + datetime.timedelta(minutes=90),
        place="Landratsamt, Sitzungssaal 1.07",
    )
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=p, title=f"Tagesordnungspunkt {p}", planned_minutes=15)
        for meeting in (held, upcoming)
        for p in range(1, 9)
    )
    minutes = minutes_services.minutes_for(meeting=held)
    minutes_services.save(
        meeting=held,
        revision=minutes.revision,
        data={
            "attendance": {p.pk: "present" if i % 4 else "excused" for i, p in enumerate(people[:30])},
            "guests": [],
            "notes": {item.pk: f"Besprochen: **{item.title}**\n\n- eins\n- zwei" for item in held.agenda_items.all()},
            "answers": {},
            "decisions": [f"Beschluss {n}" for n in range(5)],
        },
        by=users[0],
    )
    Finding.objects.bulk_create(
        Finding(working_group=group, title=f"Inhaltslücke {n}", status=("open", "resolved")[n % 2]) for n in range(200)
    )
    Measure.objects.bulk_create(Measure(working_group=group, title=f"Maßnahme {n}") for n in range(50))
    sent = invitations.send_invitations(meeting=upcoming, sent_by=users[0])
    assert len(sent) == participants, (len(sent), participants)

    personal = [create_feed(group=group, participant=p) for p in people[: min(feeds, participants)]]
    shared = [create_feed(group=group, label=f"Büro {n}", by=users[0]) for n in range(feeds - len(personal))]

    kwargs = group.url_kwargs()
    rest = f"meetings/{upcoming.pk}/"

    def group_url(name, **extra):
        return reverse(name, kwargs={**kwargs, **extra})

    return {
        "password": password,
        "coordinators": [user.username for user in users],
        "meeting": upcoming.pk,
        "participants": [
            {
                "pk": p.pk,
                "link": reverse("personal:entry-path", kwargs={"token": p.token, "rest": rest}),
            }
            for p in people
        ],
        "feeds": [{"kind": "personal", "path": _path(feed_url(f))} for f in personal]
        + [{"kind": "group", "path": _path(feed_url(f))} for f in shared],
        "pages": {
            "dashboard": reverse("dashboard"),
            "group page": reverse("groups:detail", kwargs=kwargs),
            "participant list": group_url("members:participant-list"),
            "meeting page": upcoming.get_absolute_url(),
            "content gaps register": group_url("findings:list"),
            "measures register": group_url("minutes:measures"),
            "minutes": reverse("minutes:detail", kwargs={**kwargs, "pk": held.pk}),
        },
    }


def _path(url: str) -> str:
    """The path of an absolute feed address (``BASE_URL`` is not where the load test's server listens)."""
    from urllib.parse import urlsplit

    return urlsplit(url).path
