"""A partner's token reads its own partner's report and nothing else: no other partner, no other scope,
no person data, and nothing once its owner lost the partner role."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from maillage.accounts.enums import Role
from maillage.counter.models import Request, Visit
from maillage.counter.tests.helpers import make_person
from maillage.factories import AgreementFactory, PartnerFactory, PlaceFactory, member
from maillage.network.enums import ProcedureDomain
from maillage.reports.models import ApiToken
from maillage.reports.tests.helpers import seed, when

URL = "/api/v1/reports/activity"


@pytest.fixture
def two_partners(cast: Any) -> dict[str, Any]:
    """Partner A (cast.partner, CAF) has an agreement with structure A; partner B with structure B only."""
    data = seed(cast)
    partner_b = PartnerFactory(code="msa", name="MSA")
    AgreementFactory(structure=cast.structure_b, partner=partner_b, start=when(2024, 1, 1).date())
    place_b2 = PlaceFactory(structure=cast.structure_b, name="Permanence secrète B")
    secret = make_person(cast.structure_b, first_name="Zéphyrine", last_name="Confidentielle")
    for day in range(1, 13):
        Request.objects.create(
            visit=Visit.objects.create(),
            structure=cast.structure_b,
            place=place_b2,
            mediator=cast.mediator_b,
            occurred_at=when(2025, 4, day),
            partner=partner_b,
            domain=ProcedureDomain.SOCIAL_HEALTH,
            person=secret if day < 3 else None,
        )
    viewer_b = member(Role.PARTNER_VIEWER, partner=partner_b, totp=False)
    _, plain_a = ApiToken.issue(user=cast.partner_viewer, partner=cast.partner, name="A", days=30)
    _, plain_b = ApiToken.issue(user=viewer_b, partner=partner_b, name="B", days=30)
    return data | {"partner_b": partner_b, "place_b2": place_b2, "plain_a": plain_a, "plain_b": plain_b}


def get(plain: str, **params: Any) -> Any:
    return Client().get(URL, {"period": "2025", **params}, headers={"Authorization": f"Bearer {plain}"})


def report(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.content
    data = response.json()
    data.pop("generated_at")
    return dict(data)


def test_each_token_reads_its_own_partner_only(cast: Any, two_partners: Any) -> None:
    mine = report(get(two_partners["plain_a"]))
    theirs = report(get(two_partners["plain_b"]))
    assert mine["partner"] == "caf"
    assert theirs["partner"] == "msa"
    text_a = json.dumps(mine, ensure_ascii=False)
    assert "Structure A" in text_a
    assert "Structure B" not in text_a
    assert "Permanence secrète B" not in text_a
    assert "Structure A" not in json.dumps(theirs, ensure_ascii=False)


def _scopes_of_b(cast: Any, two: Any) -> list[dict[str, str]]:
    b = two["partner_b"]
    return [
        {"scope": f"structure:{cast.structure_b.uuid}"},
        {"scope": f"structure:{cast.structure_b.pk}"},
        {"scope": f"network:{cast.network_b.uuid}"},
        {"scope": f"place:{two['place_b2'].uuid}"},
        {"scope": f"structure:{cast.structure_a.uuid}"},  # even a structure of its own agreements: the page has none
        {"scope": f"network:{cast.network_a.uuid}"},
        {"scope": "departement:69"},
        {"scope": f"partner:{b.code}"},
        {"partner": b.code},
        {"scope": "partner:caf", "partner": b.code},
    ]


def test_any_other_scope_or_partner_is_a_french_403(cast: Any, two_partners: Any) -> None:
    for params in _scopes_of_b(cast, two_partners):
        response = get(two_partners["plain_a"], **params)
        assert response.status_code == 403, params
        assert response.json()["detail"] == "Périmètre refusé : ce jeton lit seulement le rapport de " + (
            f"{cast.partner.name}."
        )


def test_unknown_parameters_never_widen_the_report(cast: Any, two_partners: Any) -> None:
    mine = report(get(two_partners["plain_a"]))
    for name, value in [
        ("structure", cast.structure_b.uuid),
        ("network", cast.network_b.uuid),
        ("structure_id", cast.structure_b.pk),
        ("place", two_partners["place_b2"].uuid),
        ("masked", "false"),
    ]:
        assert report(get(two_partners["plain_a"], **{name: value})) == mine, name
    assert report(get(two_partners["plain_a"], scope="partner:caf", partner="caf")) == mine


def test_report_holds_no_person_data(cast: Any, two_partners: Any) -> None:
    for plain in (two_partners["plain_a"], two_partners["plain_b"]):
        response = get(plain)
        text = response.content.decode()
        for person in [*two_partners["persons"], *cast.structure_b.persons.all()]:
            for value in (person.first_name, person.last_name, str(person.uuid), person.phone, str(person.birth_date)):
                assert value not in text
        data = response.json()
        assert set(data) == {
            "title",
            "scope",
            "period",
            "previous_period",
            "partner",
            "masked",
            "generated_at",
            "tables",
        }
        assert all(set(table) == {"key", "title", "columns", "rows", "units"} for table in data["tables"])
        assert not [t["key"] for t in data["tables"] if "person" in t["key"]]


def test_token_reaches_no_other_address(cast: Any, two_partners: Any) -> None:
    """Only the report is behind a token: person and request addresses do not exist in the API."""
    person = cast.structure_b.persons.first()
    headers = {"Authorization": f"Bearer {two_partners['plain_a']}"}
    for path in (
        f"/api/v1/persons/{person.uuid}",
        "/api/v1/reports/requests",
        "/api/v1/reports/persons",
        f"/api/v1/reports/activity/{person.uuid}",
    ):
        response = Client().get(path, headers=headers)
        assert response.status_code == 404, path
        assert person.last_name not in response.content.decode()
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert [p for p in paths if p.startswith("/api/v1/reports/")] == ["/api/v1/reports/activity"]


def test_token_stops_when_its_owner_loses_the_partner_role(cast: Any, two_partners: Any) -> None:
    plain = two_partners["plain_a"]
    assert get(plain).status_code == 200
    cast.partner_viewer.memberships.filter(role=Role.PARTNER_VIEWER).delete()
    response = get(plain)
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Ce jeton n'est plus valable")


def test_token_stops_when_its_owner_moves_to_another_partner(cast: Any, two_partners: Any) -> None:
    plain = two_partners["plain_a"]
    cast.partner_viewer.memberships.filter(role=Role.PARTNER_VIEWER).update(partner=two_partners["partner_b"])
    assert get(plain).status_code == 401


def test_token_stops_when_its_owner_is_deactivated(cast: Any, two_partners: Any) -> None:
    plain = two_partners["plain_a"]
    cast.partner_viewer.is_active = False
    cast.partner_viewer.save(update_fields=["is_active"])
    assert get(plain).status_code == 401
