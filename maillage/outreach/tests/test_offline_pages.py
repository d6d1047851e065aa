"""The installable terrain page, its manifest and service worker, and what the phone keeps (bootstrap)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.counter.models import Procedure
from maillage.factories import OutreachStopFactory, PartnerFactory, sign_in
from maillage.outreach.tests.helpers import make_campaign

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def test_the_terrain_page_is_linked_to_its_manifest_and_sends_to_the_sync_endpoint(cast: Any) -> None:
    page = _client(cast.mediator_a).get(reverse("outreach:terrain"))
    html = page.content.decode()
    assert page.status_code == 200
    assert f'<link rel="manifest" href="{reverse("outreach:terrain_manifest")}">' in html
    assert f'data-sync-url="{reverse("outreach:terrain_sync")}"' in html
    assert "Envoyer maintenant" in html
    assert "0 demande non envoyée" in html
    assert "<script>" not in html  # strict CSP: our behaviour comes from static files only
    assert "worker-src 'self'" in page["Content-Security-Policy"]
    assert "manifest-src 'self'" in page["Content-Security-Policy"]


@pytest.mark.parametrize("role", ["coordinator_a", "partner_viewer"])
def test_people_without_places_cannot_open_the_terrain_page(cast: Any, role: str) -> None:
    assert _client(getattr(cast, role)).get(reverse("outreach:terrain")).status_code == 403


def test_the_manifest_makes_an_installable_app_scoped_to_the_page(client: Client) -> None:
    response = client.get(reverse("outreach:terrain_manifest"))
    manifest = json.loads(response.content)
    assert response["Content-Type"] == "application/manifest+json"
    assert manifest["start_url"] == manifest["scope"] == reverse("outreach:terrain")
    assert manifest["display"] == "standalone"
    assert manifest["lang"] == "fr"
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}


def test_the_service_worker_is_javascript_served_under_the_page_scope(client: Client) -> None:
    response = client.get(reverse("outreach:terrain_sw"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert reverse("outreach:terrain_sw").startswith(reverse("outreach:terrain"))
    assert f'var PAGE = "{reverse("outreach:terrain")}";' in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_bootstrap_gives_my_places_stops_catalogue_and_running_campaigns_only(cast: Any) -> None:
    PartnerFactory(code="cpam")
    cast.place_a.partners.set([cast.partner])
    stop = OutreachStopFactory(place=cast.place_a)
    mine = make_campaign(cast.structure_a, title="En cours")
    make_campaign(cast.structure_a, before=30, after=-10, title="Finie")
    make_campaign(cast.structure_b, title="La leur")
    Procedure.objects.filter(code="caf_rsa").update(is_active=False)

    data = _client(cast.mediator_a).get(reverse("outreach:terrain_bootstrap")).json()

    assert [p["uuid"] for p in data["places"]] == [str(cast.place_a.uuid)]
    assert data["places"][0]["partners"] == ["caf"]
    assert data["places"][0]["stops"] == [{"id": stop.pk, "label": str(stop)}]
    assert [p["code"] for p in data["partners"]] == ["caf"]
    procedures = {p["code"]: p["partner"] for p in data["procedures"]}
    assert procedures["caf_prime_activite"] == "caf"
    assert "email_creation" in procedures
    assert "caf_rsa" not in procedures
    assert "cpam_carte_vitale" not in procedures
    assert [(c["uuid"], [x["code"] for x in c["communes"]]) for c in data["campaigns"]] == [(str(mine.uuid), ["69266"])]
    assert data["version"]
    assert data["csrf_token"]
    assert data["user"] == cast.mediator_a.pk


def test_bootstrap_version_changes_with_the_catalogue(cast: Any) -> None:
    client = _client(cast.mediator_a)
    before = client.get(reverse("outreach:terrain_bootstrap")).json()["version"]
    Procedure.objects.filter(code="email_creation").update(is_active=False)
    assert client.get(reverse("outreach:terrain_bootstrap")).json()["version"] != before


def test_bootstrap_with_an_expired_session_is_json_401(client: Client) -> None:
    response = client.get(reverse("outreach:terrain_bootstrap"))
    assert response.status_code == 401
    assert response.json()["code"] == "session_expired"


def test_every_page_guards_the_logout_control_with_the_queue_count(cast: Any) -> None:
    html = _client(cast.mediator_a).get(reverse("outreach:list")).content.decode()
    assert "data-logout-guard" in html
    assert "maillage/js/logout-guard.js" in html
    assert "maillage/js/terrain-db.js" in html
    assert reverse("outreach:terrain") in html  # the campaigns page links to the terrain page


@pytest.mark.parametrize("count", [1, 6])
def test_bootstrap_queries_do_not_grow_with_places_stops_and_campaigns(
    cast: Any, django_assert_num_queries: Any, count: int
) -> None:
    from maillage.factories import PlaceFactory

    for n in range(count):
        place = PlaceFactory(structure=cast.structure_a, name=f"Lieu {n:02d}", partners=[cast.partner])
        OutreachStopFactory(place=place)
        make_campaign(cast.structure_a, title=f"Campagne {n:02d}")
    client = _client(cast.mediator_a)
    client.get(reverse("outreach:terrain_bootstrap"))
    # session, user, roles (MFA), scope and places exist (the guard), scope again, places, stops,
    # partners of places, partners, procedures, campaigns, their communes
    with django_assert_num_queries(13):
        data = client.get(reverse("outreach:terrain_bootstrap")).json()
    assert len(data["places"]) == count + 1
    assert len(data["campaigns"]) == count
