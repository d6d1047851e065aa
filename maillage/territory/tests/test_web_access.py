"""Who reaches the territory pages: coordinators and administrators only (role × URL matrix)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.factories import sign_in
from maillage.territory import urls as territory_urls
from maillage.territory.models import SitingRun

QUERY = "?departement=90&distance=10&unit=km"


def _urls(cast: Any) -> dict[str, tuple[str, str]]:
    """(method, url) of every territory view; the run belongs to the user who opens it (see below)."""
    run = SitingRun.objects.create(created_by=cast.admin, departement_id="90", distance=10, sites=1)
    return {
        "coverage": ("get", reverse("territory:coverage") + QUERY),
        "coverage_csv": ("get", reverse("territory:coverage_csv") + QUERY),
        "coverage_geojson": ("get", reverse("territory:coverage_geojson") + QUERY),
        "siting": ("get", reverse("territory:siting")),
        "siting_run": ("get", reverse("territory:siting_run", args=[run.uuid])),
        "siting_run_status": ("get", reverse("territory:siting_run_status", args=[run.uuid])),
    }


EXPECTED = {
    "coordinator_a": 200,
    "admin": 200,
    "mediator_a": 403,
    "manager_a": 403,
    "partner_viewer": 403,
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_territory_matrix(cast: Any, role: str) -> None:
    user = getattr(cast, role)
    urls = _urls(cast)
    SitingRun.objects.update(created_by=user)  # their own run: the role alone decides
    client = Client()
    sign_in(client, user)
    for name, (method, url) in urls.items():
        code = getattr(client, method)(url).status_code
        assert code == EXPECTED[role], f"{role} got {code} on {name}"


def test_anonymous_is_sent_to_login(cast: Any) -> None:
    client = Client()
    for name, (method, url) in _urls(cast).items():
        response = getattr(client, method)(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith("/compte/login/"), name


def test_every_territory_url_is_in_the_matrix(cast: Any) -> None:
    names = {pattern.name for pattern in territory_urls.urlpatterns}
    assert names == set(_urls(cast))


def test_coordinator_does_not_reach_another_users_run(cast: Any) -> None:
    run = SitingRun.objects.create(created_by=cast.admin, departement_id="90", distance=10, sites=1)
    client = Client()
    sign_in(client, cast.coordinator_a)
    assert client.get(reverse("territory:siting_run", args=[run.uuid])).status_code == 404
    assert client.get(reverse("territory:siting_run_status", args=[run.uuid])).status_code == 404


def test_network_choice_is_limited_to_the_coordinators_networks(cast: Any) -> None:
    client = Client()
    sign_in(client, cast.coordinator_a)
    body = client.get(reverse("territory:coverage")).content.decode()
    assert "Réseau A" in body
    assert "Réseau B" not in body
    response = client.get(reverse("territory:coverage") + QUERY + f"&network={cast.network_b.uuid}")
    assert "Réseau B" not in response.content.decode()
    assert response.context["result"] is None  # refused choice, nothing computed


@pytest.mark.parametrize("role", ["coordinator_a", "admin"])
def test_nav_link_shown_to_coordinators_and_admins(cast: Any, role: str) -> None:
    client = Client()
    sign_in(client, getattr(cast, role))
    assert ">Territoire</a>" in client.get(reverse("network:dashboard")).content.decode()


def test_nav_link_hidden_from_mediators(cast: Any) -> None:
    client = Client()
    sign_in(client, cast.mediator_a)
    assert ">Territoire</a>" not in client.get(reverse("network:dashboard")).content.decode()
