"""Benchmark: public place search over a generated national directory (20,000 places by default).

Measures p50/p95 of `search_places` (the function), of the HTTP search page and of the JSON API,
against two peers in the same run: the search as it was before the national directory work
("avant", benchmarks/search_before.py, swapped into the page and the API too) and a naive
baseline (every place loaded and measured in Python, on a sample of the queries).

    .venv/bin/python benchmarks/bench_search.py [--places 100000] [--queries 300] [--keep DIR]

Places are spread like the real ones (benchmarks/directory_data.py: France Services sites at their
real coordinates, lieux de médiation numérique and other services by commune population). Uses a
throwaway database (SQLite under a temporary folder, or the folder given by --keep, reused when it
already holds that many places; set DATABASE_URL to a PostgreSQL database to measure that engine,
reused likewise),
the COG package fetched by `make install`, and ../shared/data (communes, France Services 2024).
"""

from __future__ import annotations

import argparse
import math
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _setup(folder: Path, places: int) -> None:
    """Migrate and load the geography, unless the database (kept SQLite folder, or the PostgreSQL
    database of DATABASE_URL) already holds the places."""
    import os

    from benchmarks.django_setup import setup_django, setup_django_only

    os.environ.setdefault("MAILLAGE_VAR_DIR", str(folder))
    if "DATABASE_URL" in os.environ or (folder / "maillage.sqlite3").exists():
        setup_django_only(folder)
        from maillage.network.models import Place

        if Place.objects.count() == places:
            return
    setup_django(folder, ["geo", "centres", str(ROOT.parent / "shared" / "data" / "communes.csv")])


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    return statistics.median(ordered) * 1000, p95 * 1000


def _naive(lat: float, lon: float, radius: float, service: str | None) -> list[tuple[float, int]]:
    """The naive peer: load every place and measure distances in Python, as a first version would."""
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


@contextmanager
def _before() -> Iterator[None]:
    """The page and the API served by the search as it was before (the "avant" peer)."""
    from benchmarks import search_before
    from maillage.directory import api, views

    saved = views.search_places, api.search_places
    views.search_places = api.search_places = search_before.search_places  # type: ignore[assignment]
    try:
        yield
    finally:
        views.search_places, api.search_places = saved


def _timed(samples: list[float], call: Callable[[], Any]) -> Any:
    t0 = time.perf_counter()
    result = call()
    samples.append(time.perf_counter() - t0)
    return result


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--places", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--naive-queries", type=int, default=50, help="Requêtes mesurées pour le pair naïf.")
    parser.add_argument("--keep", type=Path, help="Garder la base (SQLite) dans ce dossier et la réutiliser.")
    return parser.parse_args()


def main() -> None:
    args = _arguments()
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        run(args, args.keep)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            run(args, Path(tmp))


