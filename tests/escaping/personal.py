"""Escaping registry of the participant's pages behind the personal link (``p/``)."""

from tests.escaping import NoUserText, Shows, no_kwargs
from tests.escaping.members import NAMES, PERSON

PAGES = {
    "personal:entry": NoUserText("exchanges the link for a session and redirects"),
    "personal:entry-path": NoUserText("exchanges the link for a session and redirects"),
    "personal:unknown": NoUserText("the invalid-link page names nothing"),
    "personal:page": Shows(
        no_kwargs,
        (
            *PERSON,
            "org.name",
            "group.name",
            "municipality.name",
            "group.organizer_name",
            "group.organizer_email",
            "finding.title",
            "suggestion.title",
        ),
        as_="participant",
    ),
    "personal:data-json": Shows(
        no_kwargs,
        (*PERSON, "org.name", "group.name", "municipality.name", "suggestion.title"),
        as_="participant",
        kind="json",
    ),
    # The organiser's mail about the request: plain text, so the names must arrive unescaped.
    "personal:deletion-request": Shows(no_kwargs, (*NAMES, "group.name"), as_="participant", kind="mail"),
    "personal:meeting": Shows(
        lambda h: {"pk": h.meeting.pk},
        (
            "meeting.title",
            "meeting.place",
            "meeting.online_link",
            "item.title",
            "item.presenter",
            "question.text",
            "invitation.comment",
            "group.name",
            "municipality.name",
        ),
        as_="participant",
    ),
    "personal:calendar": Shows(no_kwargs, ("group.name",), as_="participant"),
    # A calendar client's feed: the values unchanged in the calendar data.
    "feeds:calendar": Shows(
        lambda h: {"token": h.feed.token},
        ("meeting.title", "meeting.place", "meeting.online_link", "item.title", "group.name"),
        kind="ics",
    ),
    "personal:suggest": Shows(
        no_kwargs,
        (
            *NAMES,
            "group.name",
            "municipality.name",
            "area.name",
            "suggestion.title",
            "suggestion.decline_note",
            "ipage.title",
        ),
        as_="participant",
    ),
}
