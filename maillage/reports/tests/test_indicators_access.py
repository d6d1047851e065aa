"""Who reaches the indicators page, and which scopes each role may choose (role × URL matrix)."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.factories import sign_in
from maillage.reports import urls as reports_urls


def _urls() -> dict[str, str]:
    page = reverse("reports:indicators")
    return {"indicators": page, "indicators_csv": page + "?format=csv"}


EXPECTED = {
    "admin": 200,
    "coordinator_a": 200,
    "manager_a": 200,
    "manager_b": 200,
    "mediator_a": 403,
    "mediator_b": 403,
    "partner_viewer": 403,
}


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_indicators_matrix(cast: Any, role: str) -> None:
    client = _client(getattr(cast, role))
    for name, url in _urls().items():
        code = client.get(url).status_code
        assert code == EXPECTED[role], f"{role} got {code} on {name}"


def test_anonymous_is_sent_to_login(cast: Any) -> None:
    for name, url in _urls().items():
        response = Client().get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith("/compte/login/"), name


def test_every_indicators_url_is_in_the_matrix() -> None:
    names = {pattern.name for pattern in reports_urls.urlpatterns if "indicat" in str(pattern.pattern)}
    assert names == {"indicators"}


def test_coordinator_chooses_among_their_network_its_structures_and_departements(cast: Any) -> None:
    body = _text(_client(cast.coordinator_a).get(reverse("reports:indicators")))
    assert f'value="network:{cast.network_a.uuid}"' in body
    assert f'value="structure:{cast.structure_a.uuid}"' in body
    assert 'value="departement:69"' in body  # Lieu A is in Villeurbanne
    assert "Réseau B" not in body
    assert "Structure B" not in body


def test_manager_chooses_among_their_structure_only(cast: Any) -> None:
    body = _text(_client(cast.manager_a).get(reverse("reports:indicators")))
    assert f'value="structure:{cast.structure_a.uuid}"' in body
    assert "network:" not in body
    assert "Structure B" not in body


def test_administrator_chooses_among_every_network(cast: Any) -> None:
    body = _text(_client(cast.admin).get(reverse("reports:indicators")))
    assert f'value="network:{cast.network_a.uuid}"' in body
    assert f'value="network:{cast.network_b.uuid}"' in body


@pytest.mark.parametrize(
    ("role", "scope"),
    [
        ("coordinator_a", "network:{network_b}"),
        ("manager_b", "structure:{structure_a}"),
        ("manager_a", "network:{network_a}"),
    ],
)
def test_scope_outside_the_users_reach_is_refused_in_french(cast: Any, role: str, scope: str) -> None:
    value = scope.format(
        network_a=cast.network_a.uuid, network_b=cast.network_b.uuid, structure_a=cast.structure_a.uuid
    )
    client = _client(getattr(cast, role))
    response = client.get(reverse("reports:indicators"), {"scope": value, "period": "2025"})
    assert response.status_code == 200
    assert response.context["result"] is None
    assert "Ce périmètre n'existe pas ou ne fait pas partie de ceux que vous suivez." in _text(response)
    csv_response = client.get(reverse("reports:indicators"), {"scope": value, "period": "2025", "format": "csv"})
    assert csv_response.status_code == 400
    assert "Ce périmètre n'existe pas" in csv_response.content.decode()


def test_manager_b_sees_only_structure_b_numbers(cast: Any) -> None:
    response = _client(cast.manager_b).get(reverse("reports:indicators"))
    assert response.context["result"].scope.structure_ids == frozenset({cast.structure_b.pk})
