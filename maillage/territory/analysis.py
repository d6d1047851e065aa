"""Coverage and siting of one département, read from the database (the engine stays pure).

The demand is the département's communes with a centre; the total is the COG population of every
commune of the département. Communes without a centre are the "population non localisée": they are
named and counted, and any share then comes as bounds, never as a share of the located communes
only. The places are the published places (and the stops of itinerant ones) of one network, or of
every network, anywhere in France: a place across the border serves the communes near it. Places
of the département without coordinates cannot be placed: they are counted, and the share is then
only a lower bound.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from maillage.network.models import OutreachStop, Place
from maillage.territory.enums import DistanceUnit
from maillage.territory.models import Commune, Departement

if TYPE_CHECKING:  # numpy, scipy and HiGHS load with the engine, on use, not with the territory pages' URLs
    from maillage.territory.coverage import Coverage, Demand, EstimatedRouter, Places


def _router() -> EstimatedRouter:
    from maillage.territory.coverage import EstimatedRouter

    return EstimatedRouter()


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
        return self.distance if self.unit == DistanceUnit.KM else _router().max_straight_km(self.distance)

    def places(self) -> Places:
        from maillage.territory.coverage import Places

        place_ids = self._place_query().values("id")
        located = Place.objects.located().filter(id__in=place_ids).values_list("id", "lat", "lon")
        rows = [(f"lieu-{pk}", float(lat or 0), float(lon or 0)) for pk, lat, lon in located]
        stops = OutreachStop.objects.filter(place_id__in=place_ids, lat__isnull=False, lon__isnull=False)
        rows += [
            (f"etape-{pk}", float(lat or 0), float(lon or 0)) for pk, lat, lon in stops.values_list("id", "lat", "lon")
        ]
        return Places.from_rows(rows)

    def unlocated_places(self) -> int:
        """Published places (and stops) of the scope in the département that have no coordinates."""
        place_ids = self._place_query().values("id")
        places = Place.objects.filter(id__in=place_ids, commune__departement=self.departement, lat__isnull=True)
        stops = OutreachStop.objects.filter(place_id__in=place_ids, commune__departement=self.departement)
        return places.count() + stops.filter(lat__isnull=True).count()

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
class UnlocatedCommune:
    """A commune of the scope without a known centre: its inhabitants cannot be placed."""

    code: str
    name: str
    population: int
    canton: str


@dataclass(frozen=True)
class Unknowns:
    """What a figure could not take into account: communes without a centre, places without coordinates."""

    communes: list[UnlocatedCommune]
    places: int = 0

    @property
    def population(self) -> int:
        return sum(commune.population for commune in self.communes)

    @property
    def exact(self) -> bool:
        """True when nothing unknown can move the figure (communes without centre and inhabitants aside)."""
        return not self.population and not self.places


@dataclass(frozen=True)
class DepartementCoverage:
    scope: Scope
    communes: list[CommuneRow]  # located communes
    unknowns: Unknowns
    population_total: int  # COG population of every commune of the département
    population_covered: int
    place_count: int
    cantons: list[str] = field(default_factory=list)
    cantons_without_place: list[str] = field(default_factory=list)

    @property
    def unlocated(self) -> list[UnlocatedCommune]:
        return self.unknowns.communes

    @property
    def exact(self) -> bool:
        return self.unknowns.exact

    @property
    def share_percent(self) -> float | None:
        """The covered share of the whole population, when nothing unknown can move it."""
        return self.share_low_percent if self.exact else None

    @property
    def share_low_percent(self) -> float:
        """Every unlocated inhabitant counted as uncovered."""
        return _percent(self.population_covered, self.population_total)

    @property
    def share_high_percent(self) -> float | None:
        """Every unlocated inhabitant counted as covered; None when places without coordinates leave it open."""
        if self.unknowns.places:
            return None
        return _percent(self.population_covered + self.unknowns.population, self.population_total)

    @property
    def white_zones(self) -> list[CommuneRow]:
        rows = [row for row in self.communes if not row.covered]
        rows.sort(key=lambda row: (-row.population, row.code))
        return rows


def _percent(part: int, whole: int) -> float:
    return part * 100 / whole if whole else 0.0


def load_demand(departement: Departement) -> tuple[Demand, list[Any], list[UnlocatedCommune], list[str]]:
    """Located communes of the département as demand, their rows, the communes without a centre,
    and the département's cantons (known from every commune, located or not)."""
    from maillage.territory.coverage import Demand

    rows = list(
        Commune.objects.filter(departement=departement)
        .order_by("code")
        .values_list("code", "name", "population", "canton", "lat", "lon")
    )
    located = [row for row in rows if row[4] is not None and row[5] is not None]
    unlocated = [
        UnlocatedCommune(code, name, population, canton)
        for code, name, population, canton, lat, lon in rows
        if lat is None or lon is None
    ]
    unlocated.sort(key=lambda commune: (-commune.population, commune.code))
    demand = Demand.from_records(
        [(code, float(lat or 0), float(lon or 0), pop) for code, _, pop, _, lat, lon in located]
    )
    cantons = sorted({row[3] for row in rows} - {""})
    return demand, located, unlocated, cantons


