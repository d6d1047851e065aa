"""Nothing counted twice under concurrency (PostgreSQL): mediators typing the same code at the same
moment, managers drafting the same claim at once. Skipped on SQLite, which serialises writers."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from maillage.tests.reference import restore_reference_data
from maillage.vouchers.models import Claim, Redemption, Voucher
from maillage.vouchers.services import draft_claim
from maillage.vouchers.tests.helpers import issue, make_series

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrence réelle : PostgreSQL seulement"),
]
THREADS = 6


@pytest.fixture(autouse=True)
def _geography(transactional_db: Any) -> None:
    """A transactional test ends with a flush that empties the geography loaded once per session
    (conftest.py): load it back when a previous one has run (the cast's places need their commune)."""
    restore_reference_data()


def _race(work: Callable[[], Any]) -> tuple[list[Any], list[str]]:
    """Run `work` in THREADS threads released together; their results and French refusals."""
    barrier = threading.Barrier(THREADS)
    results: list[Any] = []
    refusals: list[str] = []
    lock = threading.Lock()

    def run() -> None:
        try:
            barrier.wait()
            result = work()
            with lock:
                results.append(result)
        except ValidationError as exc:
            with lock:
                refusals.extend(exc.messages)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, refusals


def test_the_same_code_redeemed_at_once_counts_once(cast: Any) -> None:
    voucher = issue(make_series(cast.structure_a), cast.structure_a, cast.mediator_a)
    place, mediator = cast.place_a, cast.mediator_a

    def redeem() -> Any:
        return Voucher.objects.select_related("series").get(pk=voucher.pk).redeem(place=place, redeemed_by=mediator)

    results, refusals = _race(redeem)
    assert len(results) == 1
    assert refusals == ["Ce bon a déjà été utilisé."] * (THREADS - 1)
    assert Redemption.objects.filter(voucher=voucher).count() == 1
    assert Voucher.objects.get(pk=voucher.pk).status == "redeemed"


def test_the_same_claim_drafted_at_once_exists_once(cast: Any) -> None:
    series = make_series(cast.structure_a)
    for _ in range(3):
        issue(series, cast.structure_a, cast.mediator_a).redeem(place=cast.place_a, redeemed_by=cast.mediator_a)
    structure, manager, month = cast.structure_a, cast.manager_a, timezone.localdate()

    def draft() -> Any:
        return draft_claim(structure=structure, funder_key=series.funder_key, month=month, user=manager)

    results, refusals = _race(draft)
    assert len(results) == 1
    assert len(refusals) == THREADS - 1
    claim = Claim.objects.get()
    assert (claim.count, claim.amount_cents) == (3, 3000)
    assert Redemption.objects.filter(claim=claim).count() == 3
