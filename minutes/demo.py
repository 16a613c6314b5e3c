"""Demo measures for ``manage.py seed_demo``: per group a dozen measures of the integration work, decided in the
demo's past meetings, with responsible participants or organisations, due dates, budgets, funding sources and
history — some done, some dropped, some overdue.

Idempotent: a demo measure is identified by its group and title, so running the command again updates the same
rows (dates move with today, as the demo meetings do); the history is written once, when the measure is created.
"""

import datetime
import decimal

from django.utils import timezone

from minutes.measures import CREATED, STATUS
from minutes.models import Measure, MeasureEvent, MeasureStatus

S = MeasureStatus
LAND = "Landesprogramm Integrationsmanagement"
KOMMUNE = "Kommunaler Haushalt"

# title, details, budget (EUR), funding source, status, due (days after the meeting; None: no date; "overdue")
MEASURES = [
    (
        "Flyer zur Integreat-App in sechs Sprachen drucken",
        "Auflage 3.000 Stück, Verteilung über Beratungsstellen, Bürgerbüro und Kitas.",
        "1800.00",
        LAND,
        S.DONE,
        60,
    ),
    (
        "Schulung für Ehrenamtliche: Inhalte in Integreat pflegen",
        "Zwei Termine à drei Stunden, Einladung über die Ehrenamtsagentur.",
        "950.00",
        KOMMUNE,
        S.IN_PROGRESS,
        "overdue",
    ),
    (
        "Seiten zur Kita-Anmeldung übersetzen (Arabisch, Ukrainisch, Farsi)",
        "Übersetzung durch das Dolmetscherbüro, Prüfung durch Muttersprachler:innen aus dem Arbeitskreis.",
        "2400.00",
        LAND,
        S.OPEN,
        150,
    ),
    (
        "Infoveranstaltung zur App in der Gemeinschaftsunterkunft",
        "Mit Sprachmittlung auf Arabisch und Ukrainisch.",
        "300.00",
        "Spenden des Freundeskreises",
        S.DONE,
        45,
    ),
    (
        "QR-Code-Plakate in den Wartebereichen der Ämter aufhängen",
        "",
        "650.00",
        KOMMUNE,
        S.OPEN,
        "overdue",
    ),
    (
        "Ansprechpersonen der Migrant:innenorganisationen in die App aufnehmen",
        "Kontaktdaten mit Einverständnis der Personen erfassen.",
        None,
        "",
        S.IN_PROGRESS,
        None,
    ),
    (
        "Pool von Sprachmittler:innen aufbauen",
        "Honorare für Einsätze bei Beratungen und Elternabenden.",
        "5000.00",
        "Förderprogramm „WIR – Netzwerke integrieren Geflüchtete“",
        S.OPEN,
        240,
    ),
    (
        "Integrationskonzept fortschreiben: Handlungsfeld Wohnen",
        "Zurückgestellt, bis das Wohnraumversorgungskonzept des Kreises vorliegt.",
        "12000.00",
        KOMMUNE,
        S.DROPPED,
        180,
    ),
    (
        "Rückmeldebogen für Neuzugewanderte auswerten",
        "Auswertung der Papier- und Online-Bögen, Bericht im nächsten Treffen.",
        None,
        "",
        S.OPEN,
        200,
    ),
    (
        "Jobcenter-Seiten auf Aktualität prüfen",
        "",
        None,
        "",
        S.DONE,
        30,
    ),
    (
        "Elterncafé mehrsprachig bewerben",
        "Einladungen auf Türkisch, Arabisch und Ukrainisch, Aushang in Schulen.",
        "400.00",
        "Bundesprogramm „Demokratie leben!“",
        S.OPEN,
        "overdue",
    ),
    (
        "Terminbuchung der Ausländerbehörde in der App beschreiben",
        "Schritt-für-Schritt-Anleitung mit Bildschirmfotos.",
        None,
        "",
        S.IN_PROGRESS,
        120,
    ),
]


def seed(*, groups, stdout=None):
    """Create or update the demo measures (with history) of each demo group."""
    now = timezone.now()
    today = timezone.localdate()
    total = 0
    for slug, group in groups.items():
        meetings = list(group.meetings.filter(start__lt=now).order_by("start"))
        participants = list(group.participants.active().order_by("pk"))
        organizations = list(group.organizations.active().order_by("pk"))
        offset = 0 if slug == "landkreis-karlsruhe" else 3
        for index, (title, details, budget, source, status, due) in enumerate(MEASURES):
            meeting = meetings[(index + offset) % len(meetings)] if meetings and index % 6 != 5 else None
            created_at = (
                meeting.end + datetime.timedelta(hours=2, minutes=index)
                if meeting
                else now - datetime.timedelta(days=40 + index)
            )
            day = timezone.localtime(created_at).date()
            if due == "overdue":
                due_date = today - datetime.timedelta(days=5 + 4 * index)
            elif due is None:
                due_date = None
            else:
                due_date = day + datetime.timedelta(days=due)
                if status in (S.OPEN, S.IN_PROGRESS):  # the other open ones are due in the coming months
                    due_date = max(due_date, today + datetime.timedelta(days=14 + 9 * index))
            closed_on = min(day + datetime.timedelta(days=20 + 3 * index), today)
            participant = participants[(index * 5 + offset) % len(participants)] if participants else None
            organization = organizations[(index + offset) % len(organizations)] if organizations else None
            by_organization = index % 3 == 1 and organization is not None
            measure, created = Measure.objects.update_or_create(
                working_group=group,
                title=title,
                defaults={
                    "description": details,
                    "meeting": meeting,
                    "responsible_participant": None if by_organization else participant,
                    "responsible_organization": organization if by_organization else None,
                    "due_date": due_date,
                    "status": status,
                    "done_on": closed_on if status == S.DONE else None,
                    "budget": decimal.Decimal(budget) if budget else None,
                    "funding_source": source,
                    "created_at": created_at,
                },
            )
            if created:
                events = [MeasureEvent(measure=measure, field=CREATED, new_value=title, created_at=created_at)]
                if status != S.OPEN:
                    changed_at = timezone.make_aware(datetime.datetime.combine(closed_on, datetime.time(10, index)))
                    events.append(
                        MeasureEvent(
                            measure=measure, field=STATUS, old_value=S.OPEN, new_value=status, created_at=changed_at
                        )
                    )
                MeasureEvent.objects.bulk_create(events)
            total += 1
    if stdout is not None:
        stdout.write(f"Maßnahmen: {total} Demo-Maßnahmen mit Budget, Verantwortlichen und Verlauf angelegt.")
