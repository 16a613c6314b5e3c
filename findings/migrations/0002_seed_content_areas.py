"""Seed the global list of content areas (Themenbereiche). The names are data (German), not UI strings."""

from django.db import migrations

AREAS = [
    "Ankommen",
    "Arbeit",
    "Ausbildung und Studium",
    "Beratung",
    "Bildung",
    "Deutsch lernen",
    "Familie und Kinder",
    "Freizeit",
    "Gesundheit",
    "Wohnen",
    "Behörden",
    "Notfall",
]


def seed(apps, schema_editor):
    ContentArea = apps.get_model("findings", "ContentArea")
    for position, name in enumerate(AREAS, start=1):
        area = ContentArea.objects.filter(working_group=None, name=name).first()
        if area is None:
            ContentArea.objects.create(working_group=None, name=name, position=position)


def unseed(apps, schema_editor):
    ContentArea = apps.get_model("findings", "ContentArea")
    ContentArea.objects.filter(working_group=None, name__in=AREAS, findings__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("findings", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
