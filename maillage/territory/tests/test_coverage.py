"""The coverage engine on hand-made cases with known answers, properties, and the real files."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.lib.geo import haversine_km
from maillage.territory.coverage import (
    EARTH_RADIUS_KM,
    Demand,
    EstimatedRouter,
    FloatArray,
    Places,
    aggregate,
    cantons_without_place,
    compute_coverage,
    compute_coverage_minutes,
    coverage_matrix,
    great_circle_km,
    keys_of_nearest_demand,
    sole_coverage,
    what_if,
)

KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180  # along a meridian


def north_of(lat: float, km: float) -> float:
    return lat + km / KM_PER_DEGREE


def line_demand(*points: tuple[str, float, int]) -> Demand:
    """Demand points on the meridian 2°E, `km` north of 48°N."""
    return Demand.from_records([(pid, north_of(48.0, km), 2.0, pop) for pid, km, pop in points])


def line_places(*points: tuple[str, float]) -> Places:
    return Places.from_rows([(pid, north_of(48.0, km), 2.0) for pid, km in points])


NO_PLACES = Places.from_rows([])


def test_one_degree_of_latitude_is_111_km() -> None:
    km = great_circle_km(np.array([45.0]), np.array([3.0]), np.array([46.0]), np.array([3.0]))
    assert km[0] == pytest.approx(111.195, abs=1e-3)


@settings(max_examples=50, deadline=None)
@given(
    st.floats(-89, 89),
    st.floats(-180, 180),
    st.floats(-89, 89),
    st.floats(-180, 180),
)
def test_great_circle_matches_the_haversine_helper(lat1: float, lon1: float, lat2: float, lon2: float) -> None:
    km = great_circle_km(np.array([lat1]), np.array([lon1]), np.array([lat2]), np.array([lon2]))[0]
    assert km == pytest.approx(haversine_km(lat1, lon1, lat2, lon2), abs=1e-6)


def test_coverage_counts_population_within_the_radius() -> None:
    demand = line_demand(("a", 0, 100), ("b", 11, 50), ("c", 111, 10))
    coverage = compute_coverage(demand, line_places(("p1", 0)), radius_km=12)
    assert coverage.covered.tolist() == [True, True, False]
    assert coverage.population_total == 160
    assert coverage.population_covered == 150
    assert coverage.share == pytest.approx(150 / 160)
    assert coverage.nearest_km == pytest.approx([0, 11, 111], abs=1e-6)
    assert [coverage.nearest_place_id(i) for i in range(3)] == ["p1", "p1", "p1"]


def test_nearest_place_is_the_closest_one() -> None:
    demand = line_demand(("a", 0, 1), ("b", 30, 1), ("c", 60, 1))
    coverage = compute_coverage(demand, line_places(("south", -5), ("north", 50)), radius_km=20)
    assert [coverage.nearest_place_id(i) for i in range(3)] == ["south", "north", "north"]
    assert coverage.nearest_km == pytest.approx([5, 20, 10], abs=1e-6)
    assert coverage.covered.tolist() == [True, False, True]


def test_without_any_place_nobody_is_covered() -> None:
    coverage = compute_coverage(line_demand(("a", 0, 10), ("b", 5, 20)), NO_PLACES, radius_km=50)
    assert coverage.population_covered == 0
    assert coverage.nearest_place_id(0) is None
    assert np.isinf(coverage.nearest_km).all()
    assert [gap.id for gap in coverage.uncovered()] == ["b", "a"]


def test_white_zones_list_uncovered_points_most_populated_first() -> None:
    demand = line_demand(("near", 1, 500), ("far-small", 40, 10), ("far-big", 60, 900), ("far-tie", 80, 10))
    gaps = compute_coverage(demand, line_places(("p", 0)), radius_km=10).uncovered()
    assert [(gap.id, gap.population) for gap in gaps] == [("far-big", 900), ("far-small", 10), ("far-tie", 10)]
    assert gaps[0].nearest_place_id == "p"
    assert gaps[0].nearest_km == pytest.approx(60, abs=1e-6)


def test_aggregates_per_area_key() -> None:
    demand = line_demand(("a", 0, 100), ("b", 5, 50), ("c", 100, 30), ("d", 105, 20))
    coverage = compute_coverage(demand, line_places(("p", 0)), radius_km=10)
    areas = aggregate(coverage, ["canton-1", "canton-1", "canton-2", "canton-1"])
    assert areas["canton-1"].population == 170
    assert areas["canton-1"].population_covered == 150
    assert areas["canton-1"].uncovered_points == 1
    assert areas["canton-1"].share == pytest.approx(150 / 170)
    assert areas["canton-2"].population_covered == 0
    assert areas["canton-2"].demand_points == 1


def test_cantons_without_place() -> None:
    demand = line_demand(("a", 0, 1), ("b", 50, 1), ("c", 100, 1))
    cantons = ["0101", "0102", "0103"]
    place_cantons = keys_of_nearest_demand(line_places(("p", 2), ("q", 98)), demand, cantons)
    assert place_cantons == ["0101", "0103"]
    assert cantons_without_place(cantons, place_cantons) == ["0102"]


def test_sole_coverage_is_what_closing_a_place_would_lose() -> None:
    demand = line_demand(("shared", 5, 100), ("only-p", -8, 40), ("only-q", 18, 7), ("nobody", 60, 1000))
    places = line_places(("p", 0), ("q", 10))
    assert sole_coverage(demand, places, radius_km=9) == {"p": 40, "q": 7}
    closing_p = what_if(demand, places, radius_km=9, remove=["p"])
    assert closing_p.delta == -40
    assert closing_p.newly_uncovered == ("only-p",)


def test_what_if_add_and_move_report_the_delta() -> None:
    demand = line_demand(("a", 0, 100), ("b", 50, 30), ("c", 100, 20))
    places = line_places(("p", 0))
    added = what_if(demand, places, radius_km=10, add=line_places(("new", 52)))
    assert (added.population_covered_before, added.population_covered_after, added.delta) == (100, 130, 30)
    assert added.newly_covered == ("b",)
    assert added.share_after == pytest.approx(130 / 150)
    moved = what_if(demand, places, radius_km=10, move={"p": (north_of(48.0, 99), 2.0)})
    assert moved.delta == -80
    assert moved.newly_covered == ("c",)
    assert moved.newly_uncovered == ("a",)
    with pytest.raises(KeyError):
        what_if(demand, places, radius_km=10, remove=["unknown"])


def test_estimated_travel_time_uses_detour_and_speed() -> None:
    router = EstimatedRouter()  # detour 1.3, 50 km/h: 30 minutes reach 19.23 km in a straight line
    assert router.max_straight_km(30) == pytest.approx(19.2308, abs=1e-4)
    demand = line_demand(("in", 19, 10), ("out", 19.5, 10))
    coverage = compute_coverage_minutes(demand, line_places(("p", 0)), 30, router)
    assert coverage.covered.tolist() == [True, False]
    minutes = router.minutes(demand.lat[:1], demand.lon[:1], np.array([48.0]), np.array([2.0]))
    assert minutes[0] == pytest.approx(19 * 1.3 / 50 * 60, rel=1e-6)


class RiverRouter:
    """A road router stand-in: crossing north of 48.1°N costs a 20-minute detour (a bridge)."""

    def minutes(self, from_lat: FloatArray, from_lon: FloatArray, to_lat: FloatArray, to_lon: FloatArray) -> FloatArray:
        crossing = (from_lat > 48.1) != (to_lat > 48.1)
        result: FloatArray = great_circle_km(from_lat, from_lon, to_lat, to_lon) + np.where(crossing, 20.0, 0.0)
        return result

    def max_straight_km(self, minutes: float) -> float:
        return minutes  # at least one minute per km


def test_a_road_router_plugs_in_and_changes_the_nearest_place() -> None:
    demand = line_demand(("across", 13, 5))  # 13 km from p (across the river), 15 km from q (same bank)
    places = line_places(("p", 0), ("q", 28))
    straight = compute_coverage(demand, places, radius_km=25)
    by_road = compute_coverage_minutes(demand, places, 25, RiverRouter())
    assert straight.nearest_place_id(0) == "p"
    assert by_road.nearest_place_id(0) == "q"
    assert by_road.covered.tolist() == [True]
    assert compute_coverage_minutes(demand, places, 14, RiverRouter()).covered.tolist() == [False]


points = st.tuples(st.floats(43, 50), st.floats(-2, 8))


@settings(max_examples=50, deadline=None)
@given(
    st.lists(st.tuples(points, st.integers(0, 10_000)), min_size=1, max_size=30),
    st.lists(points, max_size=8),
    points,
    st.floats(1, 200),
)
def test_adding_a_place_never_lowers_coverage(
    demand_rows: list[tuple[tuple[float, float], int]],
    place_rows: list[tuple[float, float]],
    extra: tuple[float, float],
    radius_km: float,
) -> None:
    demand = Demand.from_records([(f"d{i}", lat, lon, pop) for i, ((lat, lon), pop) in enumerate(demand_rows)])
    places = Places.from_rows([(f"p{i}", lat, lon) for i, (lat, lon) in enumerate(place_rows)])
    change = what_if(demand, places, radius_km, add=Places.from_rows([("extra", *extra)]))
    assert change.population_covered_after >= change.population_covered_before
    assert change.newly_uncovered == ()


@settings(max_examples=50, deadline=None)
@given(st.lists(points, min_size=1, max_size=25), st.lists(points, min_size=1, max_size=8), st.floats(1, 300))
def test_coverage_agrees_with_brute_force_haversine(
    demand_points: list[tuple[float, float]], place_points: list[tuple[float, float]], radius_km: float
) -> None:
    demand = Demand.from_records([(f"d{i}", lat, lon, 1) for i, (lat, lon) in enumerate(demand_points)])
    places = Places.from_rows([(f"p{i}", lat, lon) for i, (lat, lon) in enumerate(place_points)])
    coverage = compute_coverage(demand, places, radius_km)
    matrix = coverage_matrix(places, demand, radius_km).toarray()
    for i, (lat, lon) in enumerate(demand_points):
        distances = [haversine_km(lat, lon, plat, plon) for plat, plon in place_points]
        assert coverage.nearest_km[i] == pytest.approx(min(distances), abs=1e-6)
        for j, distance in enumerate(distances):
            if abs(distance - radius_km) > 1e-6:  # exactly on the circle, rounding decides
                assert matrix[j, i] == (distance <= radius_km)
        if abs(min(distances) - radius_km) > 1e-6:
            assert coverage.covered[i] == (min(distances) <= radius_km)


def test_national_coverage_matches_the_reference_figures(shared_data: Path) -> None:
    """Figures measured on the shared files and quoted in the domain README."""
    communes_csv = shared_data / "communes.csv"
    sites_csv = shared_data / "france-services-2024-08-01.csv"
    rows, canton_of = [], {}
    with communes_csv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            canton_of[row["code"]] = row["canton"]
            if row["lat"] and row["lon"]:
                rows.append(row)
    demand = Demand.from_records([(r["code"], float(r["lat"]), float(r["lon"]), int(r["population"])) for r in rows])
    with sites_csv.open(encoding="utf-8") as handle:
        sites = [r for r in csv.DictReader(handle) if r["latitude"] and r["longitude"]]
    places = Places.from_rows([(r["id_fs"], float(r["latitude"]), float(r["longitude"])) for r in sites])
    assert (len(demand), len(places)) == (34_870, 2_845)
    zones = ["metro" if r["zone"] == "metro" else "other" for r in rows]
    assert aggregate(compute_coverage(demand, places, 10), zones)["metro"].share == pytest.approx(0.936, abs=5e-4)
    assert aggregate(compute_coverage(demand, places, 20), zones)["metro"].share == pytest.approx(0.999, abs=5e-4)
    cantons = {c for c in canton_of.values() if c}
    missing = cantons_without_place(cantons, [canton_of.get(r["insee_com"], "") for r in sites])
    assert (len(cantons), len(cantons) - len(missing)) == (2_042, 1_593)
