"""Background work of the territory app (django-tasks, database backend)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from maillage.scheduling import schedule_once
from maillage.territory.analysis import Scope, siting
from maillage.territory.models import SitingRun

logger = logging.getLogger(__name__)


@task()
def run_siting(run_id: int) -> bool:
    """Compute a siting run; the task carries the run id only, the parameters are on the run."""
    run = SitingRun.objects.select_related("departement").filter(pk=run_id).first()
    if run is None or run.is_finished:
        return False
    scope = Scope(
        departement=run.departement,
        distance=run.distance,
        unit=run.unit,
        network_id=run.network_id,
        service=run.service,
        partner=run.partner,
    )
    try:
        result = siting(scope, run.sites, progress=run.set_progress)
    except Exception:
        logger.exception("Siting run %s failed", run.pk)
        run.fail("Le calcul a échoué. Réessayez ; si l'échec se répète, prévenez l'administration.")
        return False
    run.finish(result)
    return True


INTERRUPTED = "Le calcul a été interrompu (service redémarré ou file d'attente arrêtée). Relancez-le."


def run_daily(now: dt.datetime) -> dict[str, int]:
    """Fail the runs still waiting or running after SITING_RUN_TIMEOUT_HOURS, so their page stops
    saying "en cours", and delete the runs older than SITING_RUN_DAYS."""
    timeout = now - dt.timedelta(hours=settings.SITING_RUN_TIMEOUT_HOURS)
    interrupted = SitingRun.objects.interrupt_started_before(timeout, INTERRUPTED)
    deleted, _ = SitingRun.objects.filter(created_at__lt=now - dt.timedelta(days=settings.SITING_RUN_DAYS)).delete()
    return {"runs_interrupted": interrupted, "runs_deleted": deleted}


@task()
def territory_daily() -> dict[str, int]:
    """Runs every day: does the daily work, then books tomorrow's run."""
    counts = run_daily(timezone.now())
    schedule_once(territory_daily, run_after=timezone.now() + dt.timedelta(days=1))
    return counts
