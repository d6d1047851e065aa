"""The official geography, loaded again when a transactional test emptied it.

conftest.py loads it once per test process; a `django_db(transaction=True)` test empties every table
at its end, and pytest-django runs the tests without a database mark (those managing committed data
themselves) after the transactional ones. Tests that need communes after one call this first."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings


def restore_reference_data() -> None:
    from maillage.territory.cog import DEFAULT_CENTRES, import_centres, load_cog
    from maillage.territory.management.commands.geo import DEFAULT_COG_DIR
    from maillage.territory.models import Commune

    if not Commune.objects.exists():
        load_cog(Path(settings.REFERENCE_DATA_DIR) / DEFAULT_COG_DIR)
        import_centres(DEFAULT_CENTRES)
