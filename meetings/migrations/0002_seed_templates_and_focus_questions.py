"""Seed the global agenda templates and the library of focus questions from the source material.

The texts are data (German), not UI strings: staff may edit them in the admin afterwards.
"""

from django.db import migrations

FIRST_MEETING = {
    "name": "Erstes Treffen: Kennenlernen und Erwartungen",
    "kind": "first",
    "description": "Für das erste Treffen eines Arbeitskreises: sich kennenlernen und Erwartungen klären.",
    "items": [
        ("Begrüßung und Vorstellungsrunde", "Alle Teilnehmenden stellen sich und ihre Organisation kurz vor.", 20),
        ("Rückblick und Einblick in den aktuellen Stand", "Was bietet die Integreat-App in unserer Kommune heute?", 20),
        (
            "Austausch über Erwartungen, Wünsche und Anregungen",
            "Was erwarten die Akteur:innen vom Arbeitskreis und von der App?",
            35,
        ),
        (
            "Interesse für weitere Arbeitskreise und zukünftige Teilnahme abfragen",
            "Wer möchte weiter mitarbeiten? Wer sollte noch eingeladen werden?",
            15,
        ),
    ],
}

REGULAR_MEETING = {
    "name": "Regelmäßiges Treffen",
    "kind": "regular",
    "description": "Für die halbjährlichen Treffen: Nachverfolgung, Leitfragen und nächster Termin.",
    "items": [
        ("Begrüßung", "Begrüßung, Vorstellung neuer Teilnehmender, Ablauf des Treffens.", 10),
        ("Genehmigung des Protokolls des letzten Treffens", "", 5),
        (
            "Nachverfolgung offener Inhaltslücken und Aufgaben",
            "Was ist seit dem letzten Treffen erledigt, was ist noch offen?",
            20,
        ),
        ("Leitfrage(n)", "Austausch zu den ein bis zwei Leitfragen dieses Treffens.", 30),
        ("Neuigkeiten aus dem Integreat-Team", "Neue Funktionen, Sprachen und Termine.", 10),
        ("Verschiedenes", "", 10),
        ("Nächster Termin", "Vorschlag für das nächste Treffen in etwa sechs Monaten.", 5),
    ],
}

FOCUS_QUESTIONS = [
    (
        "Wer genau ist unsere Zielgruppe, und gibt es Veränderungen in der Zuwanderung, die Integreat abbilden sollte?",
        "Welche Menschen kommen neu in unsere Kommune, aus welchen Ländern, mit welchen Sprachen und Fragen?",
    ),
    (
        "Wer könnte als Multiplikator:in wirken, und wie können wir Multiplikator:innen aktivieren?",
        "Beratungsstellen, Ehrenamtliche, Migrant:innenorganisationen, Schulen, Jobcenter …",
    ),
    (
        "Wie gestalten wir das regionale Marketing für Integreat?",
        "Flyer, Plakate, soziale Medien, Veranstaltungen, Hinweise in Behörden und Beratungsstellen.",
    ),
    (
        "Wie gewinnen wir Feedback aus der Zielgruppe, und wie arbeiten wir es ein?",
        "Rückmeldungen der Nutzer:innen erfassen, auswerten und in die Inhalte der App übernehmen.",
    ),
    (
        "Wie gewinnen wir Fachwissen, und wie binden wir es ein?",
        "Welche Fachstellen kennen sich aus, und wie kommen ihre Informationen in die App?",
    ),
]


def seed(apps, schema_editor):
    AgendaTemplate = apps.get_model("meetings", "AgendaTemplate")
    AgendaTemplateItem = apps.get_model("meetings", "AgendaTemplateItem")
    FocusQuestion = apps.get_model("meetings", "FocusQuestion")
    for data in (FIRST_MEETING, REGULAR_MEETING):
        template, _ = AgendaTemplate.objects.get_or_create(
            working_group=None,
            kind=data["kind"],
            name=data["name"],
            defaults={"description": data["description"]},
        )
        if not template.items.exists():
            AgendaTemplateItem.objects.bulk_create(
                AgendaTemplateItem(template=template, position=index, title=title, description=text, minutes=minutes)
                for index, (title, text, minutes) in enumerate(data["items"], start=1)
            )
    for text, description in FOCUS_QUESTIONS:
        FocusQuestion.objects.get_or_create(working_group=None, text=text, defaults={"description": description})


def unseed(apps, schema_editor):
    AgendaTemplate = apps.get_model("meetings", "AgendaTemplate")
    FocusQuestion = apps.get_model("meetings", "FocusQuestion")
    AgendaTemplate.objects.filter(
        working_group=None, name__in=[FIRST_MEETING["name"], REGULAR_MEETING["name"]]
    ).delete()
    FocusQuestion.objects.filter(working_group=None, text__in=[text for text, _ in FOCUS_QUESTIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
