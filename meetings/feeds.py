"""Calendar subscriptions: the group's feed (as many links as the coordination hands out) and each participant's.

Writes (create, renew, revoke, forget) are keyword-only and atomic; reads (the feed for a token, its fingerprint and
its calendar data) cost a fixed number of queries. Calendar clients poll every few minutes: the view answers a
conditional request with 304 from :func:`fingerprint` alone, without building the feed.
"""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max
from django.urls import reverse

from meetings import calendar
from meetings.models import AgendaItem, CalendarFeed
from meetings.scheduling import BERLIN
from members.models import new_token, token_digest

# How often calendar clients are asked to fetch the feed again.
FEED_TTL_HOURS = 1


@transaction.atomic
def create_feed(*, group, participant=None, label="", by=None) -> CalendarFeed:
    """A new subscription link: for the group's meetings, or (``participant``) for one participant's meetings.

    Side effects: a :class:`CalendarFeed` with a new 256-bit token; a participant's earlier link is replaced.
    """
    if participant is not None:
        CalendarFeed.objects.filter(participant=participant).delete()
    token = new_token()
    return CalendarFeed.objects.create(
        working_group=group,
        participant=participant,
        label=label.strip()[:200],
        token=token,
        token_digest=token_digest(token),
        created_by=by if by is not None and by.is_authenticated else None,
    )


@transaction.atomic
def renew_feed(*, feed) -> CalendarFeed:
    """Give the link a new token. Side effects: the old address stops working at once (404)."""
    feed.token = new_token()
    feed.token_digest = token_digest(feed.token)
    feed.save(update_fields=["token", "token_digest"])
    return feed


@transaction.atomic
def revoke_feed(*, feed) -> None:
    """Switch the link off. Side effects: the feed is deleted; its address answers 404."""
    feed.delete()


@transaction.atomic
def forget_participant(*, participant) -> int:
    """For an erasure (wired in arbeitskreis/wiring.py). Side effects: the participant's feed is deleted."""
    deleted, _by_model = CalendarFeed.objects.filter(participant=participant).delete()
    return deleted


def feed_for_token(token):
    """The feed whose address carries ``token`` (looked up by digest, compared in constant time), or None."""
    if not token:
        return None
    feed = (
        CalendarFeed.objects.select_related("working_group__municipality", "participant")
        .filter(token_digest=token_digest(token))
        .first()
    )
    if feed is None or not hmac.compare_digest(feed.token, token):
        return None
    if feed.participant is not None and (feed.participant.is_erased or feed.participant.token is None):
        return None  # an erased participant, or one whose personal link is switched off, gets nothing
    return feed


def _meetings(feed):
    meetings = feed.working_group.meetings.all()
    if feed.participant is not None:
        meetings = meetings.filter(invitations__participant=feed.participant)
    return meetings


def fingerprint(feed) -> tuple[str, datetime.datetime | None]:
    """``(ETag, Last-Modified)`` of the feed in one query: the number of its meetings and their last change (an
    agenda change touches its meeting), the group's organiser, and the feed's token."""
    figures = _meetings(feed).aggregate(count=Count("pk", distinct=True), changed=Max("updated_at"))
    group = feed.working_group
    parts = [feed.token_digest[:16], str(figures["count"]), str(figures["changed"]), group.name, group.organizer_email]
    if feed.participant is not None:
        parts.append(str(feed.participant.preferred_language))
    etag = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    return f'"{etag}"', figures["changed"]


def _description(meeting, items):
    """The agenda of a meeting as plain text: ``items`` are (title, planned minutes); clock times as on the meeting
    page (minutes added in UTC, shown on the Berlin clock)."""
    clock = meeting.start.astimezone(datetime.UTC)
    lines = []
    for number, (title, minutes) in enumerate(items, start=1):
        end = clock + datetime.timedelta(minutes=minutes)
        lines.append(f"{clock.astimezone(BERLIN):%H:%M}–{end.astimezone(BERLIN):%H:%M}  {number}. {title}")
        clock = end
    return "\n".join(lines)


def _agendas(meetings) -> dict:
    """``{meeting id: [(title, planned minutes), …]}`` in agenda order — one query, no model instances."""
    agendas = {meeting.pk: [] for meeting in meetings}
    rows = (
        AgendaItem.objects.filter(meeting__in=list(agendas))
        .order_by("meeting", "position", "pk")
        .values_list("meeting_id", "title", "planned_minutes")
    )
    for meeting_id, title, minutes in rows:
        agendas[meeting_id].append((title, minutes))
    return agendas


def _url_pattern(feed):
    """A function meeting id → the address an event links to, with ``reverse`` called once, not per meeting."""
    if feed.participant is not None:
        prefix = reverse("personal:entry", kwargs={"token": feed.participant.token})
        base = f"{settings.BASE_URL}{prefix}meetings/"
    else:
        anchor = reverse("meetings:list", kwargs=feed.working_group.url_kwargs())
        base = f"{settings.BASE_URL}{anchor}"
    return lambda pk: f"{base}{pk}/"


def build(feed) -> bytes:
    """The feed's calendar data (METHOD:PUBLISH; cancelled meetings kept; no attendee addresses) in two queries."""
    group = feed.working_group
    meetings = list(
        _meetings(feed)
        .distinct()
        .order_by("start", "pk")
        .only(
            "working_group",
            "calendar_uid",
            "sequence",
            "start",
            "end",
            "title",
            "place",
            "online_link",
            "status",
            "updated_at",
        )
    )
    agendas = _agendas(meetings)
    url = _url_pattern(feed)
    events = [
        calendar.event_from_meeting(
            meeting, url=url(meeting.pk), description=_description(meeting, agendas[meeting.pk])
        )
        for meeting in meetings
    ]
    organizer = None
    email = settings.INVITATION_ORGANIZER_EMAIL or group.organizer_email
    if email:
        organizer = calendar.Person(name=group.organizer_name or group.name, email=email)
    name = group.name if feed.participant is None else f"{group.name} – {feed.participant.display_name}"
    return calendar.feed(events, name=name, ttl_hours=FEED_TTL_HOURS, organizer=organizer)


def feed_url(feed) -> str:
    return settings.BASE_URL + reverse("feeds:calendar", kwargs={"token": feed.token})


def webcal_url(feed) -> str:
    """The same address with the webcal scheme, which calendar apps open as a subscription."""
    url = feed_url(feed)
    return "webcal://" + url.split("://", 1)[1]


def group_feeds(group) -> list:
    return list(group.calendar_feeds.filter(participant=None).select_related("created_by").order_by("label", "pk"))
