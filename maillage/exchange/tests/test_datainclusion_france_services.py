"""The imported national France Services list becomes data·inclusion rows the package validates."""

from __future__ import annotations

from pathlib import Path

import pytest

from maillage.exchange.datainclusion import build, published_places
from maillage.exchange.tests.datainclusion_checks import assert_valid
from maillage.factories import NetworkFactory, StructureFactory
from maillage.network import enums
from maillage.network.models import Place
from maillage.territory.france_services import import_france_services

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_national_france_services_list_exports_valid_rows(shared_data: Path) -> None:
    network = NetworkFactory(kind=enums.NetworkKind.FRANCE_SERVICES)
    structure = StructureFactory(network=network)
    report = import_france_services(shared_data / "france-services-2024-08-01.csv", structure=structure)
    assert report.imported > 2000

    imported = build(published_places())
    # Imported places have no presentation yet: structures are published, services wait for it.
    assert len(imported.structures) == Place.objects.filter(is_published=True).count()
    assert imported.services == []
    assert all("présentation du lieu absente" in line for line in imported.left_out)
    assert_valid(imported.structures, [])

    Place.objects.update(summary="Accueil France Services : démarches administratives du quotidien.")
    described = build(published_places(), base_url="https://maillage.example.org")
    assert described.left_out == []
    assert len(described.services) >= len(described.structures)
    assert_valid(described.structures, described.services)
    assert all("france-service" in row["reseaux_porteurs"] for row in described.structures)
