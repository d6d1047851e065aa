"""Rate limits that every server process shares: fixed-window counters in the `shared` cache.

With several workers (gunicorn -w 3) a counter kept in a process's memory lets each worker serve
the whole quota. The counters therefore live in the `shared` cache, Django's database cache table
by default, Redis with `CACHE_URL=redis://…` in a larger deployment. A counter is one cache key
per scope and client (`ratelimit:api:<hmac of the address>`): a window opens at the client's first
request, counts up to the limit, and expires; the address itself is never stored.

Increments are atomic across processes: `add` then `incr` on Redis or Memcached; on Django's
database cache (whose `incr` reads then writes, in eight queries with its culling count) one
`INSERT … ON CONFLICT DO UPDATE … RETURNING` on its table counts, opens a new window when the stored
one has ended, and answers the count and the window's end, in one round trip on SQLite and PostgreSQL.
Such a counter row holds the count as text (not a pickled value) and expires at the end of its
window; the expired rows of the table are deleted when a window opens.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import time
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, models, router
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


def _increment_row(cache: DatabaseCache, key: str, seconds: int, now: float) -> tuple[int, float]:
    """`increment` on Django's database cache table: one atomic statement (see the module's text)."""
    alias = router.db_for_write(cache.cache_model_class)
    connection = connections[alias]
    ops = connection.ops
    names = (cache._table, "cache_key", "value", "expires")  # type: ignore[attr-defined]
    table, cache_key, value, expires = (ops.quote_name(n) for n in names)
    now_stamp = ops.adapt_datetimefield_value(dt.datetime.fromtimestamp(now, tz=dt.UTC))
    ended = f"{table}.{expires} <= %s"
    sql = (  # names quoted by the backend, from the cache's settings; values as parameters
        f"INSERT INTO {table} ({cache_key}, {value}, {expires}) VALUES (%s, '1', %s) "  # noqa: S608
        f"ON CONFLICT ({cache_key}) DO UPDATE SET "
        f"{value} = CASE WHEN {ended} THEN '1' ELSE CAST(CAST({table}.{value} AS INTEGER) + 1 AS TEXT) END, "
        f"{expires} = CASE WHEN {ended} THEN EXCLUDED.{expires} ELSE {table}.{expires} END "
        f"RETURNING {value}, {expires}"
    )
    end_stamp = ops.adapt_datetimefield_value(dt.datetime.fromtimestamp(now + seconds, tz=dt.UTC))
    row_key = cache.make_and_validate_key(f"{key}:count")
    with connection.cursor() as cursor:
        cursor.execute(sql, [row_key, end_stamp, now_stamp, now_stamp])
        count, end = cursor.fetchone()
        if int(count) == 1:  # a window opens: clear the rows whose window (or timeout) has ended
            cursor.execute(f"DELETE FROM {table} WHERE {expires} < %s", [now_stamp])  # noqa: S608
    stored = models.Expression(output_field=models.DateTimeField())  # as the database cache reads it
    for converter in ops.get_db_converters(stored) + stored.get_db_converters(connection):
        end = converter(end, stored, connection)
    return int(count), end.timestamp()


def increment(key: str, seconds: int, now: float) -> tuple[int, float]:
    """Add one to the counter `key` and return it with the end of its window.

    A window opens at the first request and lasts `seconds`; the counter then starts again.
    """
    cache = shared_cache()
    if isinstance(cache, DatabaseCache):  # its incr() reads then writes, and resets the timeout
        return _increment_row(cache, key, seconds, now)
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
