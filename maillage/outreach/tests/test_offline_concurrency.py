"""The same request sent at once by several connections (a phone replaying its queue while the first
send is still running): stored once (PostgreSQL, real threads)."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from maillage.counter.models import Request, Visit
from maillage.counter.services import record_request_once
from maillage.factories import PlaceFactory, UserFactory
from maillage.tests.reference import restore_reference_data
from maillage.tests.threads import in_own_thread

THREADS = 6


@pytest.mark.django_db
def test_a_replayed_request_uuid_returns_the_stored_request(cast: Any) -> None:
    """Also makes pytest-django create the test database when this file runs alone: the test below
    reads committed data outside any test transaction, so it cannot carry the `django_db` mark."""
    key = uuid.uuid4()
    fields = {"domain": "social_health", "duration_minutes": 10}
    first, created = record_request_once(client_uuid=key, mediator=cast.mediator_a, place=cast.place_a, **fields)
    again, created_again = record_request_once(client_uuid=key, mediator=cast.mediator_a, place=cast.place_a, **fields)
    assert (again.pk, created, created_again) == (first.pk, True, False)
    assert Visit.objects.filter(requests__client_uuid=key).count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent inserts need PostgreSQL (scripts/with-postgres.sh)"
)
def test_the_same_request_sent_at_once_by_several_connections_is_stored_once(
    django_db_setup: Any, django_db_blocker: Any
) -> None:
    in_own_thread(lambda: _send_at_once(django_db_blocker))


def _send_at_once(django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        restore_reference_data()  # a transactional test before this one may have emptied it
        start = timezone.now()
        place = PlaceFactory()
        user = UserFactory()
        key = uuid.uuid4()
        barrier = threading.Barrier(THREADS)
        stored: list[tuple[int, bool]] = []

        def send() -> None:
            try:
                barrier.wait()
                request, created = record_request_once(
                    client_uuid=key, mediator=user, place=place, domain="social_health", duration_minutes=10
                )
                stored.append((request.pk, created))
            finally:
                connections.close_all()

        try:
            threads = [threading.Thread(target=send) for _ in range(THREADS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert len(stored) == THREADS
            assert len({pk for pk, _ in stored}) == 1
            assert sum(created for _, created in stored) == 1
            assert Request.objects.filter(client_uuid=key).count() == 1
            assert not Visit.objects.filter(requests__isnull=True, created_at__gte=start).exists()  # none half-written
        finally:
            requests = Request.objects.filter(place=place)
            visits = list(requests.values_list("visit_id", flat=True))
            requests.delete()
            Visit.objects.filter(pk__in=visits).delete()
            structure = place.structure
            place.delete()
            structure.delete()
            user.delete()
