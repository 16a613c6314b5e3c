"""Demo content gaps for ``manage.py seed_demo``: 30–50 findings per group with their history, plus suggestions.

Idempotent: a demo finding is identified by its group and title, a suggestion by its participant and title, so
running the command again updates the same rows. Findings are spread over the group's past meetings (those the
meetings demo created; without meetings they are spread over the last eighteen months) and its participants.
"""

import datetime
from importlib import import_module

from django.utils import timezone

from arbeitskreis import languages
from findings.models import ContentArea, EventField, Finding, FindingEvent, FindingStatus, Suggestion

# title, content area, languages, kind
GAPS = [
    ("Anmeldung in der Kita: Ablauf und Fristen", "Familie und Kinder", "ar,uk,fa", "missing_content"),
    ("Kinderzuschlag und Kindergeld erklärt", "Familie und Kinder", "ar,tr,ru", "outdated"),
    ("Elternabende: Dolmetschen anfragen", "Familie und Kinder", "fa,ps,ti", "missing_content"),
    ("Hebammen und Geburtsvorbereitung", "Gesundheit", "ar,so,ti", "missing_content"),
    ("Hausärztliche Versorgung ohne Krankenversicherungskarte", "Gesundheit", "uk,ru", "incorrect"),
    ("Psychosoziale Beratung für Geflüchtete", "Gesundheit", "ar,fa,ku", "missing_translation"),
    ("Impfungen für Kinder: Termine beim Gesundheitsamt", "Gesundheit", "ro,bg,pl", "outdated"),
    ("Notdienste der Apotheken", "Notfall", "en,ar,uk", "missing_translation"),
    ("Was tun bei häuslicher Gewalt?", "Notfall", "ar,fa,tr,uk", "missing_content"),
    ("Giftnotruf und ärztlicher Bereitschaftsdienst", "Notfall", "ro,ru", "missing_translation"),
    ("Wohnungssuche: seriöse Portale und Betrug", "Wohnen", "ar,uk,ro", "missing_content"),
    ("Wohnberechtigungsschein beantragen", "Wohnen", "tr,ar", "outdated"),
    ("Mülltrennung in der Gemeinschaftsunterkunft", "Wohnen", "ti,so,ps", "missing_translation"),
    ("Mietvertrag: Nebenkosten verstehen", "Wohnen", "uk,ru,pl", "missing_content"),
    ("Anerkennung ausländischer Berufsabschlüsse", "Arbeit", "uk,ar,ro", "outdated"),
    ("Saisonarbeit: Rechte von Beschäftigten", "Arbeit", "ro,bg,pl", "missing_translation"),
    ("Minijob und Aufstockung", "Arbeit", "ro,bg", "missing_content"),
    ("Arbeitserlaubnis mit Duldung", "Arbeit", "ar,fa,ps", "incorrect"),
    ("Ausbildung in der Pflege", "Ausbildung und Studium", "uk,ar,fa", "missing_content"),
    ("Studium mit ausländischem Schulabschluss", "Ausbildung und Studium", "en,uk,ar", "outdated"),
    ("BAföG und Berufsausbildungsbeihilfe", "Ausbildung und Studium", "tr,ar", "missing_translation"),
    ("Integrationskurs: Anmeldung und Kosten", "Deutsch lernen", "ar,uk,ru,tr", "outdated"),
    ("Sprachcafés und ehrenamtliche Deutschkurse", "Deutsch lernen", "fa,ps,ti", "missing_content"),
    ("Berufssprachkurse (DeuFöV)", "Deutsch lernen", "uk,ro", "incorrect"),
    ("Schulanmeldung für Seiteneinsteiger:innen", "Bildung", "uk,ar,ro", "missing_content"),
    ("Vorbereitungsklassen an weiterführenden Schulen", "Bildung", "ar,fa", "outdated"),
    ("Hausaufgabenhilfe im Stadtteil", "Bildung", "tr,ku", "missing_translation"),
    ("Migrationsberatung für Erwachsene (MBE)", "Beratung", "ar,ru,tr", "outdated"),
    ("Schuldnerberatung: Termine und Ablauf", "Beratung", "ro,bg,sq", "missing_content"),
    ("Jugendmigrationsdienst: Ansprechpersonen", "Beratung", "ar,fa,so", "incorrect"),
    ("Ausländerbehörde: Termin online buchen", "Behörden", "en,ar,uk,ru", "outdated"),
    ("Wohnsitzanmeldung im Bürgerbüro", "Behörden", "ro,pl,hr,sq", "missing_translation"),
    ("Führerschein umschreiben lassen", "Behörden", "ar,fa,uk", "missing_content"),
    ("Rundfunkbeitrag: Befreiung beantragen", "Behörden", "tr,ar", "incorrect"),
    ("Erste Schritte nach der Ankunft", "Ankommen", "en,ar,uk,fa,ro", "outdated"),
    ("Bankkonto eröffnen (Basiskonto)", "Ankommen", "ar,ti,so", "missing_content"),
    ("Deutschlandticket und Sozialticket", "Ankommen", "uk,ro,bg", "missing_translation"),
    ("Sportvereine mit offenen Angeboten", "Freizeit", "ar,fa,uk", "missing_content"),
    ("Bibliothek: Ausweis und mehrsprachige Medien", "Freizeit", "tr,ru", "missing_translation"),
    ("Ferienangebote für Kinder und Jugendliche", "Freizeit", "ar,uk,ro", "outdated"),
    ("Begegnungscafés und Kulturvereine", "Freizeit", "es,fr,en", "other"),
    ("Kontakt zur rumänischen Community", "Beratung", "ro", "other"),
    ("Moscheegemeinden und religiöse Angebote", "Freizeit", "ar,tr", "other"),
    ("Gebärdensprache und Barrierefreiheit", "Gesundheit", "de", "other"),
    ("Notunterkünfte für Wohnungslose", "Notfall", "de,en,pl", "missing_content"),
]

