"""The place search as it was before the national directory work (main at 10d41b7), kept as the
"avant" peer of bench_search.py: every place within the radius is loaded as a model object."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from maillage.lib import geo
from maillage.lib.opening_hours import Status
from maillage.network.enums import Fees
from maillage.network.models import OutreachStop, Partner, Place

MAX_RADIUS_KM = 200


@dataclass(frozen=True)
class SearchQuery:
    lat: float | None = None
    lon: float | None = None
    radius_km: float = 30.0
    services: tuple[str, ...] = ()
    partner: str | None = None
    domain: str | None = None
    open_now: bool = False
    open_saturday: bool = False
    free: bool = False
    online_appointment: bool = False
    language: str | None = None
    accessible: bool = False
    public: str | None = None
    at: dt.datetime = field(default_factory=lambda: timezone.now())

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass
class SearchResult:
    place: Place
    distance_km: float | None
    at: dt.datetime
    stale: bool

    @cached_property
    def status(self) -> Status | None:
        """Open now and next change, computed only for results that are shown."""
        return self.place.hours_status(self.at)

    @property
    def status_text(self) -> str:
        """The status tag as one French line ("Fermé · ouvre lundi à 9 h"), for map popups."""
        status = self.status
        if status is None:
            return "Horaires non renseignés"
        if status.comment or status.unknown or not status.change_text:
            return status.label
        return f"{'Ouvert maintenant' if status.is_open else 'Fermé'} · {status.change_text.lower()}"


def _base_queryset(query: SearchQuery) -> Q:
    condition = Q(is_published=True)
    for service in query.services:
        condition &= Q(services_index__contains=f"|{service}|")
    if query.partner:
        condition &= Q(partners__code=query.partner)
    if query.domain:
        codes = [code for code, domains in Partner.objects.values_list("code", "domains") if query.domain in domains]
        condition &= Q(partners__code__in=codes)
    if query.online_appointment:
        condition &= ~Q(appointment_url="")
    if query.language:
        condition &= Q(languages_index__contains=f"|{query.language}|")
    return condition


def _opens_on_saturday(place: Place, at: dt.datetime) -> bool:
    return any(day.day.weekday() == 5 and day.slots for day in place.hours_week(at))


def _keep(query: SearchQuery, place: Place) -> bool:
    """Filters on list fields and hours, applied in Python to the places already selected."""
    if query.free and Fees.FREE not in place.fees:
        return False
    if query.public and query.public not in place.publics:
        return False
    if query.accessible and not (place.specific_support or place.accessibility_notes or place.accessibility_url):
        return False
    return not (query.open_saturday and not _opens_on_saturday(place, query.at))


def _distances(query: SearchQuery, condition: Q) -> dict[int, float]:
    """Distance from the query point to each matching place (or its nearest outreach stop)."""
    if query.lat is None or query.lon is None:
        return {}
    south, west, north, east = geo.bounding_box(query.lat, query.lon, query.radius_km)
    box = Q(lat__gte=south, lat__lte=north, lon__gte=west, lon__lte=east)
    rows = list(Place.objects.filter(condition, box).values_list("id", "lat", "lon").distinct())
    rows += list(
        OutreachStop.objects.filter(box, place__in=Place.objects.filter(condition)).values_list(
            "place_id", "lat", "lon"
        )
    )
    if not rows:
        return {}
    ids = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    lats = np.fromiter((r[1] for r in rows), dtype=np.float64, count=len(rows))
    lons = np.fromiter((r[2] for r in rows), dtype=np.float64, count=len(rows))
    dist = geo.haversine_many_km(query.lat, query.lon, lats, lons)
    best: dict[int, float] = {}
    for place_id, d in zip(ids.tolist(), dist.tolist(), strict=True):
        if d <= query.radius_km and d < best.get(place_id, float("inf")):
            best[place_id] = d
    return best


def search_places(query: SearchQuery) -> list[SearchResult]:
    """Places matching the query, nearest first (alphabetical when no location is given)."""
    condition = _base_queryset(query)
    places = Place.objects.select_related("commune")
    if query.located:
        distances = _distances(query, condition)
        selected = list(places.filter(id__in=list(distances)))
        selected.sort(key=lambda p: (distances[p.id], p.name))
    else:
        distances = {}
        selected = list(places.filter(condition).distinct().order_by("name"))
    results = []
    stale_before = query.at - dt.timedelta(days=30 * settings.PLACE_CONFIRM_MONTHS)
    for place in selected:
        result = SearchResult(
            place=place,
            distance_km=distances.get(place.id),
            at=query.at,
            stale=place.confirmed_at < stale_before,
        )
        if query.open_now and not (result.status and result.status.is_open):
            continue
        if not _keep(query, place):
            continue
        results.append(result)
    return results


def default_radius_km() -> int:
    return int(settings.SEARCH_DEFAULT_RADIUS_KM)
