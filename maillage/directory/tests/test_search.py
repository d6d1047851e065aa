"""The search function: distance order, need and partner filters, opening state, itinerant stops."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from maillage.directory.search import SearchQuery, search_places
from maillage.factories import OutreachStopFactory, PartnerFactory, PlaceFactory, commune
from maillage.lib.opening_hours import PARIS
from maillage.network import enums

pytestmark = pytest.mark.django_db

LYON = (45.7640, 4.8357)
MONDAY_10H = dt.datetime(2026, 11, 23, 10, 0, tzinfo=PARIS)
SUNDAY_10H = dt.datetime(2026, 11, 22, 10, 0, tzinfo=PARIS)


@pytest.fixture
def places() -> dict[str, Any]:
    caf = PartnerFactory(code="caf", name="CAF")
    lyon = commune("69123", *LYON)
    return {
        "near": PlaceFactory(name="Près", commune=lyon, postcode="69003", lat=45.7606, lon=4.8597, partners=[caf]),
        "mid": PlaceFactory(name="Moyen", lat=45.7719, lon=4.8902, services=[enums.Service.INTERNET_ACCESS]),
        "far": PlaceFactory(name="Loin", lat=45.4397, lon=4.3872, partners=[caf]),
        "hidden": PlaceFactory(name="Caché", lat=45.7600, lon=4.8350, is_published=False),
    }


def test_results_are_ordered_by_distance_within_radius(places: dict[str, Any]) -> None:
    results = search_places(SearchQuery(lat=LYON[0], lon=LYON[1], radius_km=30, at=MONDAY_10H))
    assert [r.place.name for r in results] == ["Près", "Moyen"]
    assert results[0].distance_km == pytest.approx(1.9, abs=0.3)
    assert (results[0].distance_km or 0) < (results[1].distance_km or 0)


def test_larger_radius_reaches_saint_etienne(places: dict[str, Any]) -> None:
    names = [r.place.name for r in search_places(SearchQuery(lat=LYON[0], lon=LYON[1], radius_km=60))]
    assert names[-1] == "Loin"


def test_need_and_partner_filters(places: dict[str, Any]) -> None:
    base = {"lat": LYON[0], "lon": LYON[1], "radius_km": 100}
    internet = search_places(SearchQuery(**base, services=(enums.Service.INTERNET_ACCESS,)))
    assert [r.place.name for r in internet] == ["Moyen"]
    caf = search_places(SearchQuery(**base, partner="caf"))
    assert [r.place.name for r in caf] == ["Près", "Loin"]


def test_open_now_filter_uses_paris_time(places: dict[str, Any]) -> None:
    base = {"lat": LYON[0], "lon": LYON[1], "radius_km": 30}
    assert len(search_places(SearchQuery(**base, open_now=True, at=MONDAY_10H))) == 2
    assert search_places(SearchQuery(**base, open_now=True, at=SUNDAY_10H)) == []
    result = search_places(SearchQuery(**base, at=SUNDAY_10H))[0]
    assert result.status is not None
    assert not result.status.is_open
    assert result.status.next_change == MONDAY_10H.replace(hour=9)


def test_itinerant_place_is_found_through_its_stop(db: Any) -> None:
    stop = OutreachStopFactory(place__name="Bus", place__lat=46.5, place__lon=3.0)
    results = search_places(SearchQuery(lat=stop.lat, lon=stop.lon, radius_km=5))
    assert [r.place.name for r in results] == ["Bus"]
    assert results[0].distance_km == pytest.approx(0, abs=0.01)


def test_stale_places_are_flagged(places: dict[str, Any]) -> None:
    type(places["near"]).objects.filter(pk=places["near"].pk).update(confirmed_at=MONDAY_10H - dt.timedelta(days=400))
    results = {
        r.place.name: r for r in search_places(SearchQuery(lat=LYON[0], lon=LYON[1], radius_km=30, at=MONDAY_10H))
    }
    assert results["Près"].stale
    assert not results["Moyen"].stale


def test_without_location_all_published_places_are_listed_by_name(places: dict[str, Any]) -> None:
    assert [r.place.name for r in search_places(SearchQuery())] == ["Loin", "Moyen", "Près"]
