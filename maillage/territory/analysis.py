"""Coverage and siting of one département, read from the database (the engine stays pure).

The demand is the département's communes with a centre (communes without one are skipped and
counted); the places are the published places (and the stops of itinerant ones) of one network,
or of every network, anywhere in France: a place across the border serves the communes near it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from maillage.network.models import OutreachStop, Place
from maillage.territory.coverage import (
    Coverage,
    Demand,
    EstimatedRouter,
    Places,
    cantons_without_place,
    compute_coverage,
    compute_coverage_minutes,
    coverage_matrix,
)
from maillage.territory.enums import DistanceUnit
from maillage.territory.models import Commune, Departement
from maillage.territory.siting import build_problem, solve_fast, uncovered_centres

ROUTER = EstimatedRouter()


@dataclass(frozen=True)
class Scope:
    """What is measured: a département, which places, and the reach (km or estimated minutes)."""

    departement: Departement
    distance: float
    unit: str = DistanceUnit.KM
    network_id: int | None = None
    service: str = ""
    partner: str = ""

    @property
    def radius_km(self) -> float:
        """Straight-line radius; with the estimated router, minutes are exactly this distance."""
        return self.distance if self.unit == DistanceUnit.KM else ROUTER.max_straight_km(self.distance)

    def places(self) -> Places:
        place_ids = self._place_query().values("id")
        located = Place.objects.located().filter(id__in=place_ids).values_list("id", "lat", "lon")
        rows = [(f"lieu-{pk}", float(lat or 0), float(lon or 0)) for pk, lat, lon in located]
        stops = OutreachStop.objects.filter(place_id__in=place_ids, lat__isnull=False, lon__isnull=False)
        rows += [
            (f"etape-{pk}", float(lat or 0), float(lon or 0)) for pk, lat, lon in stops.values_list("id", "lat", "lon")
        ]
        return Places.from_rows(rows)

    def place_cantons(self) -> set[str]:
        """Cantons of the département that hold one of the places (or one of their stops)."""
        place_ids = self._place_query().values("id")
        in_departement = {"commune__departement": self.departement}
        codes = set(Place.objects.filter(id__in=place_ids, **in_departement).values_list("commune__canton", flat=True))
        stops = OutreachStop.objects.filter(place_id__in=place_ids, **in_departement)
        codes |= set(stops.values_list("commune__canton", flat=True))
        return codes - {""}

    def _place_query(self) -> Any:
        query = Place.objects.public()
        if self.network_id:
            query = query.filter(structure__network_id=self.network_id)
        if self.service:
            query = query.filter(services_index__contains=f"|{self.service}|")
        if self.partner:
            query = query.filter(partners__code=self.partner)
        return query


@dataclass(frozen=True)
class CommuneRow:
    code: str
    name: str
    population: int
    canton: str
    lat: float
    lon: float
    distance_km: float | None  # straight line to the nearest place; None when there is no place
    covered: bool
    band: str  # colour of the map and its legend: covered, near (within twice the reach), far, none


def band(covered: bool, distance_km: float | None, radius_km: float) -> str:
    if covered:
        return "covered"
    if distance_km is None:
        return "none"
    return "near" if distance_km <= 2 * radius_km else "far"


@dataclass(frozen=True)
class DepartementCoverage:
    scope: Scope
    communes: list[CommuneRow]
    skipped: int  # communes without a centre
    population_total: int
    population_covered: int
    place_count: int
    cantons: list[str] = field(default_factory=list)
    cantons_without_place: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.population_covered / self.population_total if self.population_total else 0.0

    @property
    def share_percent(self) -> float:
        return self.share * 100

    @property
    def white_zones(self) -> list[CommuneRow]:
        rows = [row for row in self.communes if not row.covered]
        rows.sort(key=lambda row: (-row.population, row.code))
        return rows


def load_demand(departement: Departement) -> tuple[Demand, list[Any], int, list[str]]:
    """Located communes of the département as demand, their rows, how many had no centre, and
    the département's cantons (known from every commune, located or not)."""
    rows = list(
        Commune.objects.filter(departement=departement)
        .order_by("code")
        .values_list("code", "name", "population", "canton", "lat", "lon")
    )
    located = [row for row in rows if row[4] is not None and row[5] is not None]
    demand = Demand.from_records(
        [(code, float(lat or 0), float(lon or 0), pop) for code, _, pop, _, lat, lon in located]
    )
    cantons = sorted({row[3] for row in rows} - {""})
    return demand, located, len(rows) - len(located), cantons


