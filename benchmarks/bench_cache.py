"""The shared cache per operation: Django's database cache table (SQLite) against Redis (CACHE_URL).

Operations: one rate-limit count (`ratelimit.hit`, every API call and public link), one read of the
counter's catalogue through `cache_versions` (every counter page), and its peer, the read before
versions (a plain `cache.get` of one key). Redis is a real `redis-server` started on a free port.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/bench_cache.py [--keep /tmp/bench-cachestore] [--rounds 2000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100)
    return statistics.median(samples) * 1000, cuts[94] * 1000


def measure(operation: Callable[[int], Any], rounds: int) -> tuple[float, float]:
    for index in range(50):  # warm up
        operation(index)
    samples = []
    for index in range(rounds):
        start = time.perf_counter()
        operation(index)
        samples.append(time.perf_counter() - start)
    return percentiles(samples)


def run(backend: str, rounds: int) -> list[tuple[str, str, float, float]]:
    from django.core.cache import caches

    from maillage import cache_versions
    from maillage.counter.catalogue import NAME, TIMEOUT, _build
    from maillage.ratelimit import Rate, hit

    cache = caches["shared"]
    cache.clear()
    rate = Rate(limit=10**9, seconds=3600)
    cache.set("peer:catalogue", _build(), TIMEOUT)
    cache_versions.cached(NAME, _build, timeout=TIMEOUT)
    return [
        (backend, "ratelimit.hit", *measure(lambda i: hit("bench", f"192.0.2.{i % 200}", rate), rounds)),
        (
            backend,
            "catalogue (versions)",
            *measure(lambda i: cache_versions.cached(NAME, _build, timeout=TIMEOUT), rounds),
        ),
        (backend, "catalogue (peer: get)", *measure(lambda i: cache.get("peer:catalogue"), rounds)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", help="keep the SQLite database in this folder (created once)")
    parser.add_argument("--rounds", type=int, default=2000)
    args = parser.parse_args()
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bench-cache-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("MAILLAGE_VAR_DIR", str(folder))
    os.environ["DJANGO_SETTINGS_MODULE"] = "maillage.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    from maillage.env import env_cache
    from maillage.tests.local_services import redis_server

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    print(f"uptime: {os.getloadavg()}")
    rows = run(f"database ({settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]})", args.rounds)
    with tempfile.TemporaryDirectory() as redis_dir, redis_server(Path(redis_dir)) as url:
        os.environ["CACHE_URL"] = url
        config = env_cache("CACHE_URL")
        with override_settings(CACHES={"default": config, "shared": config}):
            rows += run("redis", args.rounds)
    print(f"uptime: {os.getloadavg()}")
    print("| cache | opération | p50 (ms) | p95 (ms) |\n|---|---|---:|---:|")
    for backend, operation, p50, p95 in rows:
        print(f"| {backend} | {operation} | {p50:.3f} | {p95:.3f} |")


if __name__ == "__main__":
    main()
