"""Background work of the surveys app: the daily blanking of flood hashes (django-tasks)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from maillage.scheduling import schedule_once
from maillage.surveys.limits import blank_old_hashes


def run_daily(now: dt.datetime) -> dict[str, int]:
    """Blank the source hash of answers older than SURVEY_SOURCE_HASH_DAYS."""
    return {"hashes_blanked": blank_old_hashes(now)}


@task()
def surveys_daily() -> dict[str, int]:
    """Runs every day: does the daily work, then books tomorrow's run."""
    counts = run_daily(timezone.now())
    schedule_once(surveys_daily, run_after=timezone.now() + dt.timedelta(days=1))
    return counts
