"""Role × URL matrix over every voucher view: a structure's vouchers, series and claims stay within it."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.counter.tests.helpers import make_person
from maillage.factories import sign_in
from maillage.vouchers.models import Claim, Redemption, Voucher
from maillage.vouchers.services import draft_claim
from maillage.vouchers.tests.helpers import issue, make_series

pytestmark = pytest.mark.django_db
ROLES = ["mediator_a", "manager_a", "admin", "mediator_b", "manager_b", "coordinator_a", "partner_viewer"]
STAFF_A = {"mediator_a", "manager_a", "admin"}
STAFF = STAFF_A | {"mediator_b", "manager_b"}
RUNS_A = {"manager_a", "admin", "coordinator_a"}  # managers of A, coordination of its network, administrators
RUNS_ANY = RUNS_A | {"manager_b"}


def _world(cast: Any) -> dict[str, Any]:
    series = make_series(cast.structure_a, name="Série de A", funder_name="Financeur de A")
    redeemed = issue(series, cast.structure_a, cast.mediator_a)
    redeemed.redeem(place=cast.place_a, redeemed_by=cast.mediator_a)
    claim = draft_claim(
        structure=cast.structure_a, funder_key=series.funder_key, month=timezone.localdate(), user=cast.manager_a
    )
    voucher = issue(series, cast.structure_a, cast.mediator_a, person=make_person(cast.structure_a))
    return {"series": series, "voucher": voucher, "claim": claim}


def _expected(role: str, allowed: set[str], *, outsiders: int, ok: int = 200) -> int:
    return ok if role in allowed else outsiders


def _matrix(world: dict[str, Any], role: str) -> dict[str, tuple[str, str, int]]:
    voucher, claim = world["voucher"], world["claim"]
    staff_403 = 403 if role not in STAFF else 404
    person = voucher.person.uuid
    return {
        "list": ("get", reverse("vouchers:list"), _expected(role, STAFF, outsiders=403)),
        "series_list": ("get", reverse("vouchers:series_list"), _expected(role, STAFF | RUNS_ANY, outsiders=403)),
        "series_create": ("get", reverse("vouchers:series_create"), _expected(role, RUNS_ANY, outsiders=403)),
        "issue": ("get", reverse("vouchers:issue"), _expected(role, STAFF, outsiders=403)),
        "issue_for_person": (
            "get",
            reverse("vouchers:issue_for_person", args=[person]),
            _expected(role, STAFF_A, outsiders=staff_403),
        ),
        "detail": (
            "get",
            reverse("vouchers:detail", args=[voucher.uuid]),
            _expected(role, STAFF_A, outsiders=staff_403),
        ),
        "cancel": (
            "get",
            reverse("vouchers:cancel", args=[voucher.uuid]),
            _expected(role, STAFF_A, outsiders=staff_403),
        ),
        "redeem": ("get", reverse("vouchers:redeem"), _expected(role, STAFF, outsiders=403)),
        "ledger": ("get", reverse("vouchers:ledger"), _expected(role, RUNS_ANY, outsiders=403)),
        "unpaid": ("get", reverse("vouchers:unpaid"), _expected(role, RUNS_ANY, outsiders=403)),
        "claims": ("get", reverse("vouchers:claims"), _expected(role, RUNS_ANY, outsiders=403)),
        "claim_detail": (
            "get",
            reverse("vouchers:claim_detail", args=[claim.uuid]),
            _expected(role, RUNS_A, outsiders=404),
        ),
        "claim_csv": (
            "get",
            reverse("vouchers:claim_file", args=[claim.uuid, "csv"]),
            _expected(role, RUNS_A, outsiders=404),
        ),
        "claim_sent": (
            "post",
            reverse("vouchers:claim_sent", args=[claim.uuid]),
            _expected(role, RUNS_A, outsiders=404, ok=302),
        ),
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_voucher_view_answers_each_role_as_expected(cast: Any, role: str) -> None:
    world = _world(cast)
    client = Client()
    sign_in(client, getattr(cast, role))
    seen = {}
    for name, (method, url, expected) in _matrix(world, role).items():
        response = getattr(client, method)(url)
        seen[name] = response.status_code
        assert response.status_code == expected, f"{role} on {name}: {response.status_code}, attendu {expected}"
        if response.status_code == 200 and role not in STAFF_A | RUNS_A:
            page = response.content.decode()
            assert world["voucher"].printed_code not in page, f"{role} voit un bon de A sur {name}"
            assert "Financeur de A" not in page, f"{role} voit le financeur de A sur {name}"
    world["claim"].refresh_from_db()
    assert (world["claim"].status == "sent") == (role in RUNS_A)


@pytest.mark.parametrize("role", ["mediator_b", "manager_b"])
def test_structure_b_cannot_redeem_nor_cancel_a_voucher_of_a(cast: Any, role: str) -> None:
    world = _world(cast)
    voucher = world["voucher"]
    client = Client()
    sign_in(client, getattr(cast, role))
    response = client.post(
        reverse("vouchers:redeem"), {"code": voucher.code, "place": cast.place_b.pk, "kind": "request"}
    )
    assert "Aucun bon de vos séries ne porte ce code" in response.content.decode()
    response = client.post(
        reverse("vouchers:redeem"), {"code": voucher.code, "place": cast.place_a.pk, "kind": "request"}
    )
    assert response.status_code == 200
    assert not Redemption.objects.filter(voucher=voucher).exists()
    assert client.post(reverse("vouchers:cancel", args=[voucher.uuid])).status_code == 404
    assert Voucher.objects.get(pk=voucher.pk).status == "issued"


def test_a_network_series_is_redeemed_by_any_structure_of_the_network_only(cast: Any) -> None:
    from maillage.factories import PlaceFactory, StructureFactory

    sibling = StructureFactory(name="Structure A2", network=cast.network_a)
    sibling_place = PlaceFactory(structure=sibling, name="Lieu A2")
    series = make_series(network=cast.network_a)
    voucher = issue(series, cast.structure_a, cast.mediator_a)
    client = Client()
    sign_in(client, cast.mediator_b)
    client.post(reverse("vouchers:redeem"), {"code": voucher.code, "place": cast.place_b.pk, "kind": "request"})
    assert not Redemption.objects.exists()
    voucher.redeem(place=sibling_place, redeemed_by=cast.admin)
    assert Redemption.objects.get().structure == sibling


def test_anonymous_visitors_are_sent_to_login(cast: Any) -> None:
    world = _world(cast)
    client = Client()
    for name, (method, url, _expected_code) in _matrix(world, "partner_viewer").items():
        response = getattr(client, method)(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith("/compte/login/"), name
    assert Claim.objects.get().status == "drafted"
