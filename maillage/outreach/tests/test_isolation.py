"""Role × URL matrix over every outreach view: only the staff of the campaign's structure get in, and
only its managers edit it."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.factories import sign_in
from maillage.outreach.models import Campaign, ContactAttempt
from maillage.outreach.tests.helpers import VILLEURBANNE, make_campaign

pytestmark = pytest.mark.django_db
ROLES = ["mediator_a", "manager_a", "admin", "mediator_b", "manager_b", "coordinator_a", "partner_viewer"]
STAFF_OF_A = {"mediator_a", "manager_a", "admin"}
EDITORS_OF_A = {"manager_a", "admin"}
NO_STRUCTURE = {"coordinator_a", "partner_viewer"}


def _urls(campaign: Campaign, cast: Any) -> dict[str, tuple[str, str, dict[str, Any]]]:
    edit = {
        "structure": cast.structure_a.pk,
        "kind": "event",
        "title": "Modifiée",
        "starts_on": str(campaign.starts_on),
        "ends_on": str(campaign.ends_on),
        "commune_codes": VILLEURBANNE,
    }
    attempt = {
        "commune_code": VILLEURBANNE,
        "occurred_at": campaign.starts_on.strftime("%Y-%m-%dT10:00"),
        "duration_minutes": "5",
        "client_uuid": str(uuid.uuid4()),
        "result": "absent",
    }
    return {
        "detail": ("get", reverse("outreach:detail", args=[campaign.uuid]), {}),
        "edit_form": ("get", reverse("outreach:edit", args=[campaign.uuid]), {}),
        "attempt_form": ("get", reverse("outreach:attempt", args=[campaign.uuid]), {}),
        "figures_csv": ("get", reverse("outreach:figures_csv", args=[campaign.uuid]), {}),
        "attempts_csv": ("get", reverse("outreach:attempts_csv", args=[campaign.uuid]), {}),
        "attempt": ("post", reverse("outreach:attempt", args=[campaign.uuid]), attempt),
        "edit": ("post", reverse("outreach:edit", args=[campaign.uuid]), edit),
    }


@pytest.mark.parametrize("role", ROLES)
def test_campaigns_of_structure_a_are_reached_by_its_staff_only(cast: Any, role: str) -> None:
    campaign = make_campaign(cast.structure_a, title="Campagne de A")
    user = getattr(cast, role)
    client = Client()

    sign_in(client, user)
    for name, (method, url, data) in _urls(campaign, cast).items():
        response = getattr(client, method)(url, data)
        if role in STAFF_OF_A and (role in EDITORS_OF_A or not name.startswith("edit")):
            expected = {302} if method == "post" else {200}
        elif role in STAFF_OF_A:
            expected = {403}  # a mediator reads and records, does not edit
        else:
            expected = {403} if role in NO_STRUCTURE else {404}
        assert response.status_code in expected, f"{role} on {name}: {response.status_code}"
        assert "Campagne de A" not in response.content.decode() or role in STAFF_OF_A
    campaign.refresh_from_db()
    assert campaign.title == ("Modifiée" if role in EDITORS_OF_A else "Campagne de A")
    assert ContactAttempt.objects.exists() == (role in STAFF_OF_A)


@pytest.mark.parametrize("role", ["mediator_b", "manager_b"])
def test_the_list_of_structure_b_never_shows_a_and_b_cannot_create_a_campaign_for_a(cast: Any, role: str) -> None:

    make_campaign(cast.structure_a, title="Campagne de A")
    client = Client()
    sign_in(client, getattr(cast, role))
    for when in ({}, {"when": "past"}, {"who": "mine"}):
        response = client.get(reverse("outreach:list"), when)
        assert response.status_code == 200
        assert response.context["page"].paginator.count == 0
    client.post(
        reverse("outreach:create"),
        {
            "structure": cast.structure_a.pk,
            "kind": "event",
            "title": "Intruse",
            "starts_on": "2030-01-01",
            "ends_on": "2030-01-02",
        },
    )
    assert not Campaign.objects.filter(title="Intruse").exists()


def test_a_mediator_cannot_create_a_campaign(cast: Any) -> None:

    client = Client()
    sign_in(client, cast.mediator_a)
    response = client.get(reverse("outreach:create"))
    assert response.status_code == 403
    assert "Seuls les responsables" in response.content.decode()


@pytest.mark.parametrize("role", sorted(NO_STRUCTURE))
def test_roles_without_a_structure_are_refused_every_outreach_page(cast: Any, role: str) -> None:

    client = Client()
    sign_in(client, getattr(cast, role))
    for name in ("outreach:list", "outreach:create"):
        response = client.get(reverse(name))
        assert response.status_code == 403
        assert "réservées aux équipes des structures" in response.content.decode()


def test_the_public_is_sent_to_login(cast: Any) -> None:
    campaign = make_campaign(cast.structure_a)
    client = Client()
    for _name, (method, url, data) in _urls(campaign, cast).items():
        assert getattr(client, method)(url, data)["Location"].startswith("/compte/login/")
    assert client.get(reverse("outreach:list"))["Location"].startswith("/compte/login/")
