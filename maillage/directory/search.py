"""Place search: one function for the public directory, the counter and the JSON API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import overload

from django.conf import settings
from django.db import connections
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

    @cached_property
    def partners(self) -> list[tuple[str, str]]:
        """(code, name) of the place's partners by name; `with_details` reads a whole page's at once."""
        return sorted(((p.code, p.name) for p in self.place.partners.all()), key=lambda p: (p[1], p[0]))

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


def _rows(query: SearchQuery, condition: Q) -> list[tuple[int, float | None, float | None]]:
    """(place id, lat, lon) of the matching places and their outreach stops in the query's box: a narrow
    read that the covering index `place_search_idx` answers alone."""
    south, west, north, east = geo.bounding_box(query.lat or 0.0, query.lon or 0.0, query.radius_km)
    box = Q(lat__gte=south, lat__lte=north, lon__gte=west, lon__lte=east)
    places = Place.objects.filter(condition, box).order_by().values_list("id", "lat", "lon")
    sql, params = places.query.sql_with_params()
    with connections[places.db].cursor() as cursor:  # thousands of rows in dense areas: no per-row ORM work
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    stops = list(OutreachStop.objects.filter(box).order_by().values_list("place_id", "lat", "lon"))
    if stops:  # the few stops in the box, then which of their places match (not every matching place)
        matching = set(Place.objects.filter(condition, id__in={s[0] for s in stops}).values_list("id", flat=True))
        rows += [stop for stop in stops if stop[0] in matching]
    return rows  # lat and lon are set: the box excludes NULL


def _nearest(query: SearchQuery, condition: Q) -> tuple[list[int], dict[int, float]]:
    """Matching places within the radius, nearest first (equal distances by id), and the distance to
    each (to the place or its nearest outreach stop)."""
    import numpy as np

    rows = _rows(query, condition)
    if not rows:
        return [], {}
    table = np.array(rows, dtype=np.float64)
    ids = table[:, 0].astype(np.int64)
    dist = geo.haversine_many_km(query.lat or 0.0, query.lon or 0.0, table[:, 1], table[:, 2])
    inside = dist <= query.radius_km
    ids, dist = ids[inside], dist[inside]
    order = np.lexsort((ids, dist))
    ids, dist = ids[order], dist[order]
    if len(np.unique(ids)) < len(ids):  # a place and its stops: keep the nearest
        first = np.sort(np.unique(ids, return_index=True)[1])
        ids, dist = ids[first], dist[first]
    nearest = ids.tolist()
    return nearest, dict(zip(nearest, dist.tolist(), strict=True))


def _python_filtered(query: SearchQuery, ids: list[int]) -> list[int]:
    """The ids (order kept) that pass the filters SQL cannot apply: hours and list fields. Only the
    columns those filters read are loaded, and each distinct hours text is evaluated once."""
    if not (query.open_now or query.open_saturday or query.free or query.public or query.accessible):
        return ids
    columns = ["id", "commune_id", "opening_hours", "fees", "publics", "specific_support"]
    columns += ["accessibility_notes", "accessibility_url"]
    statuses: dict[tuple[str, object], bool] = {}
    kept = set()
    for start in range(0, len(ids), 5000):
        for place in Place.objects.filter(id__in=ids[start : start + 5000]).only(*columns).order_by():
            if query.open_now:
                key = (place.opening_hours, place.calendar)
                if key not in statuses:
                    status = place.hours_status(query.at)
                    statuses[key] = bool(status and status.is_open)
                if not statuses[key]:
                    continue
            if _keep(query, place):
                kept.add(place.id)
    return [place_id for place_id in ids if place_id in kept]


class SearchResults(Sequence[SearchResult]):
    """The matching places in display order. Only ids and distances are held: the model objects
    (and their opening hours) are built for the slice that is shown, a page or an API answer."""

    def __init__(self, query: SearchQuery, ids: list[int], distances: dict[int, float]) -> None:
        self.query, self.ids, self.distances = query, ids, distances

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> SearchResult: ...

    @overload
    def __getitem__(self, index: slice) -> list[SearchResult]: ...

    def __getitem__(self, index: int | slice) -> SearchResult | list[SearchResult]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self.ids))
            if step != 1:
                return list(self)[index]
            return self._load(start, stop) if stop > start else []
        position = index + len(self.ids) if index < 0 else index
        if not 0 <= position < len(self.ids):
            raise IndexError(index)
        return self._load(position, position + 1)[0]

    def __iter__(self) -> Iterator[SearchResult]:
        for start in range(0, len(self.ids), 2000):
            yield from self._load(start, min(start + 2000, len(self.ids)))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    def _load(self, start: int, stop: int) -> list[SearchResult]:
        """Results `start` to `stop`: places at equal distance are ordered by name, so the read first
        widens to the whole run of ties at each end, then is cut back once sorted."""
        ids, distances = self.ids, self.distances
        first, last = start, stop
        if distances:
            while first > 0 and distances[ids[first - 1]] == distances[ids[start]]:
                first -= 1
            while last < len(ids) and distances[ids[last]] == distances[ids[stop - 1]]:
                last += 1
        chunk = ids[first:last]
        by_id = Place.objects.select_related("commune").in_bulk(chunk)
        places = [by_id[place_id] for place_id in chunk]
        if distances:
            places.sort(key=lambda p: (distances[p.id], p.name, p.id))
        stale_before = self.query.at - dt.timedelta(days=30 * settings.PLACE_CONFIRM_MONTHS)
        return [
            SearchResult(
                place=p, distance_km=distances.get(p.id), at=self.query.at, stale=p.confirmed_at < stale_before
            )
            for p in places[start - first : stop - first]
        ]


def with_details(results: Sequence[SearchResult]) -> Sequence[SearchResult]:
    """The results shown (a page, an API answer) with their partners read in one narrow query and their
    status computed once for each distinct hours text and calendar."""
    by_place: dict[int, list[tuple[str, str]]] = {r.place.id: [] for r in results}
    through = Place.partners.through.objects.filter(place_id__in=by_place)
    for place_id, code, name in through.values_list("place_id", "partner__code", "partner__name").order_by(
        "partner__name", "partner__code"
    ):
        by_place[place_id].append((code, name))
    statuses: dict[tuple[str, object, dt.datetime], Status | None] = {}
    for result in results:
        place = result.place
        key = (place.opening_hours, place.calendar, result.at)
        if key not in statuses:
            statuses[key] = place.hours_status(result.at)
        result.__dict__.update(partners=by_place[place.id], status=statuses[key])  # the cached properties
    return results


def search_places(query: SearchQuery) -> SearchResults:
    """Places matching the query, nearest first (alphabetical when no location is given)."""
    condition = _base_queryset(query)
    if query.located:
        ids, distances = _nearest(query, condition)
    else:
        distances = {}
        ordered = Place.objects.filter(condition).order_by("name", "id").values_list("id", flat=True)
        ids = list(dict.fromkeys(ordered))  # a partner filter joins: one row per matching partner
    return SearchResults(query, _python_filtered(query, ids), distances)


def default_radius_km() -> int:
    return int(settings.SEARCH_DEFAULT_RADIUS_KM)
