from django.db import migrations, models


def unknown_is_partly(apps, schema_editor):
    """Going back: the old field had no "Non renseigné"; its default was "partly"."""
    apps.get_model("counter", "Request").objects.filter(autonomy="unknown").update(autonomy="partly")


class Migration(migrations.Migration):
    """Digital autonomy defaults to "Non renseigné"; recorded answers are left as they are."""

    dependencies = [
        ("counter", "0006_refold_person_lookup_keys"),
    ]

    operations = [
        migrations.AlterField(
            model_name="request",
            name="autonomy",
            field=models.CharField(
                choices=[
                    ("unknown", "Non renseigné"),
                    ("guided", "Entièrement accompagné"),
                    ("partly", "Partiellement autonome"),
                    ("autonomous", "Autonome"),
                ],
                default="unknown",
                max_length=20,
                verbose_name="autonomie numérique",
            ),
        ),
        migrations.RunPython(migrations.RunPython.noop, unknown_is_partly),
    ]
