"""The networks part of the hostile build: staff make the network of the group's Bundesland (its members: the
coordinators with their typed names) and name it, the coordinator passes the finding, the declined suggestion and a
decision of the minutes on to the Integreat team, staff answer, and a newcomer answers through the public form, which
the coordinator records as a content gap — every text through the pages."""

from django.test import Client
from django.urls import reverse

from networks.models import Feedback, NewcomerAnswer, NewcomerLink
from tests.escaping import FIELDS


def v(key):
    return FIELDS[key].value


def build_networks(h, post, errors):
    """``post(client, name, group, data, **kwargs)`` posts and expects a redirect (tests/escaping/build.py)."""
    group, staff, coordinator = h.group, h.staff, h.coordinator
    response = staff.post(
        reverse("networks:create"),
        {
            "state": group.federal_state,
            "default_online_link": "https://meet.example.org/x",
            "organizer_name": "Integreat-Team",
            "organizer_email": "netzwerk@integreat.example.org",
        },
    )
    assert response.status_code == 302, errors(response)
    h.network = group.__class__.objects.networks().get(state=group.federal_state)
    settings = {
        "name": v("group.name"),
        "cadence_months": 6,
        "default_start_time": "10:00",
        "default_duration_minutes": 120,
        "default_place": v("group.default_place"),
        "default_online_link": v("group.default_online_link"),
        "organizer_name": v("group.organizer_name"),
        "organizer_email": v("group.organizer_email"),
    }
    post(staff, "groups:settings", h.network, settings)
    h.network.refresh_from_db()

    create = reverse("feedback:create", kwargs=group.url_kwargs())
    for query, data in (
        (f"?finding={h.finding.pk}", {}),
        (f"?suggestion={h.declined.pk}", {}),
        (f"?minutes={h.past.pk}", {"part": "decision:0"}),
    ):
        response = coordinator.post(create + query, {"category": "bug", "text": v("feedback.text"), **data})
        assert response.status_code == 302, errors(response)
    h.feedback = Feedback.objects.get(finding=h.finding)
    response = staff.post(
        reverse("networks:inbox-item", kwargs={"pk": h.feedback.pk}),
        {"status": "in_progress", "reply": v("feedback.reply")},
    )
    assert response.status_code == 302, errors(response)

    post(coordinator, "newcomers:link", group, {})
    link = NewcomerLink.objects.get(working_group=group)
    newcomer = Client()
    response = newcomer.post(
        reverse("newcomer-form:form", kwargs={"key": link.key}),
        {
            "content_area": h.area.pk,
            "topic": v("newcomer.topic"),
            "language": "ar",
            "found": "no",
            "missing": v("newcomer.missing"),
        },
    )
    assert response.status_code == 302, errors(response)
    h.answer = NewcomerAnswer.objects.get(working_group=group)
    post(coordinator, "newcomers:to-finding", group, {}, pk=h.answer.pk)
