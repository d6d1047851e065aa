"""Large PDF and XLSX exports of a report, built by the task worker, never by a web worker.

"Large": every PDF (WeasyPrint takes seconds: about 5 s for a 150-place network, 20 s for 600
structures), and an XLSX once places × months of the period reach REPORT_EXPORT_BACKGROUND_CELLS
(1,200 by default: 100 places over a year). CSV, JSON and smaller XLSX stay immediate downloads.
The job keeps the report form's parameters; the worker computes the report again with the rights
its author has then, renders it, and saves the file through Django's storage API. Files are kept
REPORT_EXPORT_DAYS days (the nightly task deletes older jobs and their files).
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal
from typing import Any

from django.conf import settings

from maillage.network.models import Partner, Place
from maillage.reports.compute import Report, build_report
from maillage.reports.models import ExportJob, ExportStatus
from maillage.reports.period import Period, PeriodError, parse_period
from maillage.reports.scope import Scope, ScopeError, partner_scope, resolve_scope, viewer_partner

logger = logging.getLogger(__name__)

FAILED = "La préparation du fichier a échoué. Réessayez ; si l'échec se répète, prévenez l'administration."
INTERRUPTED = "La préparation a été interrompue (service redémarré ou file d'attente arrêtée). Relancez-la."
WAITING = "En attente d'un processus de préparation…"


class ExportError(ValueError):
    """The report can no longer be computed for this user: the French message says why."""


def in_background(fmt: str, scope: Scope | None, period: Period) -> bool:
    if fmt == "pdf":
        return True
    if fmt != "xlsx" or scope is None:
        return False
    places = Place.objects.filter(scope.place_queryset()).count()
    return places * len(period.months()) >= settings.REPORT_EXPORT_BACKGROUND_CELLS


def start(user: Any, parameters: dict[str, Any], fmt: str) -> ExportJob:
    from maillage.reports.tasks import build_export

    job = ExportJob.objects.create(created_by=user, parameters=parameters, format=fmt, step=WAITING)
    build_export.enqueue(job.pk)
    return job


def report_for(user: Any, parameters: dict[str, Any], *, masked: bool = False) -> Report:
    """The report these form parameters describe, with the rights `user` has now (a partner viewer's
    is always masked); raises ExportError with a French message when it cannot be computed."""
    try:
        period = parse_period(parameters["period"])
        budget: dict[str, Any] = {"budget": Decimal(parameters["budget"]) if parameters.get("budget") else None}
        budget["key"] = parameters.get("key") or "requests"
        partner = viewer_partner(user)
        if partner is not None:
            return build_report(partner_scope(partner, period), period, partner=partner, masked=True, **budget)
        kind, _, ident = (parameters["scope"] or "").partition(":")
        scope = resolve_scope(kind, ident, user=user)
        code = parameters.get("partner")
        chosen = Partner.objects.filter(code=code).first() if code else None
        return build_report(scope, period, partner=chosen, masked=masked, **budget)
    except (PeriodError, ScopeError, KeyError) as error:
        raise ExportError(f"Ce rapport n'est plus disponible ({error}).") from None


def check_access(user: Any, parameters: dict[str, Any]) -> None:
    """Raise ExportError unless `user` may still read the report of these parameters."""
    if viewer_partner(user) is not None:
        return  # a partner viewer's scope is always its own partner's agreements
    kind, _, ident = (parameters.get("scope") or "").partition(":")
    try:
        resolve_scope(kind, ident, user=user)
    except ScopeError as error:
        raise ExportError(f"Ce rapport n'est plus disponible ({error}).") from None


def run(job: ExportJob) -> None:
    """Compute, render and save; every step is written on the job for its progress page."""
    from maillage.replica import reading_from_replica
    from maillage.reports.exports import filename, render

    job.advance(10, "Calcul des chiffres du rapport…")
    try:
        with reading_from_replica():  # the figures, like the report page; the job's progress stays on the primary
            report = report_for(job.created_by, job.parameters)
        job.advance(40, f"Mise en forme du fichier {job.format.upper()}…")
        content = render(report, job.format)
        job.advance(90, "Enregistrement du fichier…")
        job.finish(content, filename(report, job.format))
    except ExportError as error:
        job.fail(str(error))
    except Exception:
        logger.exception("Report export %s failed", job.pk)
        job.fail(FAILED)


def purge(now: dt.datetime) -> dict[str, int]:
    """Fail the jobs still unfinished after REPORT_EXPORT_TIMEOUT_HOURS; delete the jobs (and
    their files) older than REPORT_EXPORT_DAYS."""
    timeout = now - dt.timedelta(hours=settings.REPORT_EXPORT_TIMEOUT_HOURS)
    interrupted = ExportJob.objects.filter(
        status__in=[ExportStatus.PENDING, ExportStatus.RUNNING], created_at__lt=timeout
    ).update(status=ExportStatus.FAILED, step=INTERRUPTED, finished_at=now)
    old = ExportJob.objects.filter(created_at__lt=now - dt.timedelta(days=settings.REPORT_EXPORT_DAYS))
    deleted = 0
    for job in old.iterator():
        job.purge()
        deleted += 1
    return {"exports_interrupted": interrupted, "exports_deleted": deleted}
