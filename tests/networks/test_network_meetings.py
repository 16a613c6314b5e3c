"""A network meeting is a meeting like a working group's: staff plan it from the seeded "Regionales Netzwerktreffen"
(online by default), invite the members (the coordinators) with calendar files, a member answers through the personal
link, staff record and approve the minutes — the meetings and minutes apps' own code, under netz/<state>/."""

import datetime
import io

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pdfminer.high_level import extract_text

from meetings.models import AgendaTemplate, Answer, Invitation, Meeting, MeetingStatus, TemplateKind
from minutes import services as minutes_services
from networks.models import NetworkMember
from tests.mail import calendar, links, text
from tests.networks.factories import network_for


def url(name, group, **kwargs):
    return reverse(name, kwargs={**group.url_kwargs(), **kwargs})


def test_the_network_template_is_offered_to_networks_only(world, client):
    network = network_for(world.group)
    client.force_login(world.staff)
    form = client.get(url("meetings:create", network))
    template = AgendaTemplate.objects.get(kind=TemplateKind.NETWORK)
    assert template.name == "Regionales Netzwerktreffen"
    assert [item.title for item in template.items.order_by("position")] == [
        "Begrüßung und Vorstellungsrunde",
        "Neues aus dem Integreat-Projekt",
        "Austausch: Fördermittel, Sprachauswahl, Marketing, Einführung",
        "Wirkungsmessung",
        "Verschiedenes",
    ]
    assert form.context["form"].initial["template"] == template.pk
    assert form.context["form"].initial["online_link"] == network.default_online_link
    assert not form.context["form"].initial.get("place")
    # The network's own focus questions are offered; a working group sees neither them nor the template.
    questions = [q.text for q in form.context["form"].fields["focus_questions"].queryset]
    assert any("Förderprogramme" in q for q in questions)
    client.force_login(world.coordinator)
    local = client.get(url("meetings:create", world.group)).content.decode()
    assert "Regionales Netzwerktreffen" not in local and "Förderprogramme nutzen die Kommunen" not in local


def test_staff_plan_invite_and_record_a_network_meeting_and_a_member_answers(world, client, commit):
    network = network_for(world.group)
    client.force_login(world.staff)
    day = timezone.localdate() + datetime.timedelta(days=21)
    template = AgendaTemplate.objects.get(kind=TemplateKind.NETWORK)
    response = client.post(
        url("meetings:create", network),
        {
            "title": "Netzwerktreffen Frühjahr",
            "day": day.isoformat(),
            "start_time": "10:00",
            "end_time": "12:00",
            "place": "",
            "online_link": "https://meet.example.org/netzwerk-bw",
            "template": template.pk,
        },
    )
    meeting = Meeting.objects.get(working_group=network)
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.get_absolute_url().startswith("/netz/bw/meetings/")
    assert meeting.agenda_items.count() == 5 and meeting.place == ""
    member = NetworkMember.objects.get(user=world.coordinator).participant
    mail.outbox.clear()
    with commit():
        response = client.post(
            url("meetings:invitations-send", network, pk=meeting.pk), {"participants": [member.pk]}, follow=True
        )
    assert "ist unterwegs" in response.content.decode(), [str(m) for m in response.context["messages"]]
    (message,) = mail.outbox
    assert message.to == [member.email]
    ics = calendar(message)
    event = ics.walk("VEVENT")[0]
    assert str(event["SUMMARY"]).startswith("Netzwerktreffen Frühjahr")
    assert "meet.example.org/netzwerk-bw" in str(event.get("LOCATION", "")) + str(event.get("URL", "")) + text(message)
    assert "Baden-Württemberg" in text(message)
    # The member answers through the personal link of the mail.
    answer_link = next(link for link in links(text(message)) if "answer=accepted" in link)
    member_client = client.__class__()
    response = member_client.get(answer_link.removeprefix("http://testserver"), follow=True)
    assert response.status_code == 200
    member_client.post(reverse("personal:meeting", kwargs={"pk": meeting.pk}), {"answer": "accepted"})
    assert Invitation.objects.get(meeting=meeting, participant=member).answer == Answer.ACCEPTED
    # A member sees the answers, but cannot change the meeting.
    client.force_login(world.coordinator)
    assert client.get(url("meetings:invitations", network, pk=meeting.pk)).status_code == 200
    assert client.post(url("meetings:status", network, pk=meeting.pk), {"to": "cancelled"}).status_code == 403
    # After the meeting staff record and approve the minutes; the protocol names the Bundesland.
    Meeting.objects.filter(pk=meeting.pk).update(
        start=timezone.now() - datetime.timedelta(days=1, hours=2), end=timezone.now() - datetime.timedelta(days=1)
    )
    meeting.refresh_from_db()
    minutes = minutes_services.minutes_for(meeting=meeting)
    minutes = minutes_services.save(
        meeting=meeting,
        revision=minutes.revision,
        data={"attendance": {member.pk: "present"}, "guests": [], "notes": {}, "answers": {}, "decisions": ["Ja"]},
        by=world.staff,
    )
    minutes_services.approve(minutes=minutes, by=world.staff)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_APPROVED
    client.force_login(world.coordinator)
    pdf = client.get(url("minutes:pdf", network, pk=meeting.pk))
    content = " ".join(extract_text(io.BytesIO(pdf.content)).split())
    assert "Regionales Netzwerk Baden-Württemberg" in content and member.display_name in content
