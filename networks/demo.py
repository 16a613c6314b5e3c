"""Demo data of the networks app for ``manage.py seed_demo``: the regional network of Baden-Württemberg with the demo
coordinators (and a person of the state's ministry staff added), a network meeting held two months ago with approved
minutes and the next one invited; feedback to the Integreat team in every status; the newcomers' answers of both
groups, one "not found" recorded as a content gap.

Idempotent: the network is the state's one, its meetings have stable calendar UIDs, feedback is found again by its
text, the newcomers' answers are made anew (except the one recorded as a content gap).
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.utils import timezone

from arbeitskreis.models import State
from findings.models import ContentArea
from meetings import invitations
from meetings import services as meeting_services
from meetings.models import AgendaTemplate, Answer, Meeting, MeetingStatus, TemplateKind
from meetings.scheduling import BERLIN, next_working_day
from members.models import ConsentMethod, Organization, OrganizationKind, Participant
from minutes import services as minutes_services
from minutes.models import AttendanceStatus, Minutes
from networks import feedback, feedback_selectors, newcomers, services
from networks.models import Feedback, FeedbackCategory, FeedbackStatus, Found, NewcomerAnswer
from outbox.models import MailStatus, OutboxMail

ONLINE = "https://meet.example.org/integreat-netzwerk-bw"
MINISTRY = "Ministerium der Justiz und für Migration Baden-Württemberg"

NOTES = {
    1: "Vorstellungsrunde: Landkreis Karlsruhe mit zwei Integreat-Verantwortlichen; das Ministerium stellt das "
    "Förderprogramm Integrationsmanagement vor.",
    2: "Neu: Sprachauswahl pro Region, bessere Suche, Vorlagen für Kita- und Schulseiten.",
    3: "**Fördermittel**: Landesprogramm deckt Übersetzungen ab.\n\n**Sprachauswahl**: Rumänisch ergänzen, wo die "
    "Zuwanderung aus Rumänien wächst.\n\n**Marketing**: QR-Plakate in Wartebereichen wirken.",
    4: "Die Rückmeldungen der Neuzugewanderten zeigen: Gesundheit und Arbeit werden am meisten gesucht.",
}
DECISIONS = [
    "Die Kommunen prüfen bis zum nächsten Treffen, ob Rumänisch als Sprache ergänzt wird.",
    "Das Integreat-Team stellt eine Vorlage für QR-Code-Plakate bereit.",
]

# text, category, status, reply, about ("finding", "suggestion", "minutes" or None)
FEEDBACK = {
    "landkreis-karlsruhe": [
        (
            "Die Seiten zur Kita-Anmeldung sind auf Rumänisch nur halb übersetzt; im CMS fehlt die Sprache bei den "
            "Vorlagen.",
            FeedbackCategory.TRANSLATION,
            FeedbackStatus.IN_PROGRESS,
            "Danke! Die Vorlagen bekommen Rumänisch mit dem nächsten Update; wir melden uns, sobald es live ist.",
            "finding",
        ),
        (
            "Ein Wunsch aus dem Arbeitskreis: Termine der Beratungsstellen als Kalender in der App.",
            FeedbackCategory.APP_WISH,
            FeedbackStatus.NEW,
            "",
            "suggestion",
        ),
        (
            "Beim Export der Seiten als PDF fehlen die Umlaute in den Überschriften.",
            FeedbackCategory.BUG,
            FeedbackStatus.DONE,
            "Behoben mit Version 2026.3 – bitte den PDF-Export noch einmal versuchen.",
            "minutes",
        ),
    ],
    "bielefeld": [
        (
            "Das CMS sollte anzeigen, welche Seiten seit einem Jahr nicht geändert wurden.",
            FeedbackCategory.CMS_WISH,
            FeedbackStatus.NEW,
            "",
            None,
        ),
        (
            "Die Suche findet „Kindergeld“ nicht, wenn man „Kinder Geld“ schreibt.",
            FeedbackCategory.BUG,
            FeedbackStatus.IN_PROGRESS,
            "Wir haben das nachgestellt und arbeiten an einer fehlertoleranten Suche.",
            "finding",
        ),
    ],
}

# area, topic, language, found, what was missing — repeated over the last five months
ANSWERS = [
    ("Gesundheit", "Kinderarzt", "ro", Found.NO, "Eine Liste der Kinderärzte, die Rumänisch sprechen."),
    ("Arbeit", "Anerkennung Berufsabschluss", "ar", Found.PARTLY, "Wohin mit den Zeugnissen?"),
    ("Wohnen", "Wohnberechtigungsschein", "uk", Found.YES, ""),
    ("Bildung", "Deutschkurs am Abend", "fa", Found.NO, "Kurse am Abend für Berufstätige"),
    ("Gesundheit", "Krankenversicherung", "ro", Found.PARTLY, "Auf Rumänisch nur die Überschrift"),
    ("Familie und Kinder", "Kita-Platz", "ar", Found.YES, ""),
    ("Arbeit", "Minijob", "ro", Found.NO, "Was ist ein Minijob? Auf Rumänisch"),
    ("Beratung", "Migrationsberatung", "tr", Found.YES, ""),
    ("Deutsch lernen", "Integrationskurs", "uk", Found.YES, ""),
    ("Gesundheit", "Zahnarzt Notdienst", "ar", Found.NO, "Notdienst am Wochenende"),
]
NOT_FOUND_FOR_FINDING = "Kinderarzt"


def _day(months, today, group_time=datetime.time(10, 0)):
    day, _ = next_working_day(today + relativedelta(months=months), state=State.BW)
    return datetime.datetime.combine(day, group_time, tzinfo=BERLIN)


def _network(admin):
    network = services.network_of_state(State.BW)
    if network is None:
        network = services.create_network(
            state=State.BW,
            data={
                "default_online_link": ONLINE,
                "organizer_name": "Integreat-Team (Tür an Tür – Digitalfabrik)",
                "organizer_email": "netzwerk-bw@integreat.example.org",
            },
            by=admin,
        )
    services.sync_members(network=network)
    ministry, _ = Organization.objects.get_or_create(
        working_group=network, name=MINISTRY, defaults={"kind": OrganizationKind.ADMINISTRATION}
    )
    if not network.participants.filter(family_name="Vogt").exists():
        person = Participant(
            working_group=network,
            given_name="Miriam",
            family_name="Vogt",
            email="m.vogt@jum.bwl.example.de",
            organization=ministry,
            function="Referat Integration",
            consent_given_at=timezone.localdate() - datetime.timedelta(days=200),
            consent_method=ConsentMethod.EMAIL,
        )
        person.issue_token()
        person.save()
    return network


def _meeting(network, key, start, title, status):
    uid = f"demo-netzwerk-bw-{key}@arbeitskreis"
    data = {"title": title, "start": start, "end": start + datetime.timedelta(minutes=120), "online_link": ONLINE}
    meeting = Meeting.objects.filter(calendar_uid=uid).first()
    if meeting is not None:
        Meeting.objects.filter(pk=meeting.pk).update(**data)
        meeting.refresh_from_db()
        return meeting, False
    template = AgendaTemplate.objects.filter(working_group=None, kind=TemplateKind.NETWORK).first()
    questions = list(network.focus_questions.order_by("pk")[:2])
    meeting = meeting_services.create_meeting(
        group=network, data={**data, "focus_questions": questions}, template=template, calendar_uid=uid
    )
    if status != MeetingStatus.PLANNED:
        meeting = meeting_services.change_status(meeting=meeting, to=MeetingStatus.INVITED)
    return meeting, True


def _held_meeting(network, admin, today):
    meeting, created = _meeting(
        network, "held", _day(-2, today), "Regionales Netzwerktreffen Baden-Württemberg", "held"
    )
    if not created:
        return meeting
    present = {person.pk: AttendanceStatus.PRESENT for person in network.participants.active()}
    minutes = minutes_services.minutes_for(meeting=meeting)
    items = {item.position: item.pk for item in meeting.agenda_items.all()}
    minutes = minutes_services.save(
        meeting=meeting,
        revision=minutes.revision,
        data={
            "attendance": present,
            "guests": [("Tobias Brandl", "Tür an Tür – Digitalfabrik")],
            "notes": {items[position]: text for position, text in NOTES.items() if position in items},
            "answers": {},
            "decisions": DECISIONS,
        },
        by=admin,
    )
    minutes = minutes_services.send_for_review(minutes=minutes, by=admin)
    minutes_services.approve(minutes=minutes, by=admin)
    return meeting


def _next_meeting(network, today):
    meeting, created = _meeting(
        network, "next", _day(4, today), "Regionales Netzwerktreffen Baden-Württemberg", MeetingStatus.PLANNED
    )
    if created:
        sent = invitations.send_invitations(meeting=meeting)
        for invitation in sent[:1]:
            invitations.record_answer(meeting=meeting, participant=invitation.participant, answer=Answer.ACCEPTED)
    return meeting


def _feedback(groups, admin):
    coordinators = {
        "landkreis-karlsruhe": get_user_model().objects.get(username="koordination-karlsruhe"),
        "bielefeld": get_user_model().objects.get(username="koordination-bielefeld"),
    }
    for slug, items in FEEDBACK.items():
        group = groups[slug]
        for text, category, status, reply, about in items:
            if Feedback.objects.filter(working_group=group, text=text).exists():
                continue
            objects = {}
            data = {"category": category, "text": text}
            if about == "finding":
                objects["finding"] = group.findings.order_by("pk").first()
            elif about == "suggestion":
                objects["suggestion"] = group.suggestions.order_by("pk").first()
            elif about == "minutes":
                minutes = Minutes.objects.filter(meeting__working_group=group).order_by("pk").first()
                parts = feedback_selectors.minutes_parts(minutes)
                if parts:
                    objects["minutes"], data["part"] = minutes, parts[0].key
            objects = {key: value for key, value in objects.items() if value is not None}
            item = feedback.pass_on(group=group, data=data, by=coordinators[slug], **objects)
            if status != FeedbackStatus.NEW or reply:
                feedback.answer(feedback=item, status=status, reply=reply, by=admin)


def _answers(groups, coordinator, today):
    areas = {area.name: area for area in ContentArea.objects.filter(working_group=None)}
    total = 0
    for slug, group in groups.items():
        newcomers.open_link(group=group)
        group.newcomer_answers.filter(finding__isnull=True).delete()
        count = 24 if slug == "landkreis-karlsruhe" else 14
        # The answer recorded as a content gap stays (with its finding): it is one of the rows.
        kept = list(group.newcomer_answers.values_list("topic", flat=True))
        rows = []
        for index in range(count):
            offset = 0 if slug == "landkreis-karlsruhe" else 3
            area, topic, language, found, missing = ANSWERS[(index + offset) % len(ANSWERS)]
            if topic in kept:
                kept.remove(topic)
                continue
            rows.append(
                NewcomerAnswer(
                    working_group=group,
                    content_area=areas.get(area),
                    topic=topic,
                    language=language,
                    found=found,
                    missing=missing,
                    answered_on=today - datetime.timedelta(days=3 + (index * 11) % 150),
                )
            )
        NewcomerAnswer.objects.bulk_create(rows)
        total += len(rows)
        if slug == "landkreis-karlsruhe" and not group.newcomer_answers.exclude(finding=None).exists():
            first = group.newcomer_answers.filter(topic=NOT_FOUND_FOR_FINDING, finding__isnull=True).first()
            if first is not None:
                newcomers.record_as_finding(answer=first, by=coordinator)
    return total


def seed(*, groups, stdout=None):
    today = timezone.localdate()
    admin = get_user_model().objects.get(username="admin")
    network = _network(admin)
    _held_meeting(network, admin, today)
    _next_meeting(network, today)
    _feedback(groups, admin)
    coordinator = get_user_model().objects.get(username="koordination-karlsruhe")
    answers = _answers(groups, coordinator, today)
    # What the mail worker would have done with the demo's mails: sent (make run prints none).
    OutboxMail.objects.filter(status=MailStatus.QUEUED).update(
        status=MailStatus.SENT, sent_at=timezone.now(), attempts=1
    )
    if stdout is not None:
        stdout.write(
            f"Netzwerke: {network.name} mit {network.participants.active().count()} Mitgliedern, ein gehaltenes "
            f"Treffen mit Protokoll, das nächste eingeladen; Feedback an das Integreat-Team; {answers} Rückmeldungen "
            "Neuzugewanderter."
        )