def run(args: argparse.Namespace, folder: Path) -> None:
    rng = random.Random(20261122)
    _setup(folder, args.places)
    from django.db import connection

    from benchmarks import directory_data, search_before
    from maillage.directory.search import SearchQuery, search_places
    from maillage.network import enums
    from maillage.network.models import Place
    from maillage.territory.models import Commune

    started = time.perf_counter()
    if Place.objects.count() != args.places:
        if Place.objects.exists():
            raise SystemExit(f"La base de {folder} contient un autre nombre de lieux : videz le dossier.")
        mix = directory_data.generate(args.places, rng)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        print(f"{args.places} lieux générés en {time.perf_counter() - started:.0f} s ({connection.vendor}) : {mix}")
    else:
        print(f"Base réutilisée : {args.places} lieux ({folder}, {connection.vendor})")
    rng = random.Random(20261207)
    centres = [
        (code, float(lat or 0), float(lon or 0))
        for code, lat, lon in Commune.objects.located()
        .filter(population__gte=2000)
        .order_by("code")
        .values_list("code", "lat", "lon")
    ]
    queries: list[tuple[str, float, float, str | None]] = []
    for _ in range(args.queries):
        code, lat, lon = rng.choice(centres)
        queries.append((code, lat, lon, rng.choice([None, *enums.Service.values])))

    timings: dict[str, list[float]] = {key: [] for key in ("function", "before", "naive", "page", "page_before")}
    timings |= {"api": [], "api_before": []}
    counts = []
    for i, (_code, lat, lon, service) in enumerate(queries):
        query = SearchQuery(lat=lat, lon=lon, radius_km=30, services=(service,) if service else ())
        results = _timed(timings["function"], lambda q=query: search_places(q))  # type: ignore[misc]
        old = _timed(timings["before"], lambda q=query: search_before.search_places(q))  # type: ignore[misc]
        counts.append(len(old))
        first = [r.place.id for r in results[:20]]
        assert first == [r.place.id for r in old[:20]], (lat, lon, service)
        assert len(results) == len(old) or getattr(results, "capped", False), (len(results), len(old))
        if i < args.naive_queries:
            naive = _timed(timings["naive"], lambda a=lat, o=lon, s=service: _naive(a, o, 30, s))  # type: ignore[misc]
            assert len(naive) == len(old)
    _pages(queries[: max(50, args.queries // 3)], timings)

    rows = [("search_places (fonction)", "function"), ("avant (fonction de main 10d41b7)", "before")]
    rows += [(f"pair naïf (tout charger, distance en Python ; {len(timings['naive'])} requêtes)", "naive")]
    rows += [("page HTTP /?where=… (client Django)", "page"), ("page HTTP, avant", "page_before")]
    rows += [("API GET /api/v1/places/search (client Django)", "api"), ("API, avant", "api_before")]
    print(f"Résultats par requête : médiane {statistics.median(counts):.0f}, max {max(counts)}")
    print("| mesure | p50 (ms) | p95 (ms) |\n|---|---:|---:|")
    p95 = {}
    for label, key in rows:
        p50, p95[key] = _percentiles(timings[key])
        print(f"| {label} | {p50:.1f} | {p95[key]:.1f} |")
    print(
        f"Ratios p95 : avant / fonction {p95['before'] / p95['function']:.1f}×, naïf / fonction "
        f"{p95['naive'] / p95['function']:.1f}×, page avant / page {p95['page_before'] / p95['page']:.1f}×, "
        f"API avant / API {p95['api_before'] / p95['api']:.1f}×"
    )
    for label, key, target in (("fonction", "function", 30), ("page", "page", 60), ("API", "api", 40)):
        print(f"Objectif p95 {label} < {target} ms : {'atteint' if p95[key] < target else 'MANQUÉ'}")


def _pages(queries: list[tuple[str, float, float, str | None]], timings: dict[str, list[float]]) -> None:
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.API_RATE_LIMIT = f"{10**9}/m"  # the benchmark measures the endpoint, not the rate limit
    reset_queries()  # a full query log (after generating) would make every count below 0
    client = Client()
    counted: dict[str, list[int]] = {"page": [], "api": []}
    for code, lat, lon, service in queries:
        page = {"where": code, "service": service or "", "radius_km": "30"}
        api = {"lat": f"{lat:.5f}", "lon": f"{lon:.5f}", "radius_km": "30", "limit": "20"}
        if service:
            api["service"] = service
        for suffix in ("", "_before"):
            with _before() if suffix else _nothing():
                with CaptureQueriesContext(connection) as ctx:
                    response = _timed(timings["page" + suffix], lambda p=page: client.get("/", p))  # type: ignore[misc]
                assert response.status_code == 200
                counted["page"].append(len(ctx.captured_queries))
                with CaptureQueriesContext(connection) as ctx:
                    response = _timed(
                        timings["api" + suffix],
                        lambda a=api: client.get("/api/v1/places/search", a),  # type: ignore[misc]
                    )
                assert response.status_code == 200, response.content
                counted["api"].append(len(ctx.captured_queries))
    print(f"Requêtes SQL par page : max {max(counted['page'])} ; par appel d'API : max {max(counted['api'])}")


@contextmanager
def _nothing() -> Iterator[None]:
    yield


if __name__ == "__main__":
    main()
