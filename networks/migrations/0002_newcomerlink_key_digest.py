"""The newcomers' links are looked up by the SHA-256 of their key (compared in constant time), like every other
secret link; existing links get their digest."""

import hashlib

from django.db import migrations, models


def fill_digests(apps, schema_editor):
    NewcomerLink = apps.get_model("networks", "NewcomerLink")
    for link in NewcomerLink.objects.only("pk", "key"):
        NewcomerLink.objects.filter(pk=link.pk).update(key_digest=hashlib.sha256(link.key.encode()).hexdigest())


class Migration(migrations.Migration):
    dependencies = [("networks", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="newcomerlink",
            name="key_digest",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(fill_digests, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="newcomerlink",
            name="key_digest",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
