"""A place is published only with the presentation data·inclusion needs as the description of its services."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from maillage.factories import sign_in
from maillage.network.models import Place
from maillage.network.presentation import presentation


def _payload(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "PIMMS Présentation",
        "commune": "69266",
        "postcode": "69100",
        "address": "3 rue Francis de Pressensé",
        "mobility": "fixed",
        "services": ["admin_procedures"],
        "is_published": "on",
        "stops-TOTAL_FORMS": "0",
        "stops-INITIAL_FORMS": "0",
        "stops-MIN_NUM_FORMS": "0",
        "stops-MAX_NUM_FORMS": "30",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def manager_client(cast: Any) -> Client:
    client = Client()
    sign_in(client, cast.manager_a)
    return client


def _create(client: Client, cast: Any, **overrides: Any) -> Any:
    return client.post(reverse("network:place_create", args=[cast.structure_a.uuid]), _payload(**overrides))


@pytest.mark.parametrize("summary", ["", "   ", "Oui"])
def test_publishing_a_place_without_presentation_is_refused_naming_the_field(
    cast: Any, manager_client: Client, summary: str
) -> None:
    response = _create(manager_client, cast, summary=summary, description="")
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["summary"])
    assert "présentation courte" in errors
    assert "data·inclusion exige une description" in errors
    assert not Place.objects.filter(name="PIMMS Présentation").exists()


@pytest.mark.parametrize(
    ("summary", "description"),
    [("Accueil sans rendez-vous", ""), ("", "Aide aux démarches en ligne et prise en main de l'ordinateur.")],
)
def test_a_short_or_a_detailed_presentation_is_enough_to_publish(
    cast: Any, manager_client: Client, summary: str, description: str
) -> None:
    response = _create(manager_client, cast, summary=summary, description=description)
    assert response.status_code == 302
    assert Place.objects.get(name="PIMMS Présentation").is_published


def test_an_unpublished_place_may_be_saved_without_presentation(cast: Any, manager_client: Client) -> None:
    response = _create(manager_client, cast, summary="", is_published=None)
    assert response.status_code == 302
    assert not Place.objects.get(name="PIMMS Présentation").is_published


@pytest.mark.django_db
def test_every_demo_place_has_the_presentation_publishing_needs(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo")
    capsys.readouterr()
    places = list(Place.objects.filter(is_published=True))
    assert places
    assert all(presentation(place.summary, place.description) for place in places)
