"""Put a hostile value into every field of :data:`tests.escaping.FIELDS`, the way users do: through the forms, the
import and the personal link. Only what staff type into the Django admin is written directly."""

import csv
import datetime
import io
import re
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from arbeitskreis.models import Handover, Municipality
from findings.models import ContentArea, Finding, Suggestion
from meetings.models import AgendaItem, AgendaTemplate, CalendarFeed, FocusQuestion, Meeting
from members.models import ImportBatch, Organization, Participant
from minutes.models import Measure
from outbox.models import OutboxMail
from tests.escaping import FIELDS, build_integreat
from tests.escaping.build_minutes import build_minutes
from tests.escaping.build_networks import build_networks
from tests.factories import PASSWORD, GroupRoleFactory, UserFactory
from tests.personal import open_personal_link


def v(key):
    return FIELDS[key].value


@dataclass
class Hostile:
    """The objects that hold the hostile values, and a client for each role."""

    group: object
    coordinator: Client
    staff: Client
    participant_client: Client
    admin: Client  # a superuser, for the Django admin
    participant: object = None
    organization: object = None
    question: object = None
    meeting: object = None
    item: object = None
    template: object = None
    area: object = None
    finding: object = None
    topic: object = None  # a pending agenda topic suggested through the personal link
    declined: object = None  # a declined content gap suggestion
    batch: object = None
    feed: object = None  # a calendar subscription link of the group
    past: object = None  # a held meeting with minutes: recorded, reviewed, approved, a correction started
    minutes: object = None
    measure: object = None  # decided in the meeting, the participant responsible
    handover: object = None  # from a second coordinator to the world's coordinator
    network: object = None  # the regional network of the group's Bundesland, named and linked by staff
    feedback: object = None  # passed on about the finding, answered by staff
    answer: object = None  # a newcomer's answer through the public form

    def client(self, role):
        return {"coordinator": self.coordinator, "staff": self.staff, "participant": self.participant_client}[role]


def _post(client, name, group, data, **kwargs):
    url = reverse(name, kwargs={**group.url_kwargs(), **kwargs})
    response = client.post(url, data)
    assert response.status_code == 302, f"{name} refused the hostile values: {_errors(response)}"
    return response


def _errors(response):
    context = response.context or {}
    form = context.get("form")
    return form.errors.as_json() if form is not None else response.status_code


