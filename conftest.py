"""Shared test set-up: the official geography loaded once, a fixed cast of users and structures."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from maillage.tests.shared_files import require_shared


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """Load the real COG package (fetched by `make install`) and the shipped commune centres once."""
    from maillage.territory.cog import DEFAULT_CENTRES, import_centres, load_cog
    from maillage.territory.management.commands.geo import DEFAULT_COG_DIR

    with django_db_blocker.unblock():
        load_cog(Path(settings.REFERENCE_DATA_DIR) / DEFAULT_COG_DIR)
        import_centres(DEFAULT_CENTRES)
    with _real_replica():
        yield


@contextmanager
def _real_replica() -> Iterator[None]:
    """With DATABASE_REPLICA_URL, the `replica` alias reads the test database the standby receives.

    Django's test set-up made it a mirror of the primary (TEST MIRROR: the same connection, never
    created, flushed or wrapped in a test's transaction); it goes back to the real standby, on the
    test database's name, replicated from the primary like any other database.
    """
    from django.db import connections

    if "replica" not in connections.settings:
        yield
        return
    real = connections.settings["replica"]  # also what the connections of other threads are made from
    name, real["NAME"] = real["NAME"], connections["default"].settings_dict["NAME"]
    connections["replica"].settings_dict = real
    try:
        yield
    finally:
        connections["replica"].close()
        real["NAME"] = name


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: Any) -> None:
    # The caches are a table of the test database (settings.SHARED_CACHE): rate-limit counters and
    # used TOTP codes are rolled back with each test, and a test without database access has none.
    settings.AXES_ENABLED = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "shared_data" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.shared)


@pytest.fixture
def shared_data() -> Path:
    """`../shared/data` (or `$MAILLAGE_SHARED_DIR/data`): skipped when absent, failing under CI=true."""
    return require_shared("data") / "data"


class Cast:
    """Alice works in structure A (network N), Bob in structure B (another network)."""

    def __init__(self) -> None:
        from maillage.accounts.enums import Role
        from maillage.factories import NetworkFactory, PartnerFactory, PlaceFactory, StructureFactory, member

        self.network_a = NetworkFactory(name="Réseau A")
        self.network_b = NetworkFactory(name="Réseau B")
        self.structure_a = StructureFactory(name="Structure A", network=self.network_a)
        self.structure_b = StructureFactory(name="Structure B", network=self.network_b)
        self.partner = PartnerFactory(code="caf")
        self.place_a = PlaceFactory(structure=self.structure_a, name="Lieu A")
        self.place_b = PlaceFactory(structure=self.structure_b, name="Lieu B")
        self.mediator_a = member(Role.MEDIATOR, structure=self.structure_a, totp=False)
        self.manager_a = member(Role.STRUCTURE_MANAGER, structure=self.structure_a)
        self.mediator_b = member(Role.MEDIATOR, structure=self.structure_b, totp=False)
        self.manager_b = member(Role.STRUCTURE_MANAGER, structure=self.structure_b)
        self.coordinator_a = member(Role.NETWORK_COORDINATOR, network=self.network_a)
        self.partner_viewer = member(Role.PARTNER_VIEWER, partner=self.partner, totp=False)
        self.admin = member(Role.ADMINISTRATOR)


@pytest.fixture
def cast(db: Any) -> Cast:
    return Cast()
