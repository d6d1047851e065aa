from django.db import migrations, models


def unticked_is_unknown(apps, schema_editor):
    """Until now the box was unticked by default: False meant "not ticked", not "came before"."""
    apps.get_model("counter", "Request").objects.filter(first_visit=False).update(first_visit=None)


def unknown_is_unticked(apps, schema_editor):
    apps.get_model("counter", "Request").objects.filter(first_visit__isnull=True).update(first_visit=False)


class Migration(migrations.Migration):
    dependencies = [
        ("counter", "0004_request_person_day_idx"),
    ]

    operations = [
        migrations.AlterField(
            model_name="request",
            name="first_visit",
            field=models.BooleanField(blank=True, default=None, null=True, verbose_name="première venue"),
        ),
        migrations.RunPython(unticked_is_unknown, unknown_is_unticked),
    ]
