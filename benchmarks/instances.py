"""Benchmark instances: the shared reference files (never copied) and a generated greenfield."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from maillage.territory.coverage import Demand, Places

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO_ROOT.parent / "shared" / "data"
COMMUNES_CSV = SHARED_DATA / "communes.csv"
FRANCE_SERVICES_CSV = SHARED_DATA / "france-services-2024-08-01.csv"


@dataclass(frozen=True, eq=False)
class National:
    demand: Demand
    cantons: list[str]
    places: Places


def load_national() -> National:
    """Communes with a centre as demand (34,870), France Services sites with coordinates (2,845)."""
    ids, lat, lon, population, cantons = [], [], [], [], []
    with COMMUNES_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if not (row["lat"] and row["lon"]):
                continue  # 99 communes (merged ones, some overseas collectivities) have no centre
            ids.append(row["code"])
            lat.append(float(row["lat"]))
            lon.append(float(row["lon"]))
            population.append(int(row["population"] or 0))
            cantons.append(row["canton"])
    demand = Demand(ids=tuple(ids), lat=np.array(lat), lon=np.array(lon), population=np.array(population))
    site_rows = []
    with FRANCE_SERVICES_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["latitude"] and row["longitude"]:
                site_rows.append((row["id_fs"], float(row["latitude"]), float(row["longitude"])))
    return National(demand=demand, cantons=cantons, places=Places.from_rows(site_rows))


def greenfield(n_demand: int = 35_000, n_candidates: int = 5_000, seed: int = 20240801) -> tuple[Demand, Places]:
    """A France-sized synthetic territory: towns clustered around cities plus a rural spread.

    The area shrinks with the number of points so that smaller instances keep France's density
    (35,000 points on about 780 km × 580 km). Candidates are the centres of randomly drawn
    demand points, as in real siting studies.
    """
    rng = np.random.default_rng(seed)
    scale = (n_demand / 35_000) ** 0.5
    south, north = 46.5 - 3.5 * scale, 46.5 + 3.5 * scale
    west, east = 3.0 - 4.0 * scale, 3.0 + 4.0 * scale
    n_cities = max(1, n_demand // 600)
    city_lat = rng.uniform(south, north, n_cities)
    city_lon = rng.uniform(west, east, n_cities)
    clustered = n_demand * 2 // 5
    which = rng.integers(0, n_cities, clustered)
    lat = np.concatenate(
        [city_lat[which] + rng.normal(0, 0.15, clustered), rng.uniform(south, north, n_demand - clustered)]
    )
    lon = np.concatenate(
        [city_lon[which] + rng.normal(0, 0.2, clustered), rng.uniform(west, east, n_demand - clustered)]
    )
    population = np.concatenate(
        [rng.lognormal(7.0, 1.4, clustered), rng.lognormal(5.5, 1.1, n_demand - clustered)]
    ).astype(np.int64)
    demand = Demand(ids=tuple(f"d{i:05d}" for i in range(n_demand)), lat=lat, lon=lon, population=population)
    picked = np.sort(rng.choice(n_demand, n_candidates, replace=False))
    candidates = Places(ids=tuple(f"c{i:05d}" for i in picked), lat=lat[picked], lon=lon[picked])
    return demand, candidates


def save_instance(path: Path, demand: Demand, candidates: Places) -> None:
    """One .npz file that the peer benchmark (another virtualenv) reads too."""
    np.savez(
        path,
        demand_ids=np.array(demand.ids),
        demand_lat=demand.lat,
        demand_lon=demand.lon,
        population=demand.population,
        candidate_ids=np.array(candidates.ids),
        candidate_lat=candidates.lat,
        candidate_lon=candidates.lon,
    )


def load_instance(path: Path) -> tuple[Demand, Places]:
    data = np.load(path)
    demand = Demand(
        ids=tuple(str(i) for i in data["demand_ids"]),
        lat=data["demand_lat"],
        lon=data["demand_lon"],
        population=data["population"],
    )
    candidates = Places(
        ids=tuple(str(i) for i in data["candidate_ids"]), lat=data["candidate_lat"], lon=data["candidate_lon"]
    )
    return demand, candidates
