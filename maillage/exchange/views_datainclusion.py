"""Public data·inclusion files: /donnees/data-inclusion/structures.json and services.json (no login).

The body is the bare list of rows data·inclusion reads; the licence travels in a `Link rel="license"`
header and the date of the newest update in `Last-Modified`. Building and checking every row takes
about a second per thousand places, so both files are built together and kept in the shared cache
for `CACHE_SECONDS`: a change reaches the files within that delay.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json

from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date
from django.views.decorators.http import require_GET

CACHE_SECONDS = 300


def _files(base_url: str) -> dict[str, str]:
    from maillage.exchange import datainclusion  # its data·inclusion schema (pydantic models) loads on use

    places = list(datainclusion.published_places())
    export = datainclusion.build(places, base_url=base_url)
    day = datainclusion.last_modified(places)
    return {
        "structures": json.dumps(export.structures, ensure_ascii=False),
        "services": json.dumps(export.services, ensure_ascii=False),
        "date": day.isoformat() if day else "",
    }


def _download(request: HttpRequest, what: str) -> HttpResponse:
    from maillage.exchange import datainclusion  # its data·inclusion schema (pydantic models) loads on use

    base_url = request.build_absolute_uri("/")
    cache, key = caches["shared"], f"datainclusion:{base_url}"
    files = cache.get(key)
    if files is None:
        files = _files(base_url)
        cache.set(key, files, CACHE_SECONDS)
    response = HttpResponse(files[what], content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{what}.json"'
    response["Link"] = f'<{datainclusion.LICENCE_URL}>; rel="license"; title="{datainclusion.LICENCE}"'
    if files["date"]:
        day = dt.date.fromisoformat(files["date"])
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
