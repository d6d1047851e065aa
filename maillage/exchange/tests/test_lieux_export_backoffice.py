"""Back-office exports in the national standard: each user gets the places they manage, never others'."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.factories import PlaceFactory, sign_in

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _names(response: Any) -> list[str]:
    text = b"".join(response.streaming_content).decode("utf-8")
    return [row["nom"] for row in csv.DictReader(io.StringIO(text))]


def _structure_url(structure: Any, file_format: str = "csv") -> str:
    return reverse(f"exchange:structure_places_{file_format}", args=[structure.uuid])


def _network_url(network: Any, file_format: str = "csv") -> str:
    return reverse(f"exchange:network_places_{file_format}", args=[network.uuid])


def test_a_manager_exports_the_places_of_their_structure(cast: Any) -> None:
    response = _client(cast.manager_a).get(_structure_url(cast.structure_a))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="lieux-mediation-numerique-structure-a.csv"'
    assert _names(response) == ["Lieu A"]
    json_response = _client(cast.manager_a).get(_structure_url(cast.structure_a, "json"))
    assert [r["nom"] for r in json.loads(b"".join(json_response.streaming_content))] == ["Lieu A"]


def test_a_manager_never_downloads_another_structures_places(cast: Any) -> None:
    client = _client(cast.manager_a)
    assert client.get(_structure_url(cast.structure_b)).status_code == 404
    assert client.get(_network_url(cast.network_b)).status_code == 404
    assert client.get(_network_url(cast.network_a)).status_code == 404  # a manager is no coordinator


@pytest.mark.parametrize("who", ["mediator_a", "partner_viewer"])
def test_mediators_and_partner_viewers_get_403(cast: Any, who: str) -> None:
    client = _client(getattr(cast, who))
    assert client.get(_structure_url(cast.structure_a)).status_code == 403
    assert client.get(_network_url(cast.network_a)).status_code == 403
    assert client.get(reverse("exchange:places_export")).status_code == 403
    assert client.get(reverse("exchange:places_incomplete")).status_code == 403


def test_a_coordinator_exports_their_network_only(cast: Any) -> None:
    PlaceFactory(structure=cast.structure_a, name="Lieu A bis")
    client = _client(cast.coordinator_a)
    assert _names(client.get(_network_url(cast.network_a))) == ["Lieu A", "Lieu A bis"]
    assert _names(client.get(_structure_url(cast.structure_a))) == ["Lieu A", "Lieu A bis"]
    assert client.get(_network_url(cast.network_b)).status_code == 404
    assert client.get(_structure_url(cast.structure_b)).status_code == 404


def test_anonymous_visitors_are_sent_to_login(cast: Any) -> None:
    response = Client().get(_structure_url(cast.structure_a))
    assert response.status_code == 302
    assert "/compte/" in response["Location"]


def test_the_export_page_lists_what_the_user_may_export(cast: Any, django_assert_num_queries: Any) -> None:
    PlaceFactory.create_batch(10, structure=cast.structure_a, address="")
    client = _client(cast.coordinator_a)
    with django_assert_num_queries(11):  # session, user, roles, MFA, menu, then networks, structures, places
        response = client.get(reverse("exchange:places_export"))
    page = response.content.decode()
    assert _network_url(cast.network_a) in page
    assert _structure_url(cast.structure_a, "json") in page
    assert str(cast.structure_b.uuid) not in page
    assert str(cast.network_b.uuid) not in page


def test_places_to_complete_are_listed_with_what_to_fill_in_and_a_link(
    cast: Any, django_assert_num_queries: Any
) -> None:
    broken = PlaceFactory(structure=cast.structure_a, name="Lieu sans adresse", address="")
    PlaceFactory.create_batch(5, structure=cast.structure_a, phone="+41223456789")
    PlaceFactory(structure=cast.structure_b, name="Lieu B sans adresse", address="")
    client = _client(cast.manager_a)
    with django_assert_num_queries(7):  # session, user, roles, MFA, scope, places, menu
        response = client.get(reverse("exchange:places_incomplete"))
    page = response.content.decode()
    assert "Lieu sans adresse" in page
    assert "Adresse : à renseigner." in page
    assert reverse("network:place_edit", args=[broken.uuid]) in page
    assert "Lieu B sans adresse" not in page
    export_page = _client(cast.manager_a).get(reverse("exchange:places_export")).content.decode()
    assert "7 lieux publiés ne peuvent pas être publiés entièrement : 6 absents du fichier national" in export_page


def test_the_structure_page_and_the_dashboard_link_to_the_exports(cast: Any) -> None:
    client = _client(cast.manager_a)
    structure_page = client.get(reverse("network:structure", args=[cast.structure_a.uuid])).content.decode()
    assert _structure_url(cast.structure_a) in structure_page
    assert reverse("exchange:places_export") in client.get(reverse("network:dashboard")).content.decode()
    mediator = _client(cast.mediator_a)
    assert (
        _structure_url(cast.structure_a)
        not in mediator.get(reverse("network:structure", args=[cast.structure_a.uuid])).content.decode()
    )
    assert reverse("exchange:places_export") not in mediator.get(reverse("network:dashboard")).content.decode()
