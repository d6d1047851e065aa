"""Territorial coverage engine: who lives within reach of a place (pure Python + numpy).

Points are placed on the unit sphere (3D vectors): the straight chord between two points is
2·sin(d / 2R) for a great-circle distance d, a monotonic function, so "within d km" becomes
"within that chord" and nearest-neighbour queries stay exact. Nearest places come from
`neighbours.py` (numpy only, so `maillage coverage` does not wait for scipy to load); the pairs
within a radius, for siting and travel times, from scipy's k-d tree, imported there.

No Django import here: the same functions serve the web views, the commands and the benchmarks.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np
import numpy.typing as npt

from maillage.territory.neighbours import nearest

if TYPE_CHECKING:
    from scipy import sparse

EARTH_RADIUS_KM = 6371.0088

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True, eq=False)
class Places:
    """Places (or candidate sites): ids are strings, coordinates in degrees (WGS 84)."""

    ids: tuple[str, ...]
    lat: FloatArray
    lon: FloatArray

    def __post_init__(self) -> None:
        if not len(self.ids) == len(self.lat) == len(self.lon):
            raise ValueError("ids, lat et lon doivent avoir la même longueur.")
        if len(set(self.ids)) != len(self.ids):
            raise ValueError("Les identifiants doivent être uniques.")

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, float, float]]) -> Places:
        items = list(rows)
        return cls(
            ids=tuple(str(r[0]) for r in items),
            lat=np.array([r[1] for r in items], dtype=np.float64),
            lon=np.array([r[2] for r in items], dtype=np.float64),
        )


@dataclass(frozen=True, eq=False)
class Demand(Places):
    """Demand points (usually commune centres) with the population they stand for."""

    population: IntArray

    def __post_init__(self) -> None:
        super().__post_init__()
        if len(self.population) != len(self.ids):
            raise ValueError("population doit avoir la même longueur que ids.")
        if len(self.population) and int(self.population.min()) < 0:
            raise ValueError("La population ne peut pas être négative.")

    @classmethod
    def from_records(cls, rows: Iterable[tuple[str, float, float, int]]) -> Demand:
        items = list(rows)
        return cls(
            ids=tuple(str(r[0]) for r in items),
            lat=np.array([r[1] for r in items], dtype=np.float64),
            lon=np.array([r[2] for r in items], dtype=np.float64),
            population=np.array([r[3] for r in items], dtype=np.int64),
        )


# --- geometry ---------------------------------------------------------------------------------


def unit_vectors(lat: FloatArray, lon: FloatArray) -> FloatArray:
    """(n, 3) array of points on the unit sphere."""
    phi, lam = np.radians(lat), np.radians(lon)
    cos_phi = np.cos(phi)
    return np.column_stack([cos_phi * np.cos(lam), cos_phi * np.sin(lam), np.sin(phi)])


def chord_for_km(km: float) -> float:
    """Chord on the unit sphere for a great-circle distance (capped at the antipode)."""
    return 2.0 * math.sin(min(km / EARTH_RADIUS_KM, math.pi) / 2.0)


def km_for_chord(chord: FloatArray) -> FloatArray:
    """Great-circle distance in km for chords on the unit sphere (inf, "no place", stays inf)."""
    chord = np.asarray(chord, dtype=np.float64)
    finite = np.isfinite(chord)
    result: FloatArray = np.full(chord.shape, np.inf)
    result[finite] = 2.0 * EARTH_RADIUS_KM * np.arcsin(np.minimum(chord[finite] / 2, 1.0))
    return result


def great_circle_km(lat1: FloatArray, lon1: FloatArray, lat2: FloatArray, lon2: FloatArray) -> FloatArray:
    """Element-wise great-circle distances (km) between two aligned arrays of points."""
    chord = np.linalg.norm(unit_vectors(lat1, lon1) - unit_vectors(lat2, lon2), axis=1)
    return km_for_chord(chord)


def coverage_matrix(sites: Places, demand: Places, radius_km: float) -> sparse.csr_matrix:
    """Sparse boolean (sites × demand) matrix: True where the demand point is within the radius.

    Built from the k-d trees' pair search, never as a dense matrix.
    """
    from scipy import sparse
    from scipy.spatial import cKDTree

    shape = (len(sites), len(demand))
    if not len(sites) or not len(demand):
        return sparse.csr_matrix(shape, dtype=np.bool_)
    site_tree = cKDTree(unit_vectors(sites.lat, sites.lon))
    demand_tree = cKDTree(unit_vectors(demand.lat, demand.lon))
    pairs = site_tree.sparse_distance_matrix(demand_tree, chord_for_km(radius_km), output_type="ndarray")
    data = np.ones(len(pairs), dtype=np.bool_)
    return sparse.csr_matrix((data, (pairs["i"], pairs["j"])), shape=shape)


# --- travel time ------------------------------------------------------------------------------


class Router(Protocol):
    """Travel times between aligned pairs of points; a road router can implement this later."""

    def minutes(self, from_lat: FloatArray, from_lon: FloatArray, to_lat: FloatArray, to_lon: FloatArray) -> FloatArray:
        """Minutes from each `from` point to the `to` point at the same position."""
        ...

    def max_straight_km(self, minutes: float) -> float:
        """Straight-line distance beyond which no trip can last `minutes` or less (prefilter)."""
        ...


@dataclass(frozen=True)
class EstimatedRouter:
    """Travel time estimated from the straight-line distance.

    The road distance is the great-circle distance times `detour` (1.3 is the usual ratio for
    French secondary roads) and is driven at `speed_kmh` (50 km/h, a mixed urban and rural
    average). With these defaults 30 minutes reach about 19.2 km in a straight line.
    """

    detour: float = 1.3
    speed_kmh: float = 50.0

    def __post_init__(self) -> None:
        if not self.detour >= 1.0:
            raise ValueError("Le facteur de détour doit être au moins 1.")
        if not self.speed_kmh > 0:
            raise ValueError("La vitesse doit être positive.")

    def minutes(self, from_lat: FloatArray, from_lon: FloatArray, to_lat: FloatArray, to_lon: FloatArray) -> FloatArray:
        result: FloatArray = great_circle_km(from_lat, from_lon, to_lat, to_lon) * self.detour / self.speed_kmh * 60
        return result

    def max_straight_km(self, minutes: float) -> float:
        return minutes / 60.0 * self.speed_kmh / self.detour


# --- coverage ---------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Coverage:
    """Nearest place for each demand point and who is within reach."""

    demand: Demand
    places: Places
    radius_km: float
    nearest: IntArray  # index into places, -1 when there is no place at all
    nearest_km: FloatArray  # inf when there is no place
    covered: BoolArray

    @property
    def population_total(self) -> int:
        return int(self.demand.population.sum())

    @property
    def population_covered(self) -> int:
        return int(self.demand.population[self.covered].sum())

    @property
    def share(self) -> float:
        total = self.population_total
        return self.population_covered / total if total else 0.0

    def nearest_place_id(self, demand_index: int) -> str | None:
        index = int(self.nearest[demand_index])
        return self.places.ids[index] if index >= 0 else None

    def uncovered(self) -> list[Gap]:
        """White zones: uncovered demand points, most populated first (then by id)."""
        indices = np.flatnonzero(~self.covered)
        gaps = [
            Gap(
                id=self.demand.ids[i],
                population=int(self.demand.population[i]),
                nearest_place_id=self.nearest_place_id(int(i)),
                nearest_km=float(self.nearest_km[i]),
            )
            for i in indices
        ]
        gaps.sort(key=lambda gap: (-gap.population, gap.id))
        return gaps


@dataclass(frozen=True)
class Gap:
    """A demand point with no place within the radius (a "zone blanche")."""

    id: str
    population: int
    nearest_place_id: str | None
    nearest_km: float


@dataclass(frozen=True)
class AreaCoverage:
    """Coverage of one area (commune, EPCI, canton, département, région)."""

    key: str
    population: int
    population_covered: int
    demand_points: int
    uncovered_points: int

    @property
    def share(self) -> float:
        return self.population_covered / self.population if self.population else 0.0


def nearest_places(demand: Places, places: Places, k: int = 1) -> tuple[FloatArray, IntArray]:
    """Chords to and indices of the k nearest places ((n,) arrays for k=1, else (n, k)).

    Missing neighbours (fewer than k places) have chord inf and index -1.
    """
    n = len(demand)
    shape: tuple[int, ...] = (n,) if k == 1 else (n, k)
    chords = np.full(shape, np.inf)
    indices = np.full(shape, -1, dtype=np.int64)
    if n and len(places):
        found_chords, found = nearest(unit_vectors(places.lat, places.lon), unit_vectors(demand.lat, demand.lon), k)
        chords, indices = (found_chords[:, 0], found[:, 0]) if k == 1 else (found_chords, found)
    return chords, indices


def compute_coverage(demand: Demand, places: Places, radius_km: float) -> Coverage:
    """Nearest place, its distance and whether it is within `radius_km`, for every demand point."""
    if not radius_km > 0:
        raise ValueError("Le rayon doit être positif.")
    chords, indices = nearest_places(demand, places)
    return Coverage(
        demand=demand,
        places=places,
        radius_km=radius_km,
        nearest=indices,
        nearest_km=km_for_chord(chords),
        covered=chords <= chord_for_km(radius_km),
    )


def compute_coverage_minutes(demand: Demand, places: Places, minutes: float, router: Router) -> Coverage:
    """Coverage by travel time: the nearest place is the one with the shortest trip.

    Candidate pairs come from the spatial index (within the router's straight-line bound), so the
    router is only asked about plausible pairs. Demand points with no place in that bound keep
    the straight-line nearest place and are not covered. `nearest_km` stays a straight-line
    distance; `radius_km` records the prefilter bound.
    """
    if not minutes > 0:
        raise ValueError("La durée doit être positive.")
    bound_km = router.max_straight_km(minutes)
    base = compute_coverage(demand, places, bound_km)
    pairs = coverage_matrix(places, demand, bound_km).tocoo()
    nearest, covered = base.nearest.copy(), np.zeros(len(demand), dtype=np.bool_)
    if pairs.nnz:
        place_idx, demand_idx = pairs.row.astype(np.int64), pairs.col.astype(np.int64)
        trip = router.minutes(
            demand.lat[demand_idx], demand.lon[demand_idx], places.lat[place_idx], places.lon[place_idx]
        )
        order = np.lexsort((place_idx, trip, demand_idx))  # per demand point: shortest trip, then index
        demand_sorted = demand_idx[order]
        first = np.ones(len(order), dtype=np.bool_)
        first[1:] = demand_sorted[1:] != demand_sorted[:-1]
        best = order[first]
        nearest[demand_idx[best]] = place_idx[best]
        covered[demand_idx[best]] = trip[best] <= minutes
    has_place = nearest >= 0
    nearest_km = np.full(len(demand), np.inf)
    nearest_km[has_place] = great_circle_km(
        demand.lat[has_place],
        demand.lon[has_place],
        places.lat[nearest[has_place]],
        places.lon[nearest[has_place]],
    )
    return Coverage(demand, places, bound_km, nearest, nearest_km, covered)


def aggregate(coverage: Coverage, keys: Sequence[str]) -> dict[str, AreaCoverage]:
    """Coverage per area; `keys[i]` is the area code (commune, EPCI, canton...) of demand point i."""
    if len(keys) != len(coverage.demand):
        raise ValueError("Il faut une clé par point de demande.")
    codes, inverse = np.unique(np.asarray(keys, dtype=object).astype(str), return_inverse=True)
    population = coverage.demand.population
    totals = np.bincount(inverse, weights=population, minlength=len(codes))
    covered = np.bincount(inverse, weights=np.where(coverage.covered, population, 0), minlength=len(codes))
    points = np.bincount(inverse, minlength=len(codes))
    uncovered = np.bincount(inverse, weights=~coverage.covered, minlength=len(codes))
    return {
        str(code): AreaCoverage(str(code), int(totals[i]), int(covered[i]), int(points[i]), int(uncovered[i]))
        for i, code in enumerate(codes)
    }


def cantons_without_place(demand_cantons: Iterable[str], place_cantons: Iterable[str]) -> list[str]:
    """The "one per canton" check: cantons of the territory that hold no place, sorted."""
    return sorted(set(demand_cantons) - set(place_cantons))


def keys_of_nearest_demand(places: Places, demand: Places, demand_keys: Sequence[str]) -> list[str]:
    """Area key of each place taken from its nearest demand point (when its commune is unknown)."""
    if len(demand_keys) != len(demand):
        raise ValueError("Il faut une clé par point de demande.")
    _, indices = nearest_places(places, demand)
    return [demand_keys[i] for i in indices] if len(demand) else []


# --- what-if ----------------------------------------------------------------------------------


def sole_coverage(demand: Demand, places: Places, radius_km: float) -> dict[str, int]:
    """Population that only this place covers: what closing it would leave without any place."""
    result = dict.fromkeys(places.ids, 0)
    if not len(places):
        return result
    chords, indices = nearest_places(demand, places, k=2)
    limit = chord_for_km(radius_km)
    alone = (chords[:, 0] <= limit) & (chords[:, 1] > limit)
    totals = np.bincount(indices[alone, 0], weights=demand.population[alone], minlength=len(places))
    for i, place_id in enumerate(places.ids):
        result[place_id] = int(totals[i])
    return result


@dataclass(frozen=True)
class WhatIf:
    """Effect of a change of places on coverage."""

    population_covered_before: int
    population_covered_after: int
    population_total: int
    newly_covered: tuple[str, ...]  # demand ids
    newly_uncovered: tuple[str, ...]

    @property
    def delta(self) -> int:
        return self.population_covered_after - self.population_covered_before

    @property
    def share_before(self) -> float:
        return self.population_covered_before / self.population_total if self.population_total else 0.0

    @property
    def share_after(self) -> float:
        return self.population_covered_after / self.population_total if self.population_total else 0.0


def apply_changes(
    places: Places,
    *,
    add: Places | None = None,
    remove: Iterable[str] = (),
    move: Mapping[str, tuple[float, float]] | None = None,
) -> Places:
    """A new set of places with some added, removed or moved (unknown ids raise KeyError)."""
    removed, moved = set(remove), dict(move or {})
    unknown = (removed | set(moved)) - set(places.ids)
    if unknown:
        raise KeyError(f"Lieux inconnus : {', '.join(sorted(unknown))}")
    rows = [
        (place_id, *moved.get(place_id, (float(places.lat[i]), float(places.lon[i]))))
        for i, place_id in enumerate(places.ids)
        if place_id not in removed
    ]
    if add is not None:
        rows += [(add.ids[i], float(add.lat[i]), float(add.lon[i])) for i in range(len(add))]
    return Places.from_rows(rows)


def what_if(
    demand: Demand,
    places: Places,
    radius_km: float,
    *,
    add: Places | None = None,
    remove: Iterable[str] = (),
    move: Mapping[str, tuple[float, float]] | None = None,
) -> WhatIf:
    """Coverage before and after adding, removing or moving places, as a delta."""
    before = compute_coverage(demand, places, radius_km)
    after = compute_coverage(demand, apply_changes(places, add=add, remove=remove, move=move), radius_km)
    return WhatIf(
        population_covered_before=before.population_covered,
        population_covered_after=after.population_covered,
        population_total=before.population_total,
        newly_covered=tuple(demand.ids[i] for i in np.flatnonzero(after.covered & ~before.covered)),
        newly_uncovered=tuple(demand.ids[i] for i in np.flatnonzero(before.covered & ~after.covered)),
    )
