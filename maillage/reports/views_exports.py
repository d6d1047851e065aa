"""The page of a large export built by the task worker: its progress (polled with htmx), then the file."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from maillage.reports.export_jobs import ExportError, check_access
from maillage.reports.exports import FORMATS
from maillage.reports.models import ExportJob, ExportStatus
from maillage.reports.views import _user


def _job(request: HttpRequest, uuid: str) -> ExportJob:
    """The user's own job only: another user's is a 404, whatever their role."""
    return get_object_or_404(ExportJob.objects.for_user(_user(request)), uuid=uuid)


@require_GET
def export(request: HttpRequest, uuid: str) -> HttpResponse:
    context = {"job": _job(request, uuid), "days": settings.REPORT_EXPORT_DAYS}
    return render(request, "reports/export.html", context)


@require_GET
def export_status(request: HttpRequest, uuid: str) -> HttpResponse:
    return render(request, "reports/_export_status.html", {"job": _job(request, uuid)})


@require_GET
def export_file(request: HttpRequest, uuid: str) -> HttpResponseBase:
    job = _job(request, uuid)
    if job.status != ExportStatus.DONE or not job.file:
        raise Http404("Ce fichier n'est pas (ou plus) disponible.")
    try:  # the author must still be allowed to read that report (scope withdrawn since: refused)
        check_access(request.user, job.parameters)
    except ExportError as error:
        return render(request, "reports/link_invalid.html", {"message": str(error)}, status=410)
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=FORMATS[job.format]
    )
