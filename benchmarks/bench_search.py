"""Benchmark: public place search over 20,000 generated places.

Measures p50/p95 of `search_places` (the function) and of the HTTP search page, against a naive
baseline (every place loaded and measured in Python) in the same run.

    .venv/bin/python benchmarks/bench_search.py [--places 20000] [--queries 300]

Uses a throwaway database under a temporary folder (SQLite by default; set DATABASE_URL to a
PostgreSQL database to measure that engine), the COG package fetched by `make install`, and the
commune centres of ../shared/data/communes.csv.
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(tmp: Path) -> None:
    from benchmarks.django_setup import setup_django

    setup_django(tmp, ["geo", "centres", str(ROOT.parent / "shared" / "data" / "communes.csv")])


def _generate(n: int, rng: random.Random) -> None:
    from maillage.network import enums
    from maillage.network.demo import fake_siret
    from maillage.network.models import Partner, Place, Structure
    from maillage.network.seed import seed_partners
    from maillage.territory.models import Commune

    seed_partners(Partner)
    partners = list(Partner.objects.all())
    communes = list(
        Commune.objects.located()
        .filter(departement__region__code__gte="11")
        .values_list("code", "lat", "lon", "population")
    )
    weights = [max(1, c[3]) ** 0.7 for c in communes]
    structures = [Structure(name=f"Structure {i}", pivot=fake_siret(10_000 + i)) for i in range(n // 10)]
    Structure.objects.bulk_create(structures)
    hours = [
        "Mo-Fr 09:00-12:00,13:30-17:00; PH off",
        "Mo,We,Fr 09:00-12:30; Tu,Th 13:30-18:30; PH off",
        "Tu-Sa 10:00-18:00; PH off",
        "We 09:00-12:00",
    ]
    services = list(enums.Service.values)
    places = []
    located = [(code, float(lat or 0), float(lon or 0), pop) for code, lat, lon, pop in communes]
    for i, (code, lat, lon, _pop) in enumerate(rng.choices(located, weights=weights, k=n)):
        chosen = sorted(rng.sample(services, rng.randint(1, 4)))
        places.append(
            Place(
                structure=structures[i % len(structures)],
                name=f"Lieu {i}",
                commune_id=code,
                postcode="00000",
                address="1 place de la Mairie",
                lat=lat + rng.uniform(-0.01, 0.01),
                lon=lon + rng.uniform(-0.01, 0.01),
                opening_hours=rng.choice(hours),
                services=chosen,
                services_index="|" + "|".join(chosen) + "|",
            )
        )
    Place.objects.bulk_create(places, batch_size=2000)
    through = Place.partners.through
    rows = []
    for place in Place.objects.only("id"):
        for partner in rng.sample(partners, 3):
            rows.append(through(place_id=place.id, partner_id=partner.id))
    through.objects.bulk_create(rows, batch_size=5000)


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


def _naive(lat: float, lon: float, radius: float, service: str | None) -> list[tuple[float, int]]:
    """The peer: load every place and measure distances in Python, as a first version would."""
    from maillage.lib.geo import haversine_km
    from maillage.network.models import Place

    hits = []
    for pid, plat, plon, services in Place.objects.located().values_list("id", "lat", "lon", "services"):
        if (service and service not in services) or plat is None or plon is None:
            continue
        d = haversine_km(lat, lon, plat, plon)
        if d <= radius:
            hits.append((d, pid))
    return sorted(hits)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--places", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(20261122)
    with tempfile.TemporaryDirectory() as tmp:
        _setup(Path(tmp))
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from maillage.directory.search import SearchQuery, search_places
        from maillage.network import enums
        from maillage.network.models import Place
        from maillage.territory.models import Commune

        started = time.perf_counter()
        _generate(args.places, rng)
        print(f"{Place.objects.count()} lieux générés en {time.perf_counter() - started:.1f} s ({connection.vendor})")
        centres = [
            (code, float(lat or 0), float(lon or 0))
            for code, lat, lon in Commune.objects.located()
            .filter(population__gte=2000)
            .values_list("code", "lat", "lon")
        ]
        queries: list[tuple[str, float, float, str | None]] = []
        for _ in range(args.queries):
            code, lat, lon = rng.choice(centres)
            service = rng.choice([None, *enums.Service.values])
            queries.append((code, lat, lon, service))

        timings: dict[str, list[float]] = {"function": [], "naive": [], "page": [], "api": []}
        counts = []
        for _code, lat, lon, service in queries:
            query = SearchQuery(lat=lat, lon=lon, radius_km=30, services=(service,) if service else ())
            t0 = time.perf_counter()
            results = search_places(query)
            timings["function"].append(time.perf_counter() - t0)
            counts.append(len(results))
            t0 = time.perf_counter()
            naive = _naive(lat, lon, 30, service)
            timings["naive"].append(time.perf_counter() - t0)
            assert [r.place.id for r in results] == [pid for _, pid in naive] or len(results) == len(naive)
        client = Client()
        page_queries = []
        for code, _lat, _lon, service in queries[: max(50, args.queries // 3)]:
            t0 = time.perf_counter()
            with CaptureQueriesContext(connection) as ctx:
                response = client.get("/", {"where": code, "service": service or "", "radius_km": "30"})
            timings["page"].append(time.perf_counter() - t0)
            page_queries.append(len(ctx.captured_queries))
            assert response.status_code == 200

        from django.conf import settings

        settings.API_RATE_LIMIT = f"{10**9}/m"  # the benchmark measures the endpoint, not the rate limit
        api_queries = []
        for _code, lat, lon, service in queries[: max(50, args.queries // 3)]:
            params: dict[str, str] = {"lat": f"{lat:.5f}", "lon": f"{lon:.5f}", "radius_km": "30", "limit": "20"}
            if service:
                params["service"] = service
            t0 = time.perf_counter()
            with CaptureQueriesContext(connection) as ctx:
                response = client.get("/api/v1/places/search", params)
            timings["api"].append(time.perf_counter() - t0)
            api_queries.append(len(ctx.captured_queries))
            assert response.status_code == 200, response.content

        f50, f95 = _percentiles(timings["function"])
        a50, a95 = _percentiles(timings["api"])
        n50, n95 = _percentiles(timings["naive"])
        h50, h95 = _percentiles(timings["page"])
        print(f"Résultats par requête : médiane {statistics.median(counts):.0f}, max {max(counts)}")
        print("| mesure | p50 (ms) | p95 (ms) |")
        print("|---|---:|---:|")
        print(f"| search_places (fonction) | {f50:.1f} | {f95:.1f} |")
        print(f"| pair naïf (tout charger, distance en Python) | {n50:.1f} | {n95:.1f} |")
        print(f"| page HTTP /?where=… (client Django) | {h50:.1f} | {h95:.1f} |")
        print(f"| API GET /api/v1/places/search (client Django) | {a50:.1f} | {a95:.1f} |")
        print(f"Ratio p95 pair naïf / fonction : {n95 / f95:.1f}×")
        print(f"Requêtes SQL par page : max {max(page_queries)} ; par appel d'API : max {max(api_queries)}")
        print(f"Objectif p95 fonction < 50 ms : {'atteint' if f95 < 50 else 'MANQUÉ'}")


if __name__ == "__main__":
    main()
