"""The same contact attempt sent several times at once (a phone replaying its queue): stored once
(PostgreSQL, real threads)."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest
from django.db import connection, connections

from maillage.factories import StructureFactory, UserFactory
from maillage.outreach.models import Campaign, ContactAttempt
from maillage.outreach.tests.helpers import commune, make_campaign
from maillage.tests.reference import restore_reference_data
from maillage.tests.threads import in_own_thread

THREADS = 6


@pytest.mark.django_db
def test_a_replayed_uuid_returns_the_stored_attempt_on_this_database(cast: Any) -> None:
    """Also makes pytest-django create the test database when this file runs alone: the test below
    reads committed data outside any test transaction, so it cannot carry the `django_db` mark."""
    campaign = make_campaign(cast.structure_a)
    key = uuid.uuid4()
    first = ContactAttempt.record(
        campaign=campaign, mediator=cast.mediator_a, commune=commune(), result="absent", client_uuid=key
    )
    again = ContactAttempt.record(
        campaign=campaign, mediator=cast.mediator_a, commune=commune(), result="absent", client_uuid=key
    )
    assert again.pk == first.pk


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent inserts need PostgreSQL (scripts/with-postgres.sh)"
)
def test_the_same_attempt_sent_at_once_by_several_connections_is_stored_once(
    django_db_setup: Any, django_db_blocker: Any
) -> None:
    in_own_thread(lambda: _send_at_once(django_db_blocker))


def _send_at_once(django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        restore_reference_data()  # a transactional test before this one may have emptied it
        structure = StructureFactory()
        user = UserFactory()
        campaign = make_campaign(structure)
        key = uuid.uuid4()
        barrier = threading.Barrier(THREADS)
        stored: list[int] = []

        def send() -> None:
            try:
                barrier.wait()
                attempt = ContactAttempt.record(
                    campaign=campaign, mediator=user, commune=commune(), result="contact_made", client_uuid=key
                )
                stored.append(attempt.pk)
            finally:
                connections.close_all()

        try:
            threads = [threading.Thread(target=send) for _ in range(THREADS)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert len(stored) == THREADS
            assert len(set(stored)) == 1
            assert ContactAttempt.objects.filter(client_uuid=key).count() == 1
        finally:
            ContactAttempt.objects.filter(campaign=campaign).delete()
            Campaign.objects.filter(pk=campaign.pk).delete()
            structure.delete()
            user.delete()
