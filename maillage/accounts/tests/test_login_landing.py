"""After login each role lands on its own home; a `next` given to the login page wins."""

from __future__ import annotations

from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from maillage.accounts.enums import Role
from maillage.factories import PASSWORD, TEST_TOTP_SECRET, StructureFactory, member


def _code() -> str:
    import time

    return format_hotp_value(hotp_value(TEST_TOTP_SECRET, int(time.time()) // 30))


def _landing(user: Any, *, next_url: str = "") -> str:
    client = Client()
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    if response["Location"] == reverse("mfa_authenticate"):
        response = client.post(reverse("mfa_authenticate"), {"code": _code()})
        assert response.status_code == 302
    return str(response["Location"])


def test_mediator_lands_on_the_counter(cast: Any) -> None:
    assert _landing(cast.mediator_a) == reverse("counter:counter")


def test_manager_lands_on_the_back_office(cast: Any) -> None:
    assert _landing(cast.manager_a) == reverse("network:dashboard")


def test_coordinator_lands_on_pilotage(cast: Any) -> None:
    assert _landing(cast.coordinator_a) == reverse("reports:report")


def test_partner_viewer_lands_on_their_report(cast: Any) -> None:
    assert _landing(cast.partner_viewer) == reverse("reports:report")


def test_administrator_lands_on_the_back_office(cast: Any) -> None:
    assert _landing(cast.admin) == reverse("network:dashboard")


def test_mediator_of_a_structure_without_places_lands_on_the_back_office(cast: Any) -> None:
    lonely = member(Role.MEDIATOR, structure=StructureFactory(name="Sans lieu"), totp=False)
    assert _landing(lonely) == reverse("network:dashboard")


def test_next_is_kept(cast: Any) -> None:
    assert _landing(cast.mediator_a, next_url="/orientations/") == "/orientations/"
    assert _landing(cast.manager_a, next_url="/orientations/chaine/") == "/orientations/chaine/"
