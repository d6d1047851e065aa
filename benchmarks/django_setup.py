"""A throwaway Maillage database for a benchmark run: migrated, with the official geography loaded."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(tmp: Path, *steps: list[str]) -> None:
    """Point Maillage at `tmp` (SQLite there, unless DATABASE_URL says otherwise), migrate, load the
    COG geography, then run each extra management command of `steps` (e.g. ["demo"])."""
    os.environ.setdefault("MAILLAGE_VAR_DIR", str(tmp))
    os.environ.setdefault("MAILLAGE_REFERENCE_DIR", str(ROOT / "var" / "ref"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "maillage.settings"
    os.environ["AXES_ENABLED"] = "false"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("geo", "load", verbosity=0)
    for step in steps:
        call_command(*step, verbosity=0)
