"""Public JSON API (django-ninja, OpenAPI 3.1 served locally at /api/v1/docs)."""

from __future__ import annotations

import datetime as dt
import uuid as uuid_lib
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import NinjaAPI, Query, Schema
from ninja.errors import Throttled
from ninja.errors import ValidationError as NinjaValidationError

from maillage.directory.search import MAX_RADIUS_KM, SearchQuery, SearchResult, search_places
from maillage.lib.geo import coordinates_error
from maillage.network.enums import Service
from maillage.network.models import Partner, Place
from maillage.ratelimit import TOO_MANY_DETAIL, SharedThrottle
from maillage.territory.models import Commune

THROTTLE = SharedThrottle("api", "API_RATE_LIMIT")  # per address, shared by every server process
api = NinjaAPI(
    title="Maillage — API publique",
    version="1.0.0",
    description="Lieux de médiation : recherche par besoin et par distance, fiche d'un lieu.",
    urls_namespace="api",
    throttle=[THROTTLE],
)


class ApiError(Exception):
    def __init__(self, message: str, field: str | None = None, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.field, self.status = message, field, status


class ErrorOut(Schema):
    detail: str
    field: str | None = None


class PlaceOut(Schema):
    id: uuid_lib.UUID
    name: str
    commune: str
    lat: float | None
    lon: float | None
    distance_km: float | None
    open_now: bool | None
    next_change: dt.datetime | None
    services: list[str]
    partners: list[str]


class SearchOut(Schema):
    count: int
    results: list[PlaceOut]


class PlaceDetailOut(PlaceOut):
    address: str
    postcode: str
    opening_hours: str
    phone: str
    website: str
    appointment_url: str
    itinerant: bool
    confirmed_at: dt.datetime


class SearchParams(Schema):
    lat: float | None = None
    lon: float | None = None
    commune: str | None = None
    radius_km: float = 30.0
    service: str | None = None
    partner: str | None = None
    open_now: bool = False
    limit: int = 20


@api.exception_handler(ApiError)
def api_error(request: HttpRequest, exc: ApiError) -> Any:
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=exc.status)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> Any:
    return api.create_response(request, {"detail": TOO_MANY_DETAIL, "field": None}, status=429)


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> Any:
    fields = [".".join(str(p) for p in e.get("loc", [])[1:]) for e in exc.errors]
    return api.create_response(
        request,
        {
            "detail": f"Paramètre invalide : {', '.join(f for f in fields if f) or 'requête'}.",
            "field": fields[0] if fields else None,
        },
        status=422,
    )


def _point(params: SearchParams) -> tuple[float | None, float | None]:
    if params.commune:
        commune = Commune.objects.resolve_code(params.commune)
        if commune is None:
            raise ApiError(f"Code commune inconnu : « {params.commune} ».", "commune")
        if not commune.has_centre:
            raise ApiError(f"La position de {commune.name} n'est pas connue.", "commune")
        return commune.lat, commune.lon
    if (params.lat is None) != (params.lon is None):
        raise ApiError("Donnez lat et lon ensemble, ou un code commune.", "lat")
    if params.lat is not None and params.lon is not None:
        error = coordinates_error(params.lat, params.lon)
        if error:
            raise ApiError(error, "lat")
    return params.lat, params.lon


def _validate(params: SearchParams) -> None:
    if not 0 < params.radius_km <= MAX_RADIUS_KM:
        raise ApiError(f"radius_km doit être compris entre 0 et {MAX_RADIUS_KM} km.", "radius_km")
    if not 1 <= params.limit <= 100:
        raise ApiError("limit doit être compris entre 1 et 100.", "limit")
    if params.service and params.service not in Service.values:
        raise ApiError(f"Service inconnu : « {params.service} ». Valeurs : {', '.join(Service.values)}.", "service")
    if params.partner and not Partner.objects.filter(code=params.partner, is_active=True).exists():
        raise ApiError(f"Partenaire inconnu : « {params.partner} ».", "partner")


def _out(result: SearchResult) -> dict[str, Any]:
    place = result.place
    status = result.status
    return {
        "id": place.uuid,
        "name": place.name,
        "commune": place.commune.name,
        "lat": place.lat,
        "lon": place.lon,
        "distance_km": round(result.distance_km, 2) if result.distance_km is not None else None,
        "open_now": status.is_open if status else None,
        "next_change": status.next_change if status else None,
        "services": list(place.services),
        "partners": [p.code for p in place.partners.all()],
    }


@api.get("/places/search", response={200: SearchOut, 400: ErrorOut, 422: ErrorOut}, summary="Rechercher des lieux")
def places_search(request: HttpRequest, params: Query[SearchParams]) -> Any:
    """Lieux publiés, du plus proche au plus lointain quand une position est donnée."""
    _validate(params)
    lat, lon = _point(params)
    results = search_places(
        SearchQuery(
            lat=lat,
            lon=lon,
            radius_km=params.radius_km,
            services=(params.service,) if params.service else (),
            partner=params.partner or None,
            open_now=params.open_now,
        )
    )
    shown = results[: params.limit]
    from django.db.models import prefetch_related_objects

    prefetch_related_objects([r.place for r in shown], "partners")
    return {"count": len(results), "results": [_out(r) for r in shown]}


@api.get("/places/{place_id}", response={200: PlaceDetailOut, 404: ErrorOut}, summary="Fiche d'un lieu")
def place_detail(request: HttpRequest, place_id: uuid_lib.UUID) -> Any:
    place = get_object_or_404(
        Place.objects.public().select_related("commune").prefetch_related("partners"), uuid=place_id
    )
    now = timezone.now()
    out = _out(SearchResult(place=place, distance_km=None, at=now, stale=False))
    status = place.hours_status(now)
    out.update(
        address=place.address,
        postcode=place.postcode,
        opening_hours=place.opening_hours,
        phone=place.phone,
        website=place.website,
        appointment_url=place.appointment_url,
        itinerant=place.is_itinerant,
        confirmed_at=place.confirmed_at,
        open_now=status.is_open if status else None,
    )
    return out