# How many of the demo gaps each group gets (30–50).
PER_GROUP = {"landkreis-karlsruhe": 44, "bielefeld": 36}

# status pattern: a third resolved, some rejected, the rest open or in progress
STATUSES = [
    FindingStatus.RESOLVED,
    FindingStatus.OPEN,
    FindingStatus.IN_PROGRESS,
    FindingStatus.RESOLVED,
    FindingStatus.OPEN,
    FindingStatus.REJECTED,
    FindingStatus.RESOLVED,
    FindingStatus.IN_PROGRESS,
    FindingStatus.OPEN,
]

SUGGESTIONS = [
    ("gap", "Seite zur Arbeitssuche auf Rumänisch", "Viele in unserer Beratung fragen danach.", "ro", "Arbeit"),
    ("gap", "Kinderarzt-Liste ist veraltet", "Zwei Praxen nehmen keine neuen Patient:innen mehr.", "uk", "Gesundheit"),
    ("agenda_topic", "Treffen mit der rumänischen Community", "Wie erreichen wir die Menschen besser?", "ro", ""),
]


def _note(status):
    if status == FindingStatus.RESOLVED:
        return "Seite überarbeitet und in den betroffenen Sprachen veröffentlicht."
    if status == FindingStatus.REJECTED:
        return "Das Thema ist bereits auf einer anderen Seite vollständig beschrieben."
    return ""


def _global_areas():
    """The seeded global content areas by name; recreated from the data migration's list if they are missing
    (e.g. after a test database flush)."""
    seeded = import_module("findings.migrations.0002_seed_content_areas").AREAS
    areas = {area.name: area for area in ContentArea.objects.filter(working_group=None)}
    for position, name in enumerate(seeded, start=1):
        if name not in areas:
            areas[name] = ContentArea.objects.create(working_group=None, name=name, position=position)
    return areas


