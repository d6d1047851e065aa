"""Every call of the partner API is logged: which token (when one was recognised), path, status, time.

Answered and refused calls alike (401, 403, 429...), so a partner's integration problems and a
revoked token still in use both show. Rows older than PARTNER_API_LOG_RETENTION_DAYS are deleted by
the reports' nightly task (tasks.py); they hold no personal data beyond the token's owner.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from maillage.reports.models import ApiCall

PREFIX = "/api/v1/reports/"


class ApiCallLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        started = time.monotonic()
        response = self.get_response(request)
        ApiCall.objects.create(
            token=getattr(request, "api_token", None),
            method=request.method or "",
            path=request.get_full_path()[:500],
            status=response.status_code,
            duration_ms=round((time.monotonic() - started) * 1000),
        )
        return response


def purge_calls(now: dt.datetime | None = None) -> int:
    """Delete the calls older than the retention; returns how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.PARTNER_API_LOG_RETENTION_DAYS)
    deleted, _ = ApiCall.objects.filter(at__lt=cutoff).delete()
    return deleted
