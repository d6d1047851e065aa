"""Pending place imports keep their file in the default storage (MEDIA_ROOT or S3), not in a table."""

from typing import Any

from django.core.files.base import ContentFile
from django.db import migrations, models

import maillage.exchange.models


def to_storage(apps: Any, schema_editor: Any) -> None:
    PlaceImport = apps.get_model("exchange", "PlaceImport")
    for pending in PlaceImport.objects.exclude(data=b""):
        pending.file.save(pending.file_name, ContentFile(bytes(pending.data)), save=False)
        pending.data = b""
        pending.save(update_fields=["file", "data"])


def back_to_table(apps: Any, schema_editor: Any) -> None:
    PlaceImport = apps.get_model("exchange", "PlaceImport")
    for pending in PlaceImport.objects.exclude(file=""):
        with pending.file.open("rb") as handle:
            pending.data = handle.read()
        pending.file.delete(save=False)
        pending.save(update_fields=["file", "data"])


class Migration(migrations.Migration):
    dependencies = [("exchange", "0001_add_place_import")]

    operations = [
        migrations.AlterField(
            model_name="placeimport",
            name="data",
            field=models.BinaryField(blank=True, default=b"", verbose_name="contenu"),
        ),
        migrations.AddField(
            model_name="placeimport",
            name="file",
            field=models.FileField(
                blank=True, upload_to=maillage.exchange.models.import_path, verbose_name="fichier déposé"
            ),
        ),
        migrations.RunPython(to_storage, back_to_table),
        migrations.RemoveField(model_name="placeimport", name="data"),
    ]
