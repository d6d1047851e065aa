"""Two mediators registering for the last seats at once: never over capacity (PostgreSQL, real threads)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from maillage.factories import PlaceFactory, UserFactory
from maillage.tests.reference import restore_reference_data
from maillage.tests.threads import in_own_thread
from maillage.workshops.models import Registration, Session
from maillage.workshops.tests.helpers import make_session

THREADS = 6


@pytest.mark.django_db
def test_the_session_row_refuses_a_seat_over_capacity_on_this_database(cast: Any) -> None:
    """Also makes pytest-django create the test database when this file runs alone: the test below
    reads committed data outside any test transaction, so it cannot carry the `django_db` mark."""
    session = make_session(cast.place_a, capacity=1)
    session.register(by=cast.mediator_a, anonymous=1)
    with pytest.raises(ValidationError, match="complet"):
        Session.objects.get(pk=session.pk).register(by=cast.mediator_a, anonymous=1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (scripts/with-postgres.sh)")
def test_concurrent_registrations_never_exceed_the_capacity(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Committed data and one connection per thread: the conditional UPDATE is what keeps the count."""
    in_own_thread(lambda: _race(django_db_blocker))


def _race(django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        restore_reference_data()  # a transactional test before this one may have emptied it
        place = PlaceFactory()
        user = UserFactory()
        session = make_session(place, capacity=3)
        barrier = threading.Barrier(THREADS)
        outcomes: list[str] = []

        def register() -> None:
            try:
                barrier.wait()
                Session.objects.get(pk=session.pk).register(by=user, anonymous=1)
                outcomes.append("ok")
            except ValidationError as exc:
                outcomes.append(" ".join(exc.messages))
            finally:
                connections.close_all()

        try:
            threads = [threading.Thread(target=register) for _ in range(THREADS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            session.refresh_from_db()
            assert outcomes.count("ok") == 3
            assert sorted(set(outcomes) - {"ok"}) == [
                "Cet atelier est complet : il ne reste pas assez de places libres."
            ]
            assert session.seats_taken == 3
            assert Registration.objects.filter(session=session).count() == 3
        finally:
            Registration.objects.filter(session=session).delete()
            Session.objects.filter(pk=session.pk).delete()
            structure = place.structure
            place.delete()
            structure.delete()
            user.delete()
