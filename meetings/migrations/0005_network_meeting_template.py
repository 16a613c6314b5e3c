"""The regional network meeting: a template kind of its own and the seeded template "Regionales Netzwerktreffen",
offered only to regional networks (``AgendaTemplateQuerySet.available_to``).

The texts are data (German), not UI strings: staff may edit them in the admin afterwards.
"""

from django.db import migrations, models

NETWORK_MEETING = {
    "name": "Regionales Netzwerktreffen",
    "kind": "network",
    "description": "Für das Netzwerktreffen der Integreat-Verantwortlichen eines Bundeslandes, meist online.",
    "items": [
        ("Begrüßung und Vorstellungsrunde", "Wer ist dabei, welche Kommune, was hat sich seit dem letzten Treffen getan?", 15),
        ("Neues aus dem Integreat-Projekt", "Neue Funktionen, Sprachen, Termine und Schulungen des Integreat-Teams.", 20),
        (
            "Austausch: Fördermittel, Sprachauswahl, Marketing, Einführung",
            "Erfahrungen mit Förderprogrammen, der Auswahl der Sprachen, Marketingideen und Tipps zur Einführung der App.",
            45,
        ),
        (
            "Wirkungsmessung",
            "Rückmeldungen der Neuzugewanderten, Nutzungszahlen und der Netzwerkbericht der Kommunen.",
            20,
        ),
        ("Verschiedenes", "", 10),
    ],
}


def seed(apps, schema_editor):
    AgendaTemplate = apps.get_model("meetings", "AgendaTemplate")
    AgendaTemplateItem = apps.get_model("meetings", "AgendaTemplateItem")
    template, _ = AgendaTemplate.objects.get_or_create(
        working_group=None,
        kind=NETWORK_MEETING["kind"],
        name=NETWORK_MEETING["name"],
        defaults={"description": NETWORK_MEETING["description"]},
    )
    if not template.items.exists():
        AgendaTemplateItem.objects.bulk_create(
            AgendaTemplateItem(template=template, position=index, title=title, description=text, minutes=minutes)
            for index, (title, text, minutes) in enumerate(NETWORK_MEETING["items"], start=1)
        )


def unseed(apps, schema_editor):
    AgendaTemplate = apps.get_model("meetings", "AgendaTemplate")
    AgendaTemplate.objects.filter(working_group=None, kind="network", name=NETWORK_MEETING["name"]).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_agenda_notes_move_to_minutes")]

    operations = [
        migrations.AlterField(
            model_name="agendatemplate",
            name="kind",
            field=models.CharField(
                choices=[
                    ("first", "first meeting"),
                    ("regular", "regular meeting"),
                    ("network", "regional network meeting"),
                    ("custom", "own template"),
                ],
                default="custom",
                max_length=20,
                verbose_name="kind",
            ),
        ),
        migrations.RunPython(seed, unseed),
    ]
