"""Rate limits that every server process shares: fixed-window counters in the `shared` cache.

With several workers (gunicorn -w 3) a counter kept in a process's memory lets each worker serve
the whole quota. The counters therefore live in the `shared` cache, Django's database cache table
by default, Redis with `CACHE_URL=redis://…` in a larger deployment. A counter is one cache key
per scope and client (`ratelimit:api:<hmac of the address>`): a window opens at the client's first
request, counts up to the limit, and expires; the address itself is never stored.

Increments are atomic across processes: `add` then `incr` on Redis or Memcached; on Django's
database cache, whose `incr` reads then writes, the read and the write run in one transaction
holding a write lock (SQLite's `BEGIN IMMEDIATE`, a PostgreSQL advisory lock on the key).
"""

from __future__ import annotations

import hashlib
import math
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

from maillage.client_address import client_address
from maillage.env import ConfigurationError

CACHE_ALIAS = "shared"
SALT = "maillage.ratelimit"
UNITS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}
RATE = re.compile(r"^\s*(\d+)\s*/\s*([a-z]+)\s*$")


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    retry_after: int  # seconds until the current window ends


@lru_cache(maxsize=32)
def parse_rate(text: str, name: str = "limite") -> Rate:
    """`120/m` → 120 requests a minute; units s, m, h, d (or sec, min, hour, day)."""
    match = RATE.match(text.lower())
    if match is None or match.group(2) not in UNITS or int(match.group(1)) < 1:
        raise ConfigurationError(f"{name}={text!r} : limite attendue sous la forme N/s, N/m, N/h ou N/d (N ≥ 1).")
    return Rate(limit=int(match.group(1)), seconds=UNITS[match.group(2)])


def rate_setting(name: str) -> Rate:
    return parse_rate(str(getattr(settings, name)), name)


def shared_cache() -> BaseCache:
    return caches[CACHE_ALIAS]


@contextmanager
def _write_lock(cache: DatabaseCache, key: str) -> Iterator[None]:
    """One transaction holding a write lock on the counter `key` of a database cache."""
    alias = router.db_for_write(cache.cache_model_class)
    with transaction.atomic(using=alias):
        connection = connections[alias]
        if connection.vendor == "postgresql":
            lock = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock])
        # SQLite: Maillage opens its transactions with BEGIN IMMEDIATE (settings), a write lock.
        yield


def increment(key: str, seconds: int, now: float) -> tuple[int, float]:
    """Add one to the counter `key` and return it with the end of its window.

    A window opens at the first request and lasts `seconds`; the counter then starts again.
    """
    cache = shared_cache()
    if isinstance(cache, DatabaseCache):  # its incr() reads then writes, and resets the timeout
        with _write_lock(cache, key):
            count, end = cache.get(key) or (0, 0.0)
            if end <= now:
                count, end = 0, now + seconds
            cache.set(key, (count + 1, end), math.ceil(end - now) + 1)
            return count + 1, end
    cache.add(f"{key}:end", now + seconds, seconds)
    end = float(cache.get(f"{key}:end") or now + seconds)
    if cache.add(key, 1, seconds):
        return 1, end
    try:
        return int(cache.incr(key)), end
    except ValueError:  # expired between add and incr: this request opens a new window
        cache.set(key, 1, seconds)
        return 1, now + seconds


def hit(scope: str, ident: str, rate: Rate, *, now: float | None = None) -> Verdict:
    """Count one request of `ident` (an address) in `scope`; allowed while within the rate."""
    now = time.time() if now is None else now
    who = salted_hmac(SALT, ident, algorithm="sha256").hexdigest()[:32]
    count, end = increment(f"ratelimit:{scope}:{who}", rate.seconds, now)
    return Verdict(allowed=count <= rate.limit, count=count, retry_after=max(1, math.ceil(end - now)))


def check(request: HttpRequest, scope: str, setting: str) -> Verdict:
    """Count this request against the limit named by the setting (`REFERRAL_LINK_RATE_LIMIT`...)."""
    return hit(scope, client_address(request), rate_setting(setting))


def too_many_page(request: HttpRequest, verdict: Verdict) -> HttpResponse:
    """The French 429 page (the site's error page), with the delay before the next allowed request."""
    from maillage.errors import error_page  # errors renders templates: keep this module light

    seconds = verdict.retry_after
    message = (
        "Beaucoup de demandes viennent d'arriver depuis cette connexion. "
        f"Réessayez dans {seconds} seconde{'s' if seconds > 1 else ''}."
    )
    response = error_page(request, 429, message)
    response["Retry-After"] = str(seconds)
    return response
