"""Background work of the territory app (django-tasks, database backend)."""

from __future__ import annotations

import logging

from django_tasks import task

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
