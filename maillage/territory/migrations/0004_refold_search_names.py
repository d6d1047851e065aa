"""Commune and former-commune names are folded with their ligatures kept (Cœuvres -> coeuvres, no longer cuvres)."""

import re
import unicodedata

from django.db import migrations

from maillage.lib.text import normalise_name


def _legacy_fold(value):
    """The folding used until now: accents dropped by NFKD, ligatures (œ, æ, ß) lost."""
    ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", " ", ascii_text.lower()).strip()


def _refold(apps, fold):
    for model_name in ("Commune", "CommuneAlias"):
        model = apps.get_model("territory", model_name)
        changed = []
        for row in model.objects.only("code", "name", "search_name").iterator(chunk_size=2000):
            key = fold(row.name)
            if key != row.search_name:
                row.search_name = key
                changed.append(row)
        model.objects.bulk_update(changed, ["search_name"], batch_size=1000)


def keep_ligatures(apps, schema_editor):
    _refold(apps, normalise_name)


def drop_ligatures(apps, schema_editor):
    _refold(apps, _legacy_fold)


class Migration(migrations.Migration):
    dependencies = [
        ("territory", "0003_add_commune_alias"),
    ]

    operations = [
        migrations.RunPython(keep_ligatures, drop_ligatures),
    ]
