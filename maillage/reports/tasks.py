"""Background work of the reports: (re)build the monthly roll-up, every night and after bulk changes."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from maillage.reports import rollup
from maillage.reports.api_log import purge_calls
from maillage.scheduling import schedule_once


@task()
def refresh_rollup() -> list[str]:
    """Build missing or stale finished months; never touches the current month (always read live)."""
    return [month.isoformat() for month in rollup.refresh()]


@task()
def rollup_daily() -> list[str]:
    built = [month.isoformat() for month in rollup.refresh()]
    purge_calls()  # the partner API's call log, past its retention
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    night = dt.datetime.combine(tomorrow, dt.time(2, 30), tzinfo=timezone.get_current_timezone())
    schedule_once(rollup_daily, run_after=night)
    return built


def schedule_refresh() -> bool:
    return schedule_once(refresh_rollup)
