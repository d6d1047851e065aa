"""Background work of the reports: (re)build the monthly roll-up, every night and after bulk changes;
build the large exports (export_jobs.py) and purge them past their retention."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django_tasks import task

from maillage.reports import export_jobs, rollup
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
    export_jobs.purge(timezone.now())  # exported files past their retention
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    night = dt.datetime.combine(tomorrow, dt.time(2, 30), tzinfo=timezone.get_current_timezone())
    schedule_once(rollup_daily, run_after=night)
    return built


@task()
def build_export(job_id: int) -> bool:
    """Build one large export; the task carries the job id only, the parameters are on the job."""
    from maillage.reports.models import ExportJob, ExportStatus

    job = ExportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return False
    export_jobs.run(job)
    return job.status == ExportStatus.DONE


def schedule_refresh() -> bool:
    return schedule_once(refresh_rollup)
