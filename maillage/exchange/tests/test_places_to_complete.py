"""« Lieux à compléter » says, per place, what the national file and data·inclusion still need."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.exchange.datainclusion import build
from maillage.factories import PlaceFactory, StructureFactory, sign_in
from maillage.network.models import Place
from maillage.territory.france_services import import_france_services

pytestmark = pytest.mark.django_db
DESCRIBED = "Aide aux démarches en ligne."


def _page(user: Any, name: str) -> str:
    client = Client()
    sign_in(client, user)
    return " ".join(client.get(reverse(name)).content.decode().split())


def test_a_published_place_without_presentation_is_listed_with_what_data_inclusion_needs(cast: Any) -> None:
    Place.objects.filter(pk=cast.place_a.pk).update(summary=DESCRIBED)
    bare = Place.objects.get(pk=PlaceFactory(structure=cast.structure_a, name="Lieu sans présentation").pk)
    assert build([bare]).services == []  # what the page warns about: its services are not published

    page = _page(cast.manager_a, "exchange:places_incomplete")

    assert "Lieu sans présentation" in page
    assert (
        "Présentation courte ou détaillée : à renseigner (au moins 5 caractères), "
        "sinon ses services ne sont pas publiés." in page
    )
    assert reverse("network:place_edit", args=[bare.uuid]) in page
    assert cast.place_a.name not in page.split("<tbody>")[1]
    export_page = _page(cast.manager_a, "exchange:places_export")
    assert (
        "1 lieu publié ne peut pas être publié entièrement : 0 absent du fichier national, "
        "1 incomplet pour data·inclusion" in export_page
    )


def test_the_headline_counts_published_places_and_names_unpublished_ones_apart(cast: Any) -> None:
    Place.objects.filter(pk=cast.place_a.pk).update(summary=DESCRIBED)
    PlaceFactory(structure=cast.structure_a, summary=DESCRIBED, address="")
    PlaceFactory(structure=cast.structure_a)
    PlaceFactory(structure=cast.structure_a, is_published=False, address="")
    PlaceFactory(structure=cast.structure_a, is_published=False)  # nothing to export, nothing to complete

    export_page = _page(cast.manager_a, "exchange:places_export")

    assert (
        "2 lieux publiés ne peuvent pas être publiés entièrement : 1 absent du fichier national, "
        "1 incomplet pour data·inclusion" in export_page
    )
    assert "1 lieu non publié est aussi à compléter avant publication." in export_page


def test_france_services_places_imported_without_presentation_are_listed(
    cast: Any, shared_data: Path, tmp_path: Path
) -> None:
    lines = (shared_data / "france-services-2024-08-01.csv").read_bytes().splitlines(keepends=True)
    sample = tmp_path / "france-services.csv"
    sample.write_bytes(b"".join(lines[:4]))
    structure = StructureFactory(network=cast.network_a)
    report = import_france_services(sample, structure=structure)
    assert report.imported == 3

    page = _page(cast.coordinator_a, "exchange:places_incomplete")

    for place in structure.places.all():
        assert reverse("network:place_edit", args=[place.uuid]) in page
    assert page.count("sinon ses services ne sont pas publiés") >= 3
