"""Escaping registry of the meetings app: meetings, agendas, templates, focus questions."""

from tests.escaping import ACTION, Shows, group_kwargs
from tests.escaping.members import NAMES

MEETING = ("meeting.title", "meeting.place", "meeting.online_link", "meeting.organiser_notes")
ITEM = ("item.title", "item.description", "item.presenter")


def meeting(h):
    return {**group_kwargs(h), "pk": h.meeting.pk}


def item(h):
    return {**meeting(h), "item_pk": h.item.pk}


PAGES = {
    "meetings:list": Shows(group_kwargs, ("group.name", "meeting.title", "meeting.place")),
    "meetings:create": Shows(
        group_kwargs, ("template.name", "question.text", "group.default_place", "group.default_online_link")
    ),
    "meetings:detail": Shows(
        meeting,
        (
            *MEETING,
            *ITEM,
            "question.text",
            "group.organizer_name",
            "group.organizer_email",
            "finding.title",
            "area.name",
            "ipage.title",
        ),
    ),
    "meetings:edit": Shows(meeting, (*MEETING, "question.text")),
    "meetings:status": ACTION,
    "meetings:cancel": ACTION,
    "meetings:save-as-template": ACTION,
    "meetings:agenda-item-add": Shows(meeting, ("meeting.title",)),
    "meetings:agenda-item-edit": Shows(item, (*ITEM, "meeting.title")),
    "meetings:agenda-reorder": ACTION,
    "meetings:agenda-item-delete": ACTION,
    "meetings:agenda-item-move": ACTION,
    "meetings:templates": Shows(group_kwargs, ("template.name", "template.description", "item.title")),
    "meetings:template-delete": ACTION,
    "meetings:focus-questions": Shows(group_kwargs, ("question.text", "question.description")),
    "meetings:focus-question-delete": ACTION,
    "meetings:invitations": Shows(meeting, (*NAMES, "org.name", "meeting.title", "invitation.comment")),
    # The invitation mail: text and calendar data as typed, the HTML part escaped.
    "meetings:invitations-send": Shows(
        meeting,
        (
            *NAMES,
            "meeting.title",
            "meeting.place",
            "meeting.online_link",
            "item.title",
            "item.presenter",
            "question.text",
            "group.name",
            "group.organizer_name",
            "municipality.name",
            "finding.title",
        ),
        kind="mail",
        data=lambda h: {"participants": [h.participant.pk]},
    ),
    "meetings:invitations-update": ACTION,
    "meetings:invitation-mail-retry": ACTION,
    "meetings:invitation-answer": ACTION,
    "meetings:feeds": Shows(group_kwargs, ("feed.label",)),
    "meetings:feed-renew": ACTION,
    "meetings:feed-revoke": ACTION,
}
