"""Escaping registry of the team pages, the handover and the invitation page."""

from tests.escaping import ACTION, NoUserText, Shows, group_kwargs

USER = ("user.first_name", "user.last_name")
# What the handover lists, from every app (the participants, organisations, content gaps, meeting, templates, feeds).
HANDED_OVER = (
    "p.given_name",
    "p.family_name",
    "p.email",
    "p.function",
    "org.name",
    "finding.title",
    "meeting.title",
    "meeting.place",
    "template.name",
    "question.text",
    "feed.label",
)
PDF = NoUserText(
    "a PDF made from the stored handover that account:handover shows (checked there); WeasyPrint runs no scripts and "
    "tests/core/test_handover.py asserts the report's text"
)


def handover(h):
    return {"pk": h.handover.pk}


PAGES = {
    "team:list": Shows(group_kwargs, (*USER, "user.email", "invitation.email", "group.name")),
    # The invitation mail: the text part as typed, the HTML part escaped.
    "team:invite": Shows(
        group_kwargs,
        ("group.name", "municipality.name", *USER),
        kind="mail",
        data=lambda h: {"email": "zweite.kollegin@example.org", "role": "coordinator"},
    ),
    "team:role": ACTION,
    "team:remove": ACTION,
    "team:invitation-resend": ACTION,
    "team:invitation-withdraw": ACTION,
    "team:history": Shows(
        group_kwargs,
        (
            *USER,
            "invitation.email",
            "group.default_place",
            "group.default_online_link",
            "group.organizer_name",
            "group.organizer_email",
            "meeting.title",  # the minutes' lines of the change log
        ),
    ),
    "team:handover": Shows(group_kwargs, (*USER, *HANDED_OVER, "group.organizer_name", "invitation.email")),
    "team:handover-report": PDF,
    "account:handover": Shows(handover, (*HANDED_OVER, "handover.note", "group.name", "municipality.name")),
    "account:handover-report": PDF,
    "account:invitation-entry": NoUserText("redirects to account:invitation (its secret is remembered in the session)"),
    # The coordinator opened the hostile invitation's link while the data was built.
    "account:invitation": Shows(lambda h: {}, ("group.name", "municipality.name", *USER, "invitation.email")),
}
