"""Escaping registry of the networks app: a network's pages and exports, the staff's overview and inbox, a group's
feedback to the Integreat team and newcomers' feedback, the public form. The reply mail:
tests/networks/test_feedback.py."""

from tests.escaping import ACTION, EMPTY_FORM, NoUserText, Shows, group_kwargs, no_kwargs
from tests.escaping.core import USER

# A coordinator on the state's mailing list: the account's name and email, the municipality as organisation.
MEMBER = (*USER, "user.email", "municipality.name")
FEEDBACK = ("feedback.text", "feedback.reply")


def network(h):
    return h.network.url_kwargs()


def inbox_item(h):
    return {"pk": h.feedback.pk}


def public(h):
    return {"key": h.group.newcomer_link.key}


PAGES = {
    "network:home": Shows(network, ("group.name", "group.default_online_link"), as_="staff"),
    "network:sync": ACTION,
    "network:mailing-list": Shows(network, MEMBER),
    "network:mailing-list-csv": Shows(network, MEMBER, kind="csv"),
    "network:mailing-list-xlsx": Shows(network, MEMBER, kind="xlsx"),
    "network:report": Shows(network, ("group.name", "municipality.name", "area.name")),
    "network:report-pdf": Shows(network, ("group.name", "municipality.name"), kind="pdf"),
    "networks:list": Shows(no_kwargs, ("group.name",), as_="staff"),
    "networks:create": EMPTY_FORM,
    "networks:membership": ACTION,
    "networks:inbox": Shows(no_kwargs, ("feedback.text", "group.name", "municipality.name", *USER), as_="staff"),
    "networks:inbox-item": Shows(
        inbox_item, (*FEEDBACK, "finding.title", "finding.description", "group.name", *USER), as_="staff"
    ),
    "feedback:list": Shows(
        group_kwargs, (*FEEDBACK, "finding.title", "suggestion.title", "decision.text", "group.name")
    ),
    "feedback:create": Shows(group_kwargs, ("finding.title",), query=lambda h: {"finding": h.finding.pk}),
    "newcomers:overview": Shows(group_kwargs, ("newcomer.topic", "newcomer.missing", "area.name")),
    "newcomers:link": ACTION,
    "newcomers:qr": NoUserText("an SVG QR code of the public address, made by the app"),
    "newcomers:poster": Shows(group_kwargs, ("group.name", "municipality.name"), kind="pdf"),
    "newcomers:to-finding": ACTION,
    "newcomer-form:form": Shows(public, ("group.name", "area.name")),
    "newcomer-form:thanks": Shows(public, ("group.name",)),
}
