"""Background work of the counter app: the daily purge of personal data (no arguments, no personal data)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from maillage.counter.retention import purge
from maillage.scheduling import schedule_once

PURGE_EVERY = dt.timedelta(days=1)


@task()
def purge_personal_data() -> dict[str, int | bool]:
    """Run the retention purge, then book tomorrow's run."""
    now = timezone.now()
    report = purge(now)
    schedule_purge(run_after=now + PURGE_EVERY)
    return report.as_dict()


def schedule_purge(*, run_after: dt.datetime | None = None) -> bool:
    """Enqueue the purge unless a run is already waiting; returns whether one was enqueued."""
    return schedule_once(purge_personal_data, run_after=run_after)
