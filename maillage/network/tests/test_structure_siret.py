"""A structure's SIRET is checked on both keys, with La Poste's exception, on the edit form."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from stdnum.fr import siren

from maillage.factories import StructureFactory, sign_in
from maillage.network.models import Structure


@pytest.fixture
def manager_client(cast: Any) -> Client:
    client = Client()
    sign_in(client, cast.manager_a)
    return client


def test_manager_can_record_la_poste_head_office_siret(cast: Any, manager_client: Client) -> None:
    url = reverse("network:structure_edit", args=[cast.structure_a.uuid])
    manager_client.post(url, {"name": "Agence postale de Marlhes", "pivot": "35600000000048"})
    assert Structure.objects.get(pk=cast.structure_a.pk).pivot == "35600000000048"


def test_siret_with_a_wrong_siren_key_is_refused_on_the_field(cast: Any, manager_client: Client) -> None:
    url = reverse("network:structure_edit", args=[cast.structure_a.uuid])
    response = manager_client.post(url, {"name": "Structure A", "pivot": "73282932100015"})
    assert "SIREN" in " ".join(response.context["form"].errors["pivot"])
    assert Structure.objects.get(pk=cast.structure_a.pk).pivot != "73282932100015"


@pytest.mark.django_db
def test_demo_and_factory_sirets_carry_a_valid_siren() -> None:
    call_command("demo")
    StructureFactory.create_batch(3)
    pivots = list(Structure.objects.values_list("pivot", flat=True))
    assert pivots
    assert [p for p in pivots if not siren.is_valid(p[:9])] == []
