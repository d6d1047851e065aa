"""Rate limits on the database cache: one query a request, exact counts under concurrent requests."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, connections

from maillage.ratelimit import Rate, hit, shared_cache

pytestmark = pytest.mark.django_db


def test_each_request_is_counted_in_one_query_and_a_window_starts_again_when_it_ends(
    django_assert_num_queries: Any,
) -> None:
    rate, start = Rate(limit=3, seconds=60), float(int(time.time()))
    hit("api", "192.0.2.7", rate, now=start)
    verdicts = []
    for offset in (1, 2, 30):
        with django_assert_num_queries(1):
            verdicts.append(hit("api", "192.0.2.7", rate, now=start + offset))
    assert [(v.count, v.allowed) for v in verdicts] == [(2, True), (3, True), (4, False)]
    assert verdicts[-1].retry_after == 30  # until the end of the window opened at `start`
    assert hit("api", "192.0.2.8", rate, now=start + 30).count == 1  # another address, its own counter
    again = hit("api", "192.0.2.7", rate, now=start + 60)
    assert (again.count, again.allowed, again.retry_after) == (1, True, 60)


def test_rows_whose_time_has_passed_are_deleted_when_a_window_opens() -> None:
    cache = shared_cache()
    cache.set("report-chart", "svg", timeout=60)
    hit("api", "192.0.2.7", Rate(limit=3, seconds=60), now=time.time())
    table = connection.ops.quote_name(cache._table)
    count = f"SELECT COUNT(*) FROM {table}"  # noqa: S608 (table name from settings)
    with connection.cursor() as cursor:
        cursor.execute(count)
        assert cursor.fetchone()[0] == 2
    hit("api", "192.0.2.9", Rate(limit=3, seconds=60), now=time.time() + 600)  # ten minutes later
    with connection.cursor() as cursor:
        cursor.execute(count)
        assert cursor.fetchone()[0] == 1  # only the new counter: the chart and the first counter expired
    assert cache.get("report-chart") is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_each_get_their_own_count() -> None:
    if connection.vendor != "postgresql":  # SQLite: two server processes on one file, test_ratelimit_processes
        pytest.skip("la base de test SQLite en mémoire partage un cache dont les verrous de table n'attendent pas")
    rate, counts, lock = Rate(limit=1000, seconds=60), [], threading.Lock()

    def client() -> None:
        try:
            for _ in range(15):
                verdict = hit("api", "192.0.2.7", rate)
                with lock:
                    counts.append(verdict.count)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == list(range(1, 61))
