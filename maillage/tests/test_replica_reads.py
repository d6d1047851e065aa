"""Reports, indicators, exports and territory pages read a real PostgreSQL streaming replica.

Run against the pair of `scripts/with-postgres-replica.sh` (`make test-replica`); skipped without
DATABASE_REPLICA_URL. The rows are committed on the primary (transactional tests) and reach the
standby by streaming; pausing the standby's replay leaves a row on the primary only, which a page
read from the replica cannot show.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import socket
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from maillage.counter.models import Request, Visit
from maillage.factories import sign_in
from maillage.network.enums import ProcedureDomain
from maillage.network.models import Structure
from maillage.replica import reading_from_replica
from maillage.reports.links import token_for
from maillage.reports.models import ApiToken, ReportLink
from maillage.tests.reference import restore_reference_data

pytestmark = pytest.mark.skipif(
    "replica" not in connections.settings, reason="sans réplique (DATABASE_REPLICA_URL, make test-replica)"
)


@pytest.fixture(scope="module")
def cast(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    """One cast committed for the whole file (no `django_db` mark: the standby only receives what is
    committed); the file ends with a flush, as a transactional test does."""
    from conftest import Cast  # the fixed cast of every test (conftest.py at the repository's root)

    with _one_process_at_a_time(), django_db_blocker.unblock():
        restore_reference_data()  # emptied by a transactional test run before
        yield Cast()
        call_command("flush", interactive=False, verbosity=0)


@contextmanager
def _one_process_at_a_time() -> Iterator[None]:
    """Pausing replay pauses it for the whole standby, every test process's database included."""
    with open(Path(tempfile.gettempdir()) / "maillage-replica-tests.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@pytest.fixture(autouse=True)
def _database(django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def cast_in_transaction(db: Any) -> Any:
    from conftest import Cast

    return Cast()


def _scalar(alias: str, sql: str, params: list[Any] | None = None) -> Any:
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchone()[0]


def _replayed() -> None:
    """Wait until the standby has replayed everything the primary has written so far."""
    target = _scalar("default", "SELECT pg_current_wal_lsn()::text")
    for _ in range(200):
        if _scalar("replica", "SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), %s::pg_lsn) >= 0", [target]):
            return
        time.sleep(0.05)
    pytest.fail("la réplique n'a pas rejoué les écritures du primaire en 10 s")


@contextmanager
def _replay_paused() -> Iterator[None]:
    _replayed()
    _scalar("replica", "SELECT pg_wal_replay_pause()::text")
    for _ in range(200):
        if _scalar("replica", "SELECT pg_get_wal_replay_pause_state()") == "paused":
            break
        time.sleep(0.05)
    try:
        yield
    finally:
        _scalar("replica", "SELECT pg_wal_replay_resume()::text")
        _replayed()


def _ask(cast: Any, count: int) -> None:
    for _ in range(count):
        Request.objects.create(
            visit=Visit.objects.create(),
            structure=cast.structure_a,
            place=cast.place_a,
            mediator=cast.mediator_a,
            occurred_at=timezone.now() - dt.timedelta(minutes=5),
            domain=ProcedureDomain.SOCIAL_HEALTH,
            outcome="resolved",
        )


def _manager(cast: Any) -> Client:
    client = Client()
    sign_in(client, cast.manager_a)
    return client


def _report_total(client: Client, cast: Any) -> int:
    params = {"scope": f"structure:{cast.structure_a.uuid}", "period": str(timezone.localdate().year)}
    response = client.get("/pilotage/", params)
    assert response.status_code == 200
    return int(response.context["report"].totals.requests)


@pytest.mark.django_db
def test_reads_inside_a_test_transaction_stay_on_the_primary(cast_in_transaction: Any) -> None:
    """How the suite's report and isolation tests run against the pair: their rows are never
    committed, and a page read inside the transaction that wrote them reads the primary. (Also
    makes pytest-django create the test database when this file runs alone.)"""
    _ask(cast_in_transaction, 2)
    client = _manager(cast_in_transaction)
    assert _report_total(client, cast_in_transaction) == 2


def test_report_page_reads_the_replica_and_misses_rows_not_yet_replayed(cast: Any) -> None:
    _ask(cast, 3)
    client = _manager(cast)
    _replayed()
    before = _report_total(client, cast)
    assert before >= 3
    with _replay_paused():
        _ask(cast, 2)  # committed on the primary, held back on the standby
        assert Request.objects.filter(structure=cast.structure_a).count() == before + 2
        assert _report_total(client, cast) == before
    assert _report_total(client, cast) == before + 2


def test_indicators_exports_territory_and_partner_api_run_their_reads_on_the_replica(cast: Any) -> None:
    _ask(cast, 2)
    _, plain = ApiToken.issue(user=cast.partner_viewer, partner=cast.partner, name="Tableau de bord", days=30)
    manager, coordinator = _manager(cast), Client()
    sign_in(coordinator, cast.coordinator_a)
    year = str(timezone.localdate().year)
    report = {"scope": f"structure:{cast.structure_a.uuid}", "period": year}
    calls = [
        (manager, "/pilotage/", report | {"format": "csv"}, {}),
        (manager, "/pilotage/", report | {"format": "xlsx"}, {}),
        (coordinator, "/pilotage/indicateurs/", {"period": year}, {}),
        (coordinator, "/pilotage/indicateurs/", {"period": year, "format": "csv"}, {}),
        (coordinator, "/territoire/", {"departement": "90", "distance": "10", "unit": "km"}, {}),
        (coordinator, "/territoire/couverture.csv", {"departement": "90", "distance": "10", "unit": "km"}, {}),
        (Client(), "/api/v1/reports/activity", {"period": year}, {"Authorization": f"Bearer {plain}"}),
    ]
    _replayed()
    for client, url, params, headers in calls:
        with CaptureQueriesContext(connections["replica"]) as on_replica:
            response = client.get(url, params, headers=headers)
        assert response.status_code == 200, (url, params, response.content[:300])
        statements = [query["sql"].lstrip().split()[0].upper() for query in on_replica.captured_queries]
        assert len(statements) >= 2, (url, params)
        assert set(statements) <= {"SELECT", "DECLARE"}, (url, params)  # DECLARE: a cursor over a SELECT


def test_counter_and_shared_link_bookkeeping_stay_on_the_primary(cast: Any) -> None:
    mediator = Client()
    mediator.force_login(cast.mediator_a)
    with CaptureQueriesContext(connections["replica"]) as on_replica:
        assert mediator.get("/accueil/").status_code == 200
    assert on_replica.captured_queries == []
    _ask(cast, 1)
    with _replay_paused():
        # A link just created is found (read on the primary) and counts its view (a write), while
        # its report is read on the standby.
        link = ReportLink.objects.create(
            label="Conseil d'administration",
            parameters={"scope": f"structure:{cast.structure_a.uuid}", "period": str(timezone.localdate().year)},
            created_by=cast.manager_a,
            expires_at=timezone.now() + dt.timedelta(days=7),
        )
        with CaptureQueriesContext(connections["replica"]) as on_replica:
            response = Client().get(f"/pilotage/partage/{token_for(link)}/")
        assert response.status_code == 200
        assert on_replica.captured_queries
        link.refresh_from_db()
        assert link.views == 1


def test_a_transaction_that_wrote_reads_its_own_rows_on_the_primary(cast: Any) -> None:
    _ask(cast, 1)
    before = Request.objects.filter(structure=cast.structure_a).count()
    with _replay_paused(), reading_from_replica():
        with transaction.atomic():
            _ask(cast, 1)
            assert Request.objects.filter(structure=cast.structure_a).count() == before + 1
        assert Request.objects.filter(structure=cast.structure_a).count() == before  # the replica, held back


def test_the_replica_is_a_read_only_standby(cast: Any) -> None:
    _replayed()
    assert _scalar("replica", "SELECT pg_is_in_recovery()") is True
    with pytest.raises(DatabaseError, match="read-only transaction"):
        Structure.objects.using("replica").filter(pk=cast.structure_a.pk).update(name="Écrite sur la réplique")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_unreachable_replica_falls_back_to_the_primary_with_a_warning(
    cast: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client = _manager(cast)
    _replayed()
    before = _report_total(client, cast)
    replica = connections["replica"]
    port = replica.settings_dict["PORT"]
    replica.close()
    replica.settings_dict["PORT"] = _closed_port()
    try:
        _ask(cast, 2)
        with caplog.at_level(logging.WARNING, logger="maillage.replica"):
            assert _report_total(client, cast) == before + 2
    finally:
        replica.close()
        replica.settings_dict["PORT"] = port
    assert "Réplique injoignable, lecture sur la base principale" in caplog.text
