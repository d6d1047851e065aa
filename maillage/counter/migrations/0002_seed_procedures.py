from django.db import migrations


def forwards(apps, schema_editor):
    from maillage.counter.seed import seed_procedures

    seed_procedures(apps.get_model("counter", "Procedure"), apps.get_model("network", "Partner"))


class Migration(migrations.Migration):
    dependencies = [("counter", "0001_initial"), ("network", "0002_seed_partners")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
