"""A throwaway Maillage database for a benchmark run: migrated, with the official geography loaded."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def setup_django(tmp: Path, *steps: list[str]) -> None:
    """Point Maillage at `tmp` (SQLite there, unless DATABASE_URL says otherwise), migrate, load the
    COG geography, then run each extra management command of `steps` (e.g. ["demo"])."""
    setup_django_only(tmp)
    from django.core.management import call_command

    call_command("createcachetable", verbosity=0)
    call_command("geo", "load", verbosity=0)
    for step in steps:
        call_command(*step, verbosity=0)


class QueryClock:
    """A `connection.execute_wrapper`: counts the queries and the time spent in the database driver,
    measured around every query (finer than Django's captured times); keeps the queries if asked."""

    def __init__(self, keep: bool = False) -> None:
        self.queries = 0
        self.seconds = 0.0
        self.keep = keep
        self.log: list[tuple[float, str, Any]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - t0
            self.queries += 1
            self.seconds += elapsed
            if self.keep:
                self.log.append((elapsed, sql, params))


def setup_django_only(tmp: Path) -> None:
    """Point Maillage at an already-built database in `tmp` (a kept benchmark base) and migrate it."""
    os.environ.setdefault("MAILLAGE_VAR_DIR", str(tmp))
    os.environ.setdefault("MAILLAGE_REFERENCE_DIR", str(ROOT / "var" / "ref"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "maillage.settings"
    os.environ["AXES_ENABLED"] = "false"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
