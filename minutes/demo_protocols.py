"""Demo minutes for ``manage.py seed_demo``: complete minutes of the demo's past meetings, made through the services
as the pages make them — the first meeting's approved in the next one and then corrected into a second version
(approved again), the last meeting's sent for review with a participant's remark.

Runs after the demo measures (the protocol lists the measures decided in its meeting). Starts over on every run:
the demo minutes are deleted and written again, so their dates move with today as the demo meetings do.
"""

from django.utils import timezone

from meetings.models import Meeting, MeetingStatus
from minutes import services
from minutes.models import AttendanceStatus, Minutes
from outbox.models import OutboxMail

# Notes per agenda item title (a safe subset of Markdown: lists, bold, links); other items get a short line.
NOTES = {
    "Begrüßung und Vorstellungsrunde": (
        "Die Koordinatorin begrüßt alle. Vorstellungsrunde mit **Name, Organisation und Zielgruppe**; "
        "vertreten sind Beratungsstellen, Ehrenamtliche, die Volkshochschule und zwei Migrant:innenorganisationen."
    ),
    "Rückblick und Einblick in den aktuellen Stand": (
        "Die App ist seit drei Jahren online, in **acht Sprachen**. Am häufigsten aufgerufen:\n\n"
        "- Arbeit und Ausbildung\n- Wohnen\n- Kita und Schule\n\n"
        "Zugriffszahlen unter [integreat.app](https://integreat.app)."
    ),
    "Austausch über Erwartungen, Wünsche und Anregungen": (
        "Gewünscht werden aktuelle Seiten zur **Kita-Anmeldung** und zur Terminbuchung der Ausländerbehörde. "
        "Mehrere Ehrenamtliche bieten an, Übersetzungen gegenzulesen."
    ),
    "Interesse für weitere Arbeitskreise und zukünftige Teilnahme abfragen": (
        "Alle Anwesenden möchten weiter mitarbeiten. Eingeladen werden sollen zusätzlich das Jobcenter und der "
        "Jugendmigrationsdienst."
    ),
    "Begrüßung": "Begrüßung durch die Koordination, Vorstellung einer neuen Teilnehmerin vom Jobcenter.",
    "Genehmigung des Protokolls des letzten Treffens": (
        "Das Protokoll des letzten Treffens wird ohne Änderungen genehmigt."
    ),
    "Nachverfolgung offener Inhaltslücken und Aufgaben": (
        "- Flyer in sechs Sprachen: **erledigt**, 3.000 Stück verteilt\n"
        "- Schulung für Ehrenamtliche: Termin steht noch aus\n"
        "- Seiten zur Kita-Anmeldung: Übersetzung beauftragt"
    ),
    "Leitfrage(n)": (
        "Multiplikator:innen sind vor allem die Sprachkurse und die Migrationsberatung. Vorschlag: ein kurzer "
        "Hinweis auf die App in jeder **Erstberatung**."
    ),
    "Neuigkeiten aus dem Integreat-Team": "Neu: Ukrainisch und Farsi; die Suche findet jetzt auch Tippfehler.",
    "Verschiedenes": "Die Volkshochschule lädt zum Elterncafé ein; Aushang folgt.",
    "Nächster Termin": "Das nächste Treffen findet in etwa sechs Monaten statt; die Einladung folgt per Mail.",
}
ANSWER = (
    "Die Zielgruppe verändert sich: mehr Familien aus der Ukraine und aus Afghanistan. Wichtig sind Seiten in "
    "**Ukrainisch und Farsi** und einfache Sprache."
)
DECISIONS = {
    "first": [
        "Der Arbeitskreis trifft sich halbjährlich, jeweils dienstags um 16 Uhr.",
        "Die Seiten zur Kita-Anmeldung werden ins Arabische, Ukrainische und Farsi übersetzt.",
    ],
    "regular-1": [
        "Ein Hinweis auf die App wird Teil jeder Erstberatung.",
        "Die Schulung für Ehrenamtliche wird auf das Frühjahr verschoben.",
    ],
}
GUESTS = [("Svetlana Morozova", "Jugendmigrationsdienst"), ("Jonas Keller", "Volkshochschule")]
CORRECTION = "Der Name einer Teilnehmerin war falsch geschrieben; ein Beschluss fehlte."
REMARK = "Bitte ergänzen: Die Volkshochschule stellt für das Elterncafé einen Raum zur Verfügung."


