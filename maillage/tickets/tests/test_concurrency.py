"""Two mediators at once: one ticket is called once, and numbers taken together are all different.

Real threads, each with its own database connection, started together at a barrier, on PostgreSQL
(`scripts/with-postgres.sh`), where the conditional UPDATE and the row lock keep one winner."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from maillage.tests.reference import restore_reference_data
from maillage.tickets.enums import Status
from maillage.tickets.models import Ticket

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # SQLite's shared in-memory test database answers "table is locked" at once to a second writer
    # instead of waiting: the race is meaningful on PostgreSQL (scripts/with-postgres.sh).
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrence réelle : PostgreSQL"),
]


@pytest.fixture(autouse=True)
def _reference_data_restored() -> None:
    """A transactional test empties every table at its end, the official geography included (loaded
    once per session by conftest.py): the next one loads it again before its cast needs it."""
    restore_reference_data()


def _together(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run `work(i)` in `count` threads released at once; results (or raised exceptions) in order."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_mediators_calling_the_same_ticket_at_once_get_one_call(cast: Any) -> None:
    ticket = Ticket.take(place=cast.place_a)
    mediators = [cast.mediator_a, cast.manager_a]

    def call(i: int) -> str:
        Ticket.objects.get(pk=ticket.pk).call(mediators[i])
        return "called"

    results = _together(2, call)
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert results.count("called") == 1, results
    assert len(refused) == 1
    assert refused[0].messages == ["Ce ticket a déjà été appelé par un autre médiateur."]
    ticket.refresh_from_db()
    assert ticket.status == Status.CALLED
    assert ticket.called_by == mediators[results.index("called")]


def test_two_mediators_calling_the_next_one_at_once_call_two_different_tickets(cast: Any) -> None:
    first, second = Ticket.take(place=cast.place_a), Ticket.take(place=cast.place_a)
    mediators = [cast.mediator_a, cast.manager_a]

    def call_next(i: int) -> int:
        for candidate in Ticket.objects.waiting().in_queue_order():
            try:
                candidate.call(mediators[i])
            except ValidationError:
                continue
            return candidate.pk
        return 0

    results = _together(2, call_next)
    assert sorted(results) == sorted([first.pk, second.pk]), results


def test_tickets_taken_at_once_get_different_numbers(cast: Any) -> None:
    results = _together(4, lambda i: Ticket.take(place=cast.place_a).number)
    assert sorted(results) == [1, 2, 3, 4], results
