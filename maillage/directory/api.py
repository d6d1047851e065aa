"""Public JSON API (django-ninja, OpenAPI 3.1 served locally at /api/v1/docs).

Imported on the first call under /api/v1/ (maillage/api_urls.py), not when Django starts.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import uuid as uuid_lib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger
from ninja.throttling import BaseThrottle

from maillage.directory.search import MAX_RADIUS_KM, SearchQuery, SearchResult, search_places, with_details
from maillage.errors import API_DETAILS, api_error_body
from maillage.lib.geo import coordinates_error
from maillage.network.enums import Service
from maillage.network.models import Partner, Place
from maillage.ratelimit import check
from maillage.territory.models import Commune


class SharedThrottle(BaseThrottle):
    """django-ninja throttle backed by the shared counters (its own keeps a list per process)."""

    def __init__(self, scope: str, setting: str) -> None:
        self.scope, self.setting = scope, setting
        self._local = threading.local()

    def allow_request(self, request: HttpRequest) -> bool:
        verdict = check(request, self.scope, self.setting)
        self._local.retry_after = verdict.retry_after
        return verdict.allowed

    def wait(self) -> float | None:
        return getattr(self._local, "retry_after", None)


class LocalSwagger(Swagger):
    """Swagger UI from the files django-ninja ships, never a CDN.

    django-ninja renders its own template only when it is an installed app; it is not (settings.py:
    NINJA_DIR), so the template and its static files are on the paths settings give Django.
    """

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": json.dumps(self.settings, indent=1), "api": api, "add_csrf": False}
        return render(request, self.template, context)  # bearer tokens or no login: no CSRF token to send


THROTTLE = SharedThrottle("api", "API_RATE_LIMIT")  # per address, shared by every server process
api = NinjaAPI(
    title="Maillage — API publique",
    version="1.0.0",
    description="Lieux de médiation : recherche par besoin et par distance, fiche d'un lieu.",
    urls_namespace="api",
    throttle=[THROTTLE],
    docs=LocalSwagger(),
)


class ApiError(Exception):
    def __init__(self, message: str, field: str | None = None, status: int = 400) -> None:
        super().__init__(message)
        self.message, self.field, self.status = message, field, status


class ErrorOut(Schema):
    """Toute erreur de l'API : un message en français, et le paramètre en cause s'il y en a un."""

    detail: str = Field(description="Message d'erreur en français.", examples=[API_DETAILS[404]])
    field: str | None = Field(default=None, description="Paramètre en cause, s'il y en a un.", examples=["lat"])


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


# Why a parameter was refused, by pydantic error type (the rest: "valeur refusée").
_REASONS = {
    "float_parsing": "nombre attendu",
    "float_type": "nombre attendu",
    "finite_number": "nombre fini attendu",
    "int_parsing": "nombre entier attendu",
    "int_type": "nombre entier attendu",
    "int_from_float": "nombre entier attendu",
    "bool_parsing": "true ou false attendu",
    "bool_type": "true ou false attendu",
    "uuid_parsing": "identifiant UUID attendu",
    "uuid_type": "identifiant UUID attendu",
    "string_type": "texte attendu",
    "missing": "obligatoire",
}


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> Any:
    problems = []
    for error in exc.errors:
        name = ".".join(str(p) for p in error.get("loc", [])[1:]) or "requête"
        problems.append((name, _REASONS.get(str(error.get("type")), "valeur refusée")))
    detail = "Paramètre invalide : " + (", ".join(f"{n} ({r})" for n, r in problems) or "requête") + "."
    return api.create_response(request, api_error_body(422, detail, problems[0][0] if problems else None), status=422)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> Any:
    return api.create_response(request, api_error_body(404), status=404)


@api.exception_handler(Throttled)
def throttled(request: HttpRequest, exc: Throttled) -> Any:
    response = api.create_response(request, api_error_body(429), status=429)
    if exc.wait:
        response["Retry-After"] = str(int(exc.wait))
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> Any:
    return api.create_response(request, api_error_body(exc.status_code), status=exc.status_code)


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> Any:
    if settings.DEBUG:
        raise exc  # Django's debug page
    logging.getLogger("django.request").error("Internal Server Error: %s", request.path, exc_info=exc)
    return api.create_response(request, api_error_body(500), status=500)


def french_not_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """ninja answers a wrong method with an English text/plain 405: answer French JSON instead."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            french = api.create_response(request, api_error_body(405), status=405)
            french["Allow"] = response["Allow"]
            return french
        return response

    return wrapper


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
        "partners": [code for code, _name in result.partners],
    }


def _documented(**answers: tuple[str, dict[str, Any]]) -> dict[str, Any]:
    """OpenAPI extras: a French description and named examples for each error status (`e400=...`)."""
    responses: dict[int, Any] = {}
    for key, (description, examples) in answers.items():
        responses[int(key[1:])] = {
            "description": description,
            "content": {"application/json": {"examples": {name: {"value": v} for name, v in examples.items()}}},
        }
    return {"responses": responses}


_OUTSIDE_FRANCE = coordinates_error(51.5, -0.12)  # London: the message the API gives for it
_TOO_MANY = ("Trop de requêtes depuis cette adresse (limite par minute).", {"limite": api_error_body(429)})
_SEARCH_ERRORS = _documented(
    e400=(
        "Paramètre refusé : point hors de France, coordonnées impossibles, lat sans lon, rayon ou limite "
        "hors bornes, service, partenaire ou commune inconnus.",
        {
            "hors_de_france": api_error_body(400, _OUTSIDE_FRANCE, "lat"),
            "rayon": api_error_body(400, f"radius_km doit être compris entre 0 et {MAX_RADIUS_KM} km.", "radius_km"),
        },
    ),
    e422=(
        "Paramètre mal formé : un nombre, un entier ou un booléen attendu n'a pas pu être lu.",
        {"lat_illisible": api_error_body(422, "Paramètre invalide : lat (nombre attendu).", "lat")},
    ),
    e429=_TOO_MANY,
)
_DETAIL_ERRORS = _documented(
    e404=("Aucun lieu publié ne porte cet identifiant.", {"introuvable": api_error_body(404)}),
    e422=(
        "Identifiant mal formé : un UUID est attendu.",
        {
            "uuid_illisible": api_error_body(
                422, "Paramètre invalide : place_id (identifiant UUID attendu).", "place_id"
            )
        },
    ),
    e429=_TOO_MANY,
)


@api.get(
    "/places/search",
    response={200: SearchOut, 400: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Rechercher des lieux",
    openapi_extra=_SEARCH_ERRORS,
)
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
    shown = with_details(results[: params.limit])
    return {"count": len(results), "results": [_out(r) for r in shown]}


@api.get(
    "/places/{place_id}",
    response={200: PlaceDetailOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Fiche d'un lieu",
    openapi_extra=_DETAIL_ERRORS,
)
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


from maillage.reports.api import mount  # noqa: E402  (the partner API reads this module)

mount(api)