def _attendance(meeting):
    """Most participants present, every fifth excused, every seventh absent — the Arabic, Persian and Cyrillic names
    among those present, so every document shows them."""
    statuses = {}
    for index, participant in enumerate(meeting.working_group.participants.active().order_by("pk")):
        if index % 7 == 6:
            statuses[participant.pk] = AttendanceStatus.ABSENT
        elif index % 5 == 4:
            statuses[participant.pk] = AttendanceStatus.EXCUSED
        else:
            statuses[participant.pk] = AttendanceStatus.PRESENT
    return statuses


def _record(meeting, key, *, by, decisions=None):
    minutes = services.minutes_for(meeting=meeting)
    items = meeting.agenda_items.order_by("position")
    return services.save(
        meeting=meeting,
        revision=minutes.revision,
        data={
            "attendance": _attendance(meeting),
            "guests": GUESTS[: 1 if key == "first" else 2],
            "notes": {item.pk: NOTES.get(item.title, "Kurzer Austausch, keine Beschlüsse.") for item in items},
            "answers": {question.pk: ANSWER for question in meeting.focus_questions.all()[:1]},
            "decisions": decisions if decisions is not None else DECISIONS[key],
        },
        by=by,
    )


def seed(*, groups, stdout=None):
    """Write the minutes of each demo group's two past meetings (see the module's text)."""
    now = timezone.now()
    count = 0
    for slug, group in groups.items():
        first, last = (
            group.meetings.filter(calendar_uid=f"demo-{slug}-{group.slug}-{key}@arbeitskreis").first()
            for key in ("first", "regular-1")
        )
        if first is None or last is None or last.start >= now:
            continue
        old = Minutes.objects.filter(meeting__in=[first, last])
        OutboxMail.objects.about_any(list(old)).delete()
        old.delete()
        # The meetings demo marks the first meeting "minutes approved"; here the minutes get there themselves.
        Meeting.objects.filter(pk__in=[first.pk, last.pk]).update(status=MeetingStatus.HELD)
        first.refresh_from_db()
        last.refresh_from_db()
        by = group.roles.filter(role="coordinator").select_related("user").first()
        by = by.user if by else None

        # The first meeting: reviewed, approved in the next meeting, then corrected into version 2.
        minutes = services.send_for_review(minutes=_record(first, "first", by=by), by=by)
        minutes = services.approve(minutes=minutes, by=by, approved_in=last)
        minutes = services.start_correction(minutes=minutes, reason=CORRECTION, by=by)
        decisions = [*DECISIONS["first"], "Das nächste Treffen lädt die Koordination mit Kalenderdatei ein."]
        minutes = _record(first, "first", by=by, decisions=decisions)
        services.approve(minutes=minutes, by=by, approved_in=last)

        # The last meeting: sent for review; one participant who attended has written a remark.
        minutes = services.send_for_review(minutes=_record(last, "regular-1", by=by), by=by)
        present = minutes.meeting.attendances.filter(participant__isnull=False, status=AttendanceStatus.PRESENT)
        commenter = present.select_related("participant").order_by("participant__pk").first()
        if commenter is not None:
            services.add_comment(minutes=minutes, participant=commenter.participant, text=REMARK)
        count += 2
    if stdout is not None:
        stdout.write(
            f"Protokolle: {count} Demo-Protokolle geschrieben (eins in zwei Versionen genehmigt, eins in Durchsicht)."
        )
    return count
