"""Managers create and edit places; bad input is explained on the field and nothing is saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.factories import sign_in
from maillage.network.models import OutreachStop, Place, Structure


def _payload(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "PIMMS Test",
        "commune": "69266",
        "postcode": "69100",
        "address": "3 rue Francis de Pressensé",
        "lat": "45.7719",
        "lon": "4.8902",
        "mobility": "fixed",
        "opening_hours_raw": "Mo-Fr 09:00-12:00; PH off",
        "services": ["admin_procedures"],
        "languages": ["fr", "ar"],
        "summary": "Accueil sans rendez-vous, aide aux démarches.",
        "is_published": "on",
        "stops-TOTAL_FORMS": "0",
        "stops-INITIAL_FORMS": "0",
        "stops-MIN_NUM_FORMS": "0",
        "stops-MAX_NUM_FORMS": "30",
    }
    data.update(overrides)
    return data


@pytest.fixture
def manager_client(cast: Any) -> Client:
    client = Client()
    sign_in(client, cast.manager_a)
    return client


def test_manager_creates_a_place(cast: Any, manager_client: Client) -> None:
    url = reverse("network:place_create", args=[cast.structure_a.uuid])
    response = manager_client.post(url, _payload(partners=[cast.partner.pk]))
    assert response.status_code == 302
    place = Place.objects.get(name="PIMMS Test")
    assert place.structure == cast.structure_a
    assert place.services_index == "|admin_procedures|"
    assert list(place.partners.all()) == [cast.partner]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"opening_hours_raw": "Lu 9h-12h"}, "opening_hours", "Horaires illisibles"),
        ({"lat": "4.89", "lon": "45.77"}, "lat", "hors de France"),
        ({"lat": "45.77", "lon": ""}, "lat", "à la fois la latitude et la longitude"),
        ({"postcode": "75001"}, "postcode", "ne correspond pas à la commune"),
        ({"commune": "99999"}, "commune", "Aucune commune n'a le code INSEE"),
        ({"services": ["not_a_service"]}, "services", "Sélectionnez un choix valide"),
    ],
)
def test_bad_place_input_is_explained_and_nothing_saved(
    cast: Any, manager_client: Client, overrides: dict[str, Any], field: str, message: str
) -> None:
    url = reverse("network:place_create", args=[cast.structure_a.uuid])
    before = Place.objects.count()
    response = manager_client.post(url, _payload(**overrides))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field]), errors
    assert "rien n'a été enregistré" in response.content.decode()
    assert Place.objects.count() == before


def test_itinerant_place_with_stops_is_saved_together(cast: Any, manager_client: Client) -> None:
    url = reverse("network:place_create", args=[cast.structure_a.uuid])
    data = _payload(
        name="Bus numérique",
        mobility="itinerant",
        **{
            "stops-TOTAL_FORMS": "1",
            "stops-0-commune": "42218",
            "stops-0-address": "Place Jean Jaurès",
            "stops-0-lat": "45.44",
            "stops-0-lon": "4.39",
            "stops-0-opening_hours_raw": "Tu 09:00-12:00",
            "stops-0-position": "1",
        },
    )
    assert manager_client.post(url, data).status_code == 302
    stop = OutreachStop.objects.get(place__name="Bus numérique")
    assert stop.commune.name == "Saint-Étienne"


def test_bad_stop_rolls_back_the_place_too(cast: Any, manager_client: Client) -> None:
    url = reverse("network:place_create", args=[cast.structure_a.uuid])
    data = _payload(
        name="Bus cassé",
        mobility="itinerant",
        **{
            "stops-TOTAL_FORMS": "1",
            "stops-0-commune": "42218",
            "stops-0-address": "Place Jean Jaurès",
            "stops-0-opening_hours_raw": "n'importe quoi",
            "stops-0-position": "1",
        },
    )
    response = manager_client.post(url, data)
    assert response.status_code == 200
    assert "Horaires illisibles" in response.content.decode()
    assert not Place.objects.filter(name="Bus cassé").exists()


def test_delete_needs_a_confirmation_page_first(cast: Any, manager_client: Client) -> None:
    url = reverse("network:place_delete", args=[cast.place_a.uuid])
    page = manager_client.get(url)
    assert "Oui, supprimer" in page.content.decode()
    assert Place.objects.filter(pk=cast.place_a.pk).exists()
    manager_client.post(url)
    assert not Place.objects.filter(pk=cast.place_a.pk).exists()


def test_confirming_a_place_refreshes_its_date(cast: Any, manager_client: Client) -> None:
    Place.objects.filter(pk=cast.place_a.pk).update(confirmed_at="2025-01-01T00:00:00Z")
    manager_client.post(reverse("network:place_confirm", args=[cast.place_a.uuid]))
    cast.place_a.refresh_from_db()
    assert cast.place_a.confirmed_at.year >= 2026


@pytest.mark.parametrize(
    ("pivot", "message"),
    [("1234567890", "14 chiffres (10 saisis)"), ("73282932000075", "clé de contrôle")],
)
def test_bad_siret_is_refused_on_the_field(cast: Any, manager_client: Client, pivot: str, message: str) -> None:
    url = reverse("network:structure_edit", args=[cast.structure_a.uuid])
    response = manager_client.post(url, {"name": "Structure A", "pivot": pivot})
    assert message in " ".join(response.context["form"].errors["pivot"])
    assert Structure.objects.get(pk=cast.structure_a.pk).pivot != pivot


def test_agreement_period_must_be_ordered(cast: Any, manager_client: Client) -> None:
    url = reverse("network:agreement_create", args=[cast.structure_a.uuid])
    response = manager_client.post(url, {"partner": cast.partner.pk, "start": "2026-06-01", "end": "2026-01-01"})
    assert "ne peut pas précéder son début" in response.content.decode()
    assert not cast.structure_a.agreements.exists()
