from django.db import migrations


def forwards(apps, schema_editor):
    from maillage.network.seed import seed_partners

    seed_partners(apps.get_model("network", "Partner"))


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