def _coverage(scope: Scope, demand: Demand, places: Places) -> Coverage:
    if scope.unit == DistanceUnit.MINUTES:
        return compute_coverage_minutes(demand, places, scope.distance, ROUTER)
    return compute_coverage(demand, places, scope.distance)


def departement_coverage(scope: Scope) -> DepartementCoverage:
    demand, located, skipped, cantons = load_demand(scope.departement)
    places = scope.places()
    coverage = _coverage(scope, demand, places)
    communes = []
    for i, (code, name, population, canton, lat, lon) in enumerate(located):
        distance = float(coverage.nearest_km[i]) if np.isfinite(coverage.nearest_km[i]) else None
        covered = bool(coverage.covered[i])
        communes.append(
            CommuneRow(
                code, name, population, canton, lat, lon, distance, covered, band(covered, distance, scope.radius_km)
            )
        )
    return DepartementCoverage(
        scope=scope,
        communes=communes,
        skipped=skipped,
        population_total=coverage.population_total,
        population_covered=coverage.population_covered,
        place_count=len(places),
        cantons=cantons,
        cantons_without_place=cantons_without_place(cantons, scope.place_cantons()) if cantons else [],
    )


def siting(scope: Scope, sites: int, progress: Any = None) -> dict[str, Any]:
    """K new sites among the uncovered commune centres: a JSON-ready summary of the answer."""
    say = progress or (lambda text: None)
    say("Chargement des communes et des lieux…")
    demand, located, skipped, _ = load_demand(scope.departement)
    places = scope.places()
    radius_km = scope.radius_km
    say("Recherche des communes non couvertes…")
    candidates = uncovered_centres(demand, places, radius_km)
    summary: dict[str, Any] = {"skipped": skipped, "requested": sites, "candidates": len(candidates)}
    if not len(candidates):
        base = compute_coverage(demand, places, radius_km)
        return summary | {
            "proposals": [],
            "population_total": base.population_total,
            "population_covered": base.population_covered,
            "already_covered": base.population_covered,
            "upper_bound": base.population_covered,
            "gained": 0,
            "gap": 0.0,
            "gap_percent": 0.0,
            "proven_optimal": True,
        }
    k = min(sites, len(candidates))
    say(f"Choix de {k} site(s) parmi {len(candidates)} communes non couvertes…")
    result = solve_fast(build_problem(demand, places, candidates, radius_km), k)
    names = {code: (name, population) for code, name, population, *_ in located}
    position = {demand.ids[i]: (float(demand.lat[i]), float(demand.lon[i])) for i in range(len(demand))}
    # Population each proposal adds, in the order of the answer (the first takes the most).
    chosen = Places.from_rows([(code, *position[code]) for code in result.chosen])
    reach = coverage_matrix(chosen, demand, radius_km)
    covered = compute_coverage(demand, places, radius_km).covered.copy()
    proposals = []
    for i, code in enumerate(result.chosen):
        reached = reach[i].indices
        newly = reached[~covered[reached]]
        covered[newly] = True
        name, population = names[code]
        lat, lon = position[code]
        proposals.append(
            {
                "code": code,
                "name": name,
                "population": population,
                "gained": int(demand.population[newly].sum()),
                "lat": lat,
                "lon": lon,
            }
        )
    return summary | {
        "proposals": proposals,
        "population_total": result.population_total,
        "population_covered": result.population_covered,
        "already_covered": result.already_covered,
        "upper_bound": result.upper_bound,
        "gained": result.newly_covered,
        "gap": result.gap,
        "gap_percent": round(result.gap * 100, 1),
        "proven_optimal": result.proven_optimal,
    }
