"""Siting (maximal covering): known answers, bounds that hold, exact ≥ fast, determinism."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from maillage.territory.coverage import EARTH_RADIUS_KM, Demand, Places
from maillage.territory.siting import (
    SitingProblem,
    build_problem,
    lagrangian_value,
    lp_bound,
    solve_exact,
    solve_fast,
    uncovered_centres,
)

KM_PER_DEGREE = EARTH_RADIUS_KM * math.pi / 180


def on_line(km: float) -> tuple[float, float]:
    """A point `km` east of (0°, 0°) along the equator."""
    return 0.0, km / KM_PER_DEGREE


def demand_on_line(*points: tuple[str, float, int]) -> Demand:
    return Demand.from_records([(pid, *on_line(km), pop) for pid, km, pop in points])


def places_on_line(*points: tuple[str, float]) -> Places:
    return Places.from_rows([(pid, *on_line(km)) for pid, km in points])


NO_PLACES = Places.from_rows([])

# Greedy's trap: "a" covers the most (q, r, t = 7) but "b" + "c" together cover 12.
TRAP_DEMAND = demand_on_line(("p", 0, 3), ("q", 2, 3), ("t", 3, 1), ("r", 4, 3), ("s", 6, 3))
TRAP_CANDIDATES = places_on_line(("a", 3), ("b", 1), ("c", 5))


def brute_force(problem: SitingProblem, k: int) -> int:
    """Best coverage over every set of k candidates (tiny instances only)."""
    matrix, weights = problem.matrix.toarray() > 0, problem.weights
    best = 0.0
    for sites in itertools.combinations(range(matrix.shape[0]), k):
        best = max(best, float(weights[matrix[list(sites)].any(axis=0)].sum()))
    return problem.already_covered + round(best)


def test_one_site_goes_where_most_people_are() -> None:
    demand = demand_on_line(("village", 0, 100), ("town", 50, 5000), ("suburb", 53, 800))
    candidates = places_on_line(("x", 0), ("y", 51), ("z", 100))
    result = solve_fast(build_problem(demand, NO_PLACES, candidates, radius_km=5), 1)
    assert result.chosen == ("y",)
    assert result.population_covered == 5800
    assert result.upper_bound == 5800
    assert result.proven_optimal
    assert result.gap == 0.0


def test_existing_places_are_not_counted_again() -> None:
    demand = demand_on_line(("served", 0, 1000), ("left-out", 40, 200))
    candidates = places_on_line(("next-to-existing", 1), ("remote", 40))
    problem = build_problem(demand, places_on_line(("existing", 0)), candidates, radius_km=5)
    result = solve_fast(problem, 1)
    assert result.chosen == ("remote",)
    assert result.already_covered == 1000
    assert result.population_covered == 1200
    assert result.newly_covered == 200


def test_sites_that_cover_nobody_new_are_not_proposed() -> None:
    demand = demand_on_line(("a", 0, 10), ("b", 100, 10))
    candidates = places_on_line(("near-a", 1), ("also-near-a", 2), ("far", 300))
    for result in (
        solve_fast(build_problem(demand, NO_PLACES, candidates, 5), 3),
        solve_exact(build_problem(demand, NO_PLACES, candidates, 5), 3),
    ):
        assert result.chosen == ("also-near-a",)  # ties go to the smallest id
        assert result.population_covered == 10


def test_ties_go_to_the_smallest_id_whatever_the_input_order() -> None:
    demand = demand_on_line(("d", 0, 50))
    for order in (("zeta", "alpha", "mid"), ("mid", "zeta", "alpha")):
        candidates = places_on_line(*[(name, 0.5) for name in order])
        assert solve_fast(build_problem(demand, NO_PLACES, candidates, 5), 1).chosen == ("alpha",)


def test_swaps_escape_the_greedy_trap() -> None:
    problem = build_problem(TRAP_DEMAND, NO_PLACES, TRAP_CANDIDATES, radius_km=1.5)
    fast = solve_fast(problem, 2)
    exact = solve_exact(problem, 2)
    assert set(fast.chosen) == {"b", "c"} == set(exact.chosen)
    assert fast.population_covered == exact.population_covered == 12
    assert fast.upper_bound == 12


def test_chosen_sites_are_listed_by_contribution() -> None:
    demand = demand_on_line(("small", 0, 10), ("big", 50, 1000), ("medium", 100, 100))
    candidates = places_on_line(("s", 0), ("b", 50), ("m", 100))
    assert solve_exact(build_problem(demand, NO_PLACES, candidates, 5), 3).chosen == ("b", "m", "s")


def test_same_input_same_answer() -> None:
    rng = np.random.default_rng(7)
    demand = Demand(
        ids=tuple(f"d{i}" for i in range(400)),
        lat=rng.uniform(45, 47, 400),
        lon=rng.uniform(2, 5, 400),
        population=rng.integers(0, 5000, 400),
    )
    candidates = Places(ids=tuple(f"c{i}" for i in range(60)), lat=rng.uniform(45, 47, 60), lon=rng.uniform(2, 5, 60))
    first = solve_fast(build_problem(demand, NO_PLACES, candidates, 15), 8)
    again = solve_fast(build_problem(demand, NO_PLACES, candidates, 15), 8)
    assert (first.chosen, first.population_covered, first.upper_bound) == (
        again.chosen,
        again.population_covered,
        again.upper_bound,
    )


def test_default_candidates_are_the_uncovered_centres() -> None:
    demand = demand_on_line(("covered", 0, 10), ("open-1", 50, 10), ("open-2", 80, 10))
    assert uncovered_centres(demand, places_on_line(("p", 1)), 5).ids == ("open-1", "open-2")


def test_k_must_be_between_one_and_the_number_of_candidates() -> None:
    problem = build_problem(TRAP_DEMAND, NO_PLACES, TRAP_CANDIDATES, radius_km=1.5)
    with pytest.raises(ValueError, match="k doit"):
        solve_fast(problem, 4)
    with pytest.raises(ValueError, match="k doit"):
        solve_exact(problem, 0)


def test_exact_with_a_time_limit_still_reports_a_valid_answer() -> None:
    problem = build_problem(TRAP_DEMAND, NO_PLACES, TRAP_CANDIDATES, radius_km=1.5)
    result = solve_exact(problem, 2, time_limit=5.0)
    assert result.population_covered <= result.upper_bound
    assert result.population_covered == 12


coordinates = st.tuples(st.floats(45.0, 45.5), st.floats(3.0, 3.7))


@st.composite
def instances(draw: st.DrawFn) -> tuple[SitingProblem, int]:
    demand_rows = draw(st.lists(st.tuples(coordinates, st.integers(0, 1000)), min_size=1, max_size=30))
    candidate_rows = draw(st.lists(coordinates, min_size=1, max_size=10))
    existing_rows = draw(st.lists(coordinates, max_size=2))
    demand = Demand.from_records([(f"d{i}", lat, lon, pop) for i, ((lat, lon), pop) in enumerate(demand_rows)])
    candidates = Places.from_rows([(f"c{i}", lat, lon) for i, (lat, lon) in enumerate(candidate_rows)])
    existing = Places.from_rows([(f"e{i}", lat, lon) for i, (lat, lon) in enumerate(existing_rows)])
    radius = draw(st.floats(2.0, 20.0))
    k = draw(st.integers(1, min(4, len(candidates))))
    return build_problem(demand, existing, candidates, radius), k


@settings(max_examples=50, deadline=None)
@given(instances())
def test_exact_is_optimal_and_bounds_hold(instance: tuple[SitingProblem, int]) -> None:
    problem, k = instance
    optimum = brute_force(problem, k)
    fast, exact = solve_fast(problem, k), solve_exact(problem, k)
    assert exact.population_covered == optimum
    assert exact.population_covered >= fast.population_covered
    assert fast.population_covered <= optimum <= fast.upper_bound
    assert exact.upper_bound >= exact.population_covered
    assert 0.0 <= fast.gap <= 1.0
    assert len(fast.chosen) <= k
    assert len(set(fast.chosen)) == len(fast.chosen)


@settings(max_examples=50, deadline=None)
@given(instances(), st.lists(st.floats(0, 2000), min_size=30, max_size=30))
def test_lagrangian_and_lp_bounds_are_never_below_the_optimum(
    instance: tuple[SitingProblem, int], multipliers: list[float]
) -> None:
    problem, k = instance
    best_new = brute_force(problem, k) - problem.already_covered
    arbitrary = np.array(multipliers[: len(problem.weights)])
    assert lagrangian_value(problem, k, arbitrary) >= best_new - 1e-6
    assert lp_bound(problem, k) >= best_new - 1e-6
