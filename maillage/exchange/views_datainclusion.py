"""Public data·inclusion files: /donnees/data-inclusion/structures.json and services.json (no login).

The body is the bare list of rows data·inclusion reads; the licence travels in a `Link rel="license"`
header and the date of the newest update in `Last-Modified`. Building and checking every row takes
about a second per thousand places, so both files are built together and kept in the shared cache
under a version that saving or deleting a place, a structure or a network replaces
(`cache_versions`); `CACHE_SECONDS` bounds bulk updates, which send no signal.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from maillage import cache_versions
from maillage.network.models import Network, Place, Structure

CACHE_SECONDS = 300
NAME = "datainclusion"
cache_versions.bump_on_change(NAME, Place, Structure, Network)


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
    files = cache_versions.cached(NAME, lambda: _files(base_url), timeout=CACHE_SECONDS, parts=(base_url,))
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
