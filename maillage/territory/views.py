"""Territory pages for network coordinators and administrators: coverage, white zones, siting."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from maillage.lib.spreadsheet import CellValue, csv_text
from maillage.replica import reads_from_replica
from maillage.territory.analysis import DepartementCoverage, departement_coverage
from maillage.territory.forms import CoverageForm, SitingForm
from maillage.territory.models import SitingRun
from maillage.territory.tasks import run_siting

WHITE_ZONES_PER_PAGE = 25


def coordinators_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Network coordinators and administrators only (anonymous users go to login first)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user: Any = request.user
        if not user.can_study_territory:
            raise PermissionDenied("Réservé à la coordination de réseau et à l'administration.")
        return view(request, *args, **kwargs)

    return wrapped


def _map_settings() -> dict[str, str]:
    return {"tiles_url": settings.MAP_TILES_URL, "tiles_attribution": settings.MAP_TILES_ATTRIBUTION}


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@coordinators_only
@require_GET
@reads_from_replica
def coverage(request: HttpRequest) -> HttpResponse:
    form = CoverageForm(request.GET if "departement" in request.GET else None, user=request.user)
    result: DepartementCoverage | None = None
    page = None
    if form.is_bound and form.is_valid():
        result = departement_coverage(form.scope())
        page = Paginator(result.white_zones, WHITE_ZONES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "territory/coverage.html",
        {"form": form, "result": result, "page": page, "query": _query_without_page(request), **_map_settings()},
    )


def _result_or_400(request: HttpRequest) -> DepartementCoverage | HttpResponse:
    form = CoverageForm(request.GET, user=request.user)
    if not form.is_valid():
        errors = "; ".join(f"{name} : {' '.join(str(m) for m in messages)}" for name, messages in form.errors.items())
        return HttpResponseBadRequest(f"Paramètres invalides ({errors})", content_type="text/plain; charset=utf-8")
    return departement_coverage(form.scope())


def _filename(result: DepartementCoverage, extension: str) -> str:
    scope = result.scope
    unit = "km" if scope.unit == "km" else "min"
    return f"couverture-{scope.departement.code}-{scope.distance:g}{unit}.{extension}"


@coordinators_only
@require_GET
@reads_from_replica
def coverage_csv(request: HttpRequest) -> HttpResponse:
    result = _result_or_400(request)
    if isinstance(result, HttpResponse):
        return result
    rows: list[list[CellValue]] = [
        ["code_insee", "commune", "population", "canton", "latitude", "longitude", "distance_km", "couverte"]
    ]
    for row in result.communes:
        distance = "" if row.distance_km is None else f"{row.distance_km:.2f}".replace(".", ",")
        rows.append(
            [
                row.code,
                row.name,
                row.population,
                row.canton,
                row.lat,
                row.lon,
                distance,
                "oui" if row.covered else "non",
            ]
        )
    for commune in result.unlocated:  # counted in the total, but neither covered nor uncovered
        rows.append([commune.code, commune.name, commune.population, commune.canton, "", "", "", "position inconnue"])
    response = HttpResponse(csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(result, "csv")}"'
    return response


@coordinators_only
@require_GET
@reads_from_replica
def coverage_geojson(request: HttpRequest) -> HttpResponse:
    result = _result_or_400(request)
    if isinstance(result, HttpResponse):
        return result
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [row.lon, row.lat]},
            "properties": {
                "code": row.code,
                "name": row.name,
                "population": row.population,
                "canton": row.canton,
                "distance_km": None if row.distance_km is None else round(row.distance_km, 3),
                "covered": row.covered,
                "band": row.band,
            },
        }
        for row in result.communes
    ]
    features += [  # no centre: a feature without geometry (RFC 7946, 3.2), so every commune is listed
        {
            "type": "Feature",
            "geometry": None,
            "properties": {
                "code": commune.code,
                "name": commune.name,
                "population": commune.population,
                "canton": commune.canton,
                "distance_km": None,
                "covered": None,
                "band": "unlocated",
            },
        }
        for commune in result.unlocated
    ]
    body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/geo+json")
    if "download" in request.GET:
        response["Content-Disposition"] = f'attachment; filename="{_filename(result, "geojson")}"'
    return response


@coordinators_only
def siting(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else (request.GET if "departement" in request.GET else None)
    form = SitingForm(data, user=request.user)
    if request.method == "POST" and form.is_valid():
        scope = form.scope()
        user: Any = request.user
        run = SitingRun.objects.create(
            created_by=user,
            departement=scope.departement,
            network_id=scope.network_id,
            service=scope.service,
            partner=scope.partner,
            distance=scope.distance,
            unit=scope.unit,
            sites=form.cleaned_data["sites"],
            progress="En attente d'un processus de calcul…",
        )
        run_siting.enqueue(run.pk)
        return redirect("territory:siting_run", uuid=run.uuid)
    runs = SitingRun.objects.for_user(request.user).select_related("departement")[:10]
    return render(request, "territory/siting.html", {"form": form, "runs": runs})


def _run_context(run: SitingRun) -> dict[str, Any]:
    query = {
        "departement": run.departement_id,
        "distance": f"{run.distance:g}",
        "unit": run.unit,
        "service": run.service,
        "partner": run.partner,
    }
    if run.network is not None:
        query["network"] = str(run.network.uuid)
    return {
        "run": run,
        "geojson_url": reverse("territory:coverage_geojson") + "?" + urlencode(query),
        "again_url": reverse("territory:siting") + "?" + urlencode({**query, "sites": run.sites}),
    }


def _get_run(request: HttpRequest, uuid: str) -> SitingRun:
    queryset = SitingRun.objects.for_user(request.user).select_related("departement", "network")
    return get_object_or_404(queryset, uuid=uuid)


@coordinators_only
@require_GET
def siting_run(request: HttpRequest, uuid: str) -> HttpResponse:
    run = _get_run(request, uuid)
    return render(request, "territory/siting_run.html", {**_run_context(run), **_map_settings()})


@coordinators_only
@require_GET
def siting_run_status(request: HttpRequest, uuid: str) -> HttpResponse:
    run = _get_run(request, uuid)
    return render(request, "territory/_siting_status.html", {**_run_context(run), **_map_settings()})