def _coverage(scope: Scope, demand: Demand, places: Places) -> Coverage:
    from maillage.territory.coverage import compute_coverage, compute_coverage_minutes

    if scope.unit == DistanceUnit.MINUTES:
        return compute_coverage_minutes(demand, places, scope.distance, _router())
    return compute_coverage(demand, places, scope.distance)


def departement_coverage(scope: Scope) -> DepartementCoverage:
    import numpy as np

    from maillage.territory.coverage import cantons_without_place

    demand, located, unlocated, cantons = load_demand(scope.departement)
    places = scope.places()
    coverage = _coverage(scope, demand, places)
    unknowns = Unknowns(unlocated, scope.unlocated_places())
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
        unknowns=unknowns,
        population_total=coverage.population_total + unknowns.population,
        population_covered=coverage.population_covered,
        place_count=len(places),
        cantons=cantons,
        cantons_without_place=cantons_without_place(cantons, scope.place_cantons()) if cantons else [],
    )


def siting(scope: Scope, sites: int, progress: Any = None) -> dict[str, Any]:
    """K new sites among the uncovered commune centres: a JSON-ready summary of the answer.

    The summary says what the answer could not take into account: the communes without a centre
    (named, with their inhabitants) and the places of the département without coordinates.
    """
    from maillage.territory.coverage import Places, compute_coverage, coverage_matrix
    from maillage.territory.siting import build_problem, solve_fast, uncovered_centres

    say = progress or (lambda text: None)
    say("Chargement des communes et des lieux…")
    demand, located, unlocated, _ = load_demand(scope.departement)
    places = scope.places()
    unknowns = Unknowns(unlocated, scope.unlocated_places())
    radius_km = scope.radius_km
    say("Recherche des communes non couvertes…")
    candidates = uncovered_centres(demand, places, radius_km)
    population_located = int(demand.population.sum())
    summary: dict[str, Any] = {
        "requested": sites,
        "candidates": len(candidates),
        "population_total": population_located + unknowns.population,
        "population_located": population_located,
        "skipped": len(unknowns.communes),
        "unlocated_population": unknowns.population,
        "unlocated_places": unknowns.places,
        "unlocated": [
            {"code": commune.code, "name": commune.name, "population": commune.population}
            for commune in unknowns.communes
        ],
    }
    if not len(candidates):
        base = compute_coverage(demand, places, radius_km)
        return summary | {
            "proposals": [],
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
        "population_covered": result.population_covered,
        "already_covered": result.already_covered,
        "upper_bound": result.upper_bound,
        "gained": result.newly_covered,
        "gap": result.gap,
        "gap_percent": round(result.gap * 100, 1),
        "proven_optimal": result.proven_optimal,
    }
