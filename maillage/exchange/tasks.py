"""Background work of the exchange app: imports left unconfirmed are deleted with their file."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from maillage.exchange.models import PlaceImport
from maillage.scheduling import schedule_once


def run_daily(now: dt.datetime) -> dict[str, int]:
    """Delete pending imports older than PENDING_DAYS; each file goes through the storage (post_delete)."""
    deleted, _ = PlaceImport.objects.abandoned(now).delete()
    return {"imports_deleted": deleted}


@task()
def imports_daily() -> dict[str, int]:
    """Runs every day: does the daily work, then books tomorrow's run."""
    counts = run_daily(timezone.now())
    schedule_once(imports_daily, run_after=timezone.now() + dt.timedelta(days=1))
    return counts
