"""Matrix entries of the meetings app: every URL, every role, and another group's object ids (404)."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from meetings.feeds import create_feed
from meetings.models import AgendaItem
from outbox.models import MailStatus, OutboxMail
from tests.matrix import GET_REFUSED, READ, READ_ONLY_PAGE, WRITE_DONE, WRITE_PAGE, Case, group_kwargs
from tests.meetings.factories import (
    AgendaItemFactory,
    AgendaTemplateFactory,
    FocusQuestionFactory,
    InvitationFactory,
    MeetingFactory,
)
from tests.members.factories import ParticipantFactory

assert GET_REFUSED  # POST-only URLs inside a group answer observers 403 before the method check: READ_ONLY_PAGE


def _meeting(object_group):
    meeting = MeetingFactory(working_group=object_group)
    AgendaItemFactory(meeting=meeting, title="Begrüßung")
    AgendaItemFactory(meeting=meeting, title="Leitfrage")
    return meeting


def meeting_kwargs(world, group, object_group):
    return {**group_kwargs(world, group, object_group), "pk": _meeting(object_group).pk}


def item_kwargs(world, group, object_group):
    meeting = _meeting(object_group)
    item = meeting.agenda_items.order_by("position").last()
    return {**group_kwargs(world, group, object_group), "pk": meeting.pk, "item_pk": item.pk}


def template_kwargs(world, group, object_group):
    template = AgendaTemplateFactory(working_group=object_group)
    return {**group_kwargs(world, group, object_group), "template_pk": template.pk}


def question_kwargs(world, group, object_group):
    question = FocusQuestionFactory(working_group=object_group)
    return {**group_kwargs(world, group, object_group), "question_pk": question.pk}


def meeting_data(world):
    day = timezone.localdate() + datetime.timedelta(days=40)
    return {
        "title": "Treffen im Frühjahr",
        "day": day.isoformat(),
        "start_time": "16:00",
        "end_time": "17:30",
        "place": "Rathaus",
        "online_link": "",
        "organiser_notes": "",
        "template": "",
    }


def item_data(world):
    return {"title": "Neuigkeiten", "planned_minutes": "10", "presenter": "", "description": ""}


def reorder_data(world):
    order = AgendaItem.objects.order_by("-position").values_list("pk", flat=True)
    return {"order": ",".join(str(pk) for pk in order)}


def invitation_kwargs(world, group, object_group):
    invitation = InvitationFactory(meeting=_meeting(object_group))
    return {**group_kwargs(world, group, object_group), "pk": invitation.meeting.pk, "invitation_pk": invitation.pk}


def failed_mail_kwargs(world, group, object_group):
    invitation = InvitationFactory(meeting=_meeting(object_group))
    mail = OutboxMail.objects.create(
        to_address=invitation.participant.email,
        from_address="arbeitskreis@example.org",
        subject="Einladung",
        text_body="Guten Tag",
        status=MailStatus.FAILED,
        attempts=8,
        content_type=ContentType.objects.get_for_model(invitation),
        object_id=invitation.pk,
        message_id="<failed@example.org>",
    )
    return {**group_kwargs(world, group, object_group), "pk": invitation.meeting.pk, "mail_pk": mail.pk}


def feed_kwargs(world, group, object_group):
    feed = create_feed(group=object_group, label="Outlook der Koordination")
    return {**group_kwargs(world, group, object_group), "feed_pk": feed.pk}


def recipients_data(world):
    person = ParticipantFactory(working_group=world.group, consent_given_at=datetime.date(2025, 1, 15))
    return {"participants": [person.pk]}


ENTRIES = {
    "meetings:list": Case(kwargs=group_kwargs, get=READ, post=READ_ONLY_PAGE),
    "meetings:create": Case(kwargs=group_kwargs, get=WRITE_PAGE, post=WRITE_DONE, post_data=meeting_data),
    "meetings:detail": Case(kwargs=meeting_kwargs, get=READ, post=READ_ONLY_PAGE, cross_objects=True),
    "meetings:edit": Case(
        kwargs=meeting_kwargs, get=WRITE_PAGE, post=WRITE_DONE, post_data=meeting_data, cross_objects=True
    ),
    "meetings:status": Case(
        kwargs=meeting_kwargs,
        get=READ_ONLY_PAGE,
        post=WRITE_DONE,
        post_data=lambda world: {"to": "invited"},
        cross_objects=True,
    ),
    "meetings:cancel": Case(kwargs=meeting_kwargs, get=READ_ONLY_PAGE, post=WRITE_DONE, cross_objects=True),
    "meetings:save-as-template": Case(
        kwargs=meeting_kwargs,
        get=READ_ONLY_PAGE,
        post=WRITE_DONE,
        post_data=lambda world: {"name": "Unsere Vorlage"},
        cross_objects=True,
    ),
    "meetings:agenda-item-add": Case(
        kwargs=meeting_kwargs, get=WRITE_PAGE, post=WRITE_DONE, post_data=item_data, cross_objects=True
    ),
    "meetings:agenda-item-edit": Case(
        kwargs=item_kwargs, get=WRITE_PAGE, post=WRITE_DONE, post_data=item_data, cross_objects=True
    ),
    "meetings:agenda-reorder": Case(
        kwargs=meeting_kwargs, get=READ_ONLY_PAGE, post=WRITE_DONE, post_data=reorder_data, cross_objects=True
    ),
    "meetings:agenda-item-delete": Case(kwargs=item_kwargs, get=READ_ONLY_PAGE, post=WRITE_DONE, cross_objects=True),
    "meetings:agenda-item-move": Case(
        kwargs=item_kwargs,
        get=READ_ONLY_PAGE,
        post=WRITE_DONE,
        post_data=lambda world: {"direction": "up"},
        cross_objects=True,
    ),
    "meetings:templates": Case(kwargs=group_kwargs, get=READ, post=READ_ONLY_PAGE),
    "meetings:template-delete": Case(kwargs=template_kwargs, get=READ_ONLY_PAGE, post=WRITE_DONE, cross_objects=True),
    "meetings:focus-questions": Case(
        kwargs=group_kwargs,
        get=READ,
        post=WRITE_DONE,
        post_data=lambda world: {"text": "Wie erreichen wir Familien?", "description": ""},
    ),
    "meetings:focus-question-delete": Case(
        kwargs=question_kwargs, get=READ_ONLY_PAGE, post=WRITE_DONE, cross_objects=True
    ),
    # Invitations and answers: the page for everyone of the group, the actions for those who may write.
    "meetings:invitations": Case(kwargs=meeting_kwargs, get=READ, post=READ_ONLY_PAGE, cross_objects=True),
    "meetings:invitations-send": Case(
        kwargs=meeting_kwargs, get=READ_ONLY_PAGE, post=WRITE_DONE, post_data=recipients_data, cross_objects=True
    ),
    "meetings:invitations-update": Case(kwargs=meeting_kwargs, get=READ_ONLY_PAGE, post=WRITE_DONE, cross_objects=True),
    "meetings:invitation-mail-retry": Case(
        kwargs=failed_mail_kwargs, get=READ_ONLY_PAGE, post=WRITE_DONE, cross_objects=True
    ),
    "meetings:invitation-answer": Case(
        kwargs=invitation_kwargs,
        get=READ_ONLY_PAGE,
        post=WRITE_DONE,
        post_data=lambda world: {"answer": "accepted", "comment": "per Telefon"},
        cross_objects=True,
    ),
    # The group's calendar subscription links: the coordination's (they carry the secret addresses).
    "meetings:feeds": Case(
        kwargs=group_kwargs,
        get=WRITE_PAGE,
        post=WRITE_DONE,
        post_data=lambda world: {"label": "Outlook des Integrationsbüros"},
    ),
    "meetings:feed-renew": Case(kwargs=feed_kwargs, get=READ_ONLY_PAGE, post=WRITE_DONE, cross_objects=True),
    "meetings:feed-revoke": Case(kwargs=feed_kwargs, get=READ_ONLY_PAGE, post=WRITE_DONE, cross_objects=True),
}
