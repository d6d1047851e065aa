"""Place search: one function for the public directory (and later the counter and the API)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from maillage.lib import geo
from maillage.lib.opening_hours import Status, status_at
from maillage.network.models import OutreachStop, Place

MAX_RADIUS_KM = 200
STALE_AFTER = dt.timedelta(days=183)


@dataclass(frozen=True)
class SearchQuery:
    lat: float | None = None
    lon: float | None = None
    radius_km: float = 30.0
    services: tuple[str, ...] = ()
    partner: str | None = None
    open_now: bool = False
    at: dt.datetime = field(default_factory=timezone.now)

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
        return status_at(self.place.opening_hours, self.at)


def _base_queryset(query: SearchQuery) -> Q:
    condition = Q(is_published=True)
    for service in query.services:
        condition &= Q(services_index__contains=f"|{service}|")
    if query.partner:
        condition &= Q(partners__code=query.partner)
    return condition


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
    stale_before = query.at - STALE_AFTER
    for place in selected:
        result = SearchResult(
            place=place,
            distance_km=distances.get(place.id),
            at=query.at,
            stale=place.confirmed_at < stale_before,
        )
        if query.open_now and not (result.status and result.status.is_open):
            continue
        results.append(result)
    return results


def default_radius_km() -> int:
    return int(settings.SEARCH_DEFAULT_RADIUS_KM)
