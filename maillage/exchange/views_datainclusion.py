"""Public data·inclusion files: /donnees/data-inclusion/structures.json and services.json (no login).

The body is the bare list of rows data·inclusion reads; the licence travels in a `Link rel="license"`
header and the date of the newest update in `Last-Modified`.
"""

from __future__ import annotations

import calendar
import json

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from maillage.exchange import datainclusion


def _download(request: HttpRequest, what: str) -> HttpResponse:
    places = list(datainclusion.published_places())
    export = datainclusion.build(places, base_url=request.build_absolute_uri("/"))
    rows = export.structures if what == "structures" else export.services
    response = HttpResponse(json.dumps(rows, ensure_ascii=False), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{what}.json"'
    response["Link"] = f'<{datainclusion.LICENCE_URL}>; rel="license"; title="{datainclusion.LICENCE}"'
    day = datainclusion.last_modified(places)
    if day is not None:
        response["Last-Modified"] = http_date(calendar.timegm(day.timetuple()))
    return response


@login_not_required
@require_GET
def structures(request: HttpRequest) -> HttpResponse:
    return _download(request, "structures")


@login_not_required
@require_GET
def services(request: HttpRequest) -> HttpResponse:
    return _download(request, "services")