def build(world) -> Hostile:
    group = world.group
    # Typed by staff into the Django admin.
    Municipality.objects.filter(pk=group.municipality_id).update(name=v("municipality.name"))
    coordinator, staff, participant_client, superuser = Client(), Client(), Client(), Client()
    coordinator.force_login(world.coordinator)
    staff.force_login(world.staff)
    superuser.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    h = Hostile(group, coordinator, staff, participant_client, superuser)
    # The coordinator's own name and email, on their account page (a new email needs the password).
    profile = {
        "first_name": v("user.first_name"),
        "last_name": v("user.last_name"),
        "email": v("user.email"),
        "current_password": PASSWORD,
    }
    response = coordinator.post(reverse("account:profile"), profile)
    assert response.status_code == 302, _errors(response)
    world.coordinator.refresh_from_db()

    _post(
        coordinator,
        "groups:settings",
        group,
        {
            "name": v("group.name"),
            "cadence_months": 6,
            "default_start_time": "16:00",
            "default_duration_minutes": 90,
            "default_place": v("group.default_place"),
            "default_online_link": v("group.default_online_link"),
            "organizer_name": v("group.organizer_name"),
            "organizer_email": v("group.organizer_email"),
        },
    )
    group.refresh_from_db()
    _post(
        coordinator,
        "members:organization-create",
        group,
        {"name": v("org.name"), "kind": "welfare", "website": v("org.website"), "notes": v("org.notes")},
    )
    h.organization = Organization.objects.get(working_group=group)
    _post(
        coordinator,
        "members:participant-create",
        group,
        {
            **{name: v(f"p.{name}") for name in ("given_name", "family_name", "email", "phone", "function", "notes")},
            "organization": h.organization.pk,
            "languages": "de, ar",
            "preferred_language": "de",
            "consent_given_at": "2025-01-15",
            "consent_method": "written",
        },
    )
    h.participant = Participant.objects.get(working_group=group)
    # The same names without an email address: a person who gets a printed invitation letter.
    _post(
        coordinator,
        "members:participant-create",
        group,
        {
            **{name: v(f"p.{name}") for name in ("given_name", "family_name", "function")},
            "organization": h.organization.pk,
            "preferred_language": "de",
        },
    )

    _post(
        coordinator,
        "meetings:focus-questions",
        group,
        {"text": v("question.text"), "description": v("question.description")},
    )
    h.question = FocusQuestion.objects.get(working_group=group)
    _post(
        coordinator,
        "meetings:create",
        group,
        {
            "title": v("meeting.title"),
            "day": (timezone.localdate() + datetime.timedelta(days=40)).isoformat(),
            "start_time": "16:00",
            "end_time": "17:30",
            "place": v("meeting.place"),
            "online_link": v("meeting.online_link"),
            "organiser_notes": v("meeting.organiser_notes"),
            "focus_questions": [h.question.pk],
            "template": "",
        },
    )
    h.meeting = Meeting.objects.get(working_group=group)
    _post(
        coordinator,
        "meetings:agenda-item-add",
        group,
        {
            "title": v("item.title"),
            "planned_minutes": "20",
            "presenter": v("item.presenter"),
            "description": v("item.description"),
        },
        pk=h.meeting.pk,
    )
    h.item = AgendaItem.objects.get(meeting=h.meeting)
    _post(coordinator, "meetings:save-as-template", group, {"name": v("template.name")}, pk=h.meeting.pk)
    h.template = AgendaTemplate.objects.get(working_group=group)
    AgendaTemplate.objects.filter(pk=h.template.pk).update(description=v("template.description"))  # admin only
    # Invited without mails (the invitation mail is checked as a page of its own), so participants can answer.
    _post(coordinator, "meetings:status", group, {"to": "invited"}, pk=h.meeting.pk)
    _post(coordinator, "meetings:feeds", group, {"label": v("feed.label")})
    h.feed = CalendarFeed.objects.get(working_group=group)

    _post(coordinator, "findings:areas", group, {"name": v("area.name")})
    h.area = ContentArea.objects.get(working_group=group)
    _post(
        coordinator,
        "findings:create",
        group,
        {
            "title": v("finding.title"),
            "description": v("finding.description"),
            "content_area": h.area.pk,
            "languages": ["ar"],
            "kind": "missing_content",
            "priority": "2",
            "raised_in_meeting": h.meeting.pk,
            "raised_by": h.participant.pk,
            "assignee": f"p:{h.participant.pk}",
            "integreat_url": v("finding.integreat_url"),
        },
    )
    h.finding = Finding.objects.get(working_group=group)
    _post(
        coordinator,
        "findings:transition",
        group,
        {"to": "in_progress", "note": v("finding.resolution_note")},
        pk=h.finding.pk,
    )

    _post(
        coordinator,
        "minutes:measure-create",
        group,
        {
            "title": v("measure.title"),
            "description": v("measure.description"),
            "meeting": h.meeting.pk,
            "responsible": f"p:{h.participant.pk}",
            "budget": "1.500,50",
            "funding_source": v("measure.funding_source"),
        },
    )
    h.measure = Measure.objects.get(working_group=group)
    # The responsible changes to the organisation and back: the history shows both names.
    for responsible in (f"o:{h.organization.pk}", f"p:{h.participant.pk}"):
        data = {"title": h.measure.title, "description": h.measure.description, "meeting": h.meeting.pk}
        _post(
            coordinator,
            "minutes:measure-edit",
            group,
            {**data, "responsible": responsible, "funding_source": v("measure.funding_source")},
            pk=h.measure.pk,
        )
    _post(coordinator, "minutes:measure-transition", group, {"to": "in_progress"}, pk=h.measure.pk)
    # The municipality's Integreat pages, uploaded with hostile texts (their suggestions name a page).
    build_integreat.upload_snapshot(h)

    # The participant, through the personal link: an agenda topic (stays pending) and a gap (declined with a note).
    open_personal_link(participant_client, h.participant)
    for kind in ("agenda_topic", "gap"):
        response = participant_client.post(
            reverse("personal:suggest"),
            {
                "kind": kind,
                "title": v("suggestion.title"),
                "description": v("suggestion.description"),
                "language": "ar",
                "content_area": h.area.pk,
                "integreat_url": v("ipage.url"),
            },
        )
        assert response.status_code == 302, _errors(response)
    answer = reverse("personal:meeting", kwargs={"pk": h.meeting.pk})
    response = participant_client.post(answer, {"answer": "tentative", "comment": v("invitation.comment")})
    assert response.status_code == 302, _errors(response)
    h.topic = Suggestion.objects.get(kind="agenda_topic")
    h.declined = Suggestion.objects.get(kind="gap")
    note = {f"s{h.declined.pk}-note": v("suggestion.decline_note")}
    _post(coordinator, "findings:suggestion-decline", group, note, pk=h.declined.pk)

    # An uploaded list: a header the import does not know, a hostile name cell, a hostile file name.
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(["Nachname", "Vorname", v("import.header")])
    writer.writerow([v("import.cell"), "Ayşe", "x"])
    upload = SimpleUploadedFile(v("import.filename"), buffer.getvalue().encode("utf-8"), content_type="text/csv")
    url = reverse("members:import-upload", kwargs=group.url_kwargs())
    response = coordinator.post(url, {"file": upload})
    assert response.status_code == 302, _errors(response)
    h.batch = ImportBatch.objects.get(working_group=group)
    build_minutes(h, _post, _errors)
    _team(h, world)
    build_integreat.check_pages(h)
    build_networks(h, _post, _errors)
    return h


def _team(h, world):
    """A colleague invited (the coordinator opens the link, as the escaping test then shows the invitation page), and a
    second coordinator who hands the group over to the world's coordinator with hostile notes — last, so that what
    is handed over holds every hostile value above."""
    group = h.group
    _post(h.coordinator, "team:invite", group, {"email": v("invitation.email"), "role": "coordinator"})
    link = re.search(r"/accounts/invitation/[A-Za-z0-9_-]+/", OutboxMail.objects.get(kind="team-invitation").text_body)
    assert h.coordinator.get(link.group()).status_code == 302
    predecessor = GroupRoleFactory(working_group=group, user__username="vorgaengerin").user
    client = Client()
    client.force_login(predecessor)
    successor = group.roles.get(user=world.coordinator)
    _post(client, "team:handover", group, {"successor": successor.pk, "stay": "1", "note": v("handover.note")})
    h.handover = Handover.objects.get(working_group=group)