def seed(*, groups, stdout=None):
    """Create or update the demo findings (with history) and a few pending suggestions per group."""
    areas = _global_areas()
    now = timezone.now()
    today = timezone.localdate()
    total = 0
    for slug, group in groups.items():
        count = PER_GROUP.get(slug, 32)
        meetings = list(group.meetings.filter(start__lt=now).order_by("start"))
        participants = list(group.participants.active())
        organizations = list(group.organizations.active())
        offset = 0 if slug == "landkreis-karlsruhe" else 5
        for index in range(count):
            title, area_name, codes, kind = GAPS[(index + offset) % len(GAPS)]
            status = STATUSES[(index + offset) % len(STATUSES)]
            meeting = meetings[index % len(meetings)] if meetings and index % 5 != 4 else None
            if meeting is not None:
                created_at = meeting.end + datetime.timedelta(hours=1, minutes=index)
            else:
                created_at = now - datetime.timedelta(days=20 + (index * 13) % 520)
            closed_at = None
            if status in (FindingStatus.RESOLVED, FindingStatus.REJECTED):
                closed_at = min(created_at + datetime.timedelta(days=12 + (index * 17) % 150), now)
            # Some open gaps are overdue, others due in the coming weeks; closed ones keep their old due date.
            due_date = None
            if index % 3 != 2:
                due_date = timezone.localtime(created_at).date() + datetime.timedelta(days=60 + (index * 7) % 90)
                if status in (FindingStatus.OPEN, FindingStatus.IN_PROGRESS) and index % 4 == 0:
                    due_date = today - datetime.timedelta(days=3 + index)
            assignee_participant = assignee_organization = None
            if status != FindingStatus.OPEN or index % 2 == 0:
                if index % 2 and organizations:
                    assignee_organization = organizations[index % len(organizations)]
                elif participants:
                    assignee_participant = participants[index % len(participants)]
            finding, created = Finding.objects.update_or_create(
                working_group=group,
                title=title,
                defaults={
                    "description": f"Im Arbeitskreis festgestellt: {title}. Betroffen sind vor allem Menschen, die "
                    "die Inhalte in ihrer Sprache suchen.",
                    "content_area": areas.get(area_name),
                    "languages": languages.pack(codes.split(",")),
                    "kind": kind,
                    "priority": 1 + (index * 5) % 3,
                    "status": status,
                    "raised_in_meeting": meeting,
                    "raised_by": participants[(index * 3) % len(participants)] if participants else None,
                    "assignee_participant": assignee_participant,
                    "assignee_organization": assignee_organization,
                    "due_date": due_date,
                    "resolution_note": _note(status),
                    "integreat_url": f"https://integreat.app/{group.municipality.integreat_region_slug or slug}/de/"
                    if index % 4 == 1
                    else "",
                    "created_at": created_at,
                    "closed_at": closed_at,
                },
            )
            if created:
                events = [
                    FindingEvent(
                        finding=finding,
                        field=EventField.CREATED,
                        new_value=title,
                        actor_label="Koordination",
                        created_at=created_at,
                    )
                ]
                if status != FindingStatus.OPEN:
                    events.append(
                        FindingEvent(
                            finding=finding,
                            field=EventField.STATUS,
                            old_value=FindingStatus.OPEN,
                            new_value=status,
                            actor_label="Koordination",
                            created_at=closed_at or created_at + datetime.timedelta(days=7),
                        )
                    )
                FindingEvent.objects.bulk_create(events)
            total += 1
        for number, (kind, title, description, language, area_name) in enumerate(SUGGESTIONS):
            if not participants:
                break
            Suggestion.objects.update_or_create(
                participant=participants[(number * 2 + 1) % len(participants)],
                title=title,
                defaults={
                    "working_group": group,
                    "kind": kind,
                    "description": description,
                    "language": language,
                    "content_area": areas.get(area_name),
                },
            )
    if stdout is not None:
        stdout.write(f"Inhaltslücken: {total} Demo-Inhaltslücken mit Verlauf und offene Vorschläge angelegt.")
