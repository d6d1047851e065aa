"""Person lookup keys are recomputed with names folded with their ligatures kept (Lætitia -> laetitia)."""

import re
import unicodedata

from django.conf import settings
from django.db import migrations

from maillage.lib.crypto import blind_index
from maillage.lib.text import normalise_name


def _legacy_fold(value):
    """The folding used until now: accents dropped by NFKD, ligatures (œ, æ, ß) lost."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).strip()


def _rekey(apps, fold):
    Person = apps.get_model("counter", "Person")
    changed = []
    fields = ("pk", "first_name", "last_name", "birth_date", "lookup_key")
    for person in Person.objects.only(*fields).iterator(chunk_size=500):
        if not (person.first_name and person.last_name and person.birth_date):
            continue
        key = blind_index(
            settings.BLIND_INDEX_KEY, fold(person.first_name), fold(person.last_name), person.birth_date.isoformat()
        )
        if key != person.lookup_key:
            person.lookup_key = key
            changed.append(person)
    Person.objects.bulk_update(changed, ["lookup_key"], batch_size=500)


def keep_ligatures(apps, schema_editor):
    _rekey(apps, normalise_name)


def drop_ligatures(apps, schema_editor):
    _rekey(apps, _legacy_fold)


class Migration(migrations.Migration):
    dependencies = [
        ("counter", "0005_first_visit_unknown"),
    ]

    operations = [
        migrations.RunPython(keep_ligatures, drop_ligatures),
    ]
