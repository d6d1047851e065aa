"""The place form takes the commune by name: one commune or a French error, never a silent pick."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.factories import sign_in
from maillage.network.models import Place
from maillage.territory.enums import CommuneAliasKind
from maillage.territory.models import Commune, CommuneAlias
from maillage.territory.picking import commune_label


def _payload(**overrides: Any) -> dict[str, Any]:
    data = {
        "name": "PIMMS Test",
        "commune": "",
        "commune_text": "",
        "postcode": "",
        "address": "1 place de la Mairie",
        "mobility": "fixed",
        "opening_hours_raw": "Mo-Fr 09:00-12:00",
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


def _create(cast: Any, client: Client, **overrides: Any) -> Any:
    return client.post(reverse("network:place_create", args=[cast.structure_a.uuid]), _payload(**overrides))


@pytest.mark.parametrize(
    ("typed", "postcode", "saved"),
    [("Saint-Fons", "69190", "Saint-Fons"), ("saint fons", "69190", "Saint-Fons"), ("Lyon", "69001", "Lyon")],
)
def test_manager_types_a_commune_name_and_that_commune_is_saved(
    cast: Any, manager_client: Client, typed: str, postcode: str, saved: str
) -> None:
    response = _create(cast, manager_client, commune_text=typed, postcode=postcode)
    assert response.status_code == 302, response.context["form"].errors
    assert Place.objects.get(name="PIMMS Test").commune.name == saved


def test_postcode_is_taken_from_a_commune_that_has_only_one(cast: Any, manager_client: Client) -> None:
    marlhes = Commune.objects.get(name="Marlhes")
    response = _create(cast, manager_client, commune=marlhes.code, commune_text=commune_label(marlhes))
    assert response.status_code == 302, response.context["form"].errors
    assert Place.objects.get(name="PIMMS Test").postcode == "42660"


def test_postcode_is_asked_for_when_the_commune_has_several(cast: Any, manager_client: Client) -> None:
    response = _create(cast, manager_client, commune_text="Saint-Étienne")
    assert "plusieurs codes postaux (42000, 42100, 42230)" in " ".join(response.context["form"].errors["postcode"])


def test_the_suggested_label_is_read_back_as_that_commune(cast: Any, manager_client: Client) -> None:
    marlhes = Commune.objects.get(name="Marlhes")
    response = _create(cast, manager_client, commune_text=commune_label(marlhes), postcode="42660")
    assert response.status_code == 302, response.context["form"].errors
    assert Place.objects.get(name="PIMMS Test").commune == marlhes


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("42660", "désigne plusieurs communes"),
        ("Saint-Martin", "désigne plusieurs communes"),
        ("Zzyzxville", "Aucune commune ne correspond à « Zzyzxville »"),
        ("99999", "Aucune commune n'a le code INSEE ou le code postal"),
    ],
)
def test_ambiguous_or_unknown_commune_is_refused_in_french(
    cast: Any, manager_client: Client, typed: str, message: str
) -> None:
    response = _create(cast, manager_client, commune_text=typed)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["commune"])
    assert not Place.objects.filter(name="PIMMS Test").exists()


def test_ambiguous_postcode_lists_the_communes_to_choose_from(cast: Any, manager_client: Client) -> None:
    response = _create(cast, manager_client, commune_text="42660")
    error = " ".join(response.context["form"].errors["commune"])
    assert "Marlhes (Loire, 42660), code INSEE" in error


def test_text_changed_after_a_pick_wins_over_the_stale_code(cast: Any, manager_client: Client) -> None:
    saint_etienne = Commune.objects.get(name="Saint-Étienne")
    response = _create(cast, manager_client, commune=saint_etienne.code, commune_text="Saint-Fons", postcode="69190")
    assert response.status_code == 302, response.context["form"].errors
    assert Place.objects.get(name="PIMMS Test").commune.name == "Saint-Fons"


def test_former_commune_name_gives_the_commune_that_holds_it_today(cast: Any, manager_client: Client) -> None:
    alias = next(
        a
        for a in CommuneAlias.objects.filter(kind=CommuneAliasKind.DELEGATED).select_related("commune")
        if not Commune.objects.filter(search_name__startswith=a.search_name).exists()
        and CommuneAlias.objects.filter(search_name__startswith=a.search_name).count() == 1
    )
    response = _create(cast, manager_client, commune_text=alias.name)
    assert response.status_code == 302, response.context["form"].errors
    assert Place.objects.get(name="PIMMS Test").commune == alias.commune


def test_suggestions_show_name_departement_and_postcode_with_the_insee_code(cast: Any, manager_client: Client) -> None:
    url = reverse("network:commune_suggestions", args=[cast.structure_a.uuid])
    results = manager_client.get(url, {"q": "Saint-Etienne"}).json()["results"]
    first = results[0]
    assert first["label"] == "Saint-Étienne (Loire, 42000)"
    assert first["code"] == "42218"
    assert first["lat"] is not None
    assert first["lon"] is not None


def test_suggestions_find_a_commune_by_a_former_communes_code(cast: Any, manager_client: Client) -> None:
    alias = CommuneAlias.objects.filter(kind=CommuneAliasKind.DELEGATED).select_related("commune").first()
    url = reverse("network:commune_suggestions", args=[cast.structure_a.uuid])
    codes = [r["code"] for r in manager_client.get(url, {"q": alias.code}).json()["results"]]
    assert alias.commune.code in codes


def test_suggestions_are_refused_to_a_mediator_and_to_another_structure(cast: Any) -> None:
    client = Client()
    url = reverse("network:commune_suggestions", args=[cast.structure_a.uuid])
    sign_in(client, cast.mediator_a)
    assert client.get(url, {"q": "Lyon"}).status_code == 403
    sign_in(client, cast.manager_b)
    assert client.get(url, {"q": "Lyon"}).status_code == 404


def test_edit_page_shows_the_commune_by_name_and_the_map_on_its_centre(cast: Any, manager_client: Client) -> None:
    place = cast.place_a
    page = manager_client.get(reverse("network:place_edit", args=[place.uuid])).content.decode()
    assert f'value="{commune_label(place.commune)}"' in page
    assert f'name="commune" id="id_commune" value="{place.commune.code}"' in page
    assert "data-place-map" in page
    assert f'data-lat="{place.commune.lat:f}"' in page
