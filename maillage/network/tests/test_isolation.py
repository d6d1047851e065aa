"""Role × URL matrix over every back-office view: nobody reaches another structure's data."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import Invitation
from maillage.factories import AgreementFactory, sign_in


def _urls_for(cast: Any, side: str) -> dict[str, tuple[str, str]]:
    """(method, url) of every back-office view, pointing at objects of structure `side`."""
    structure = getattr(cast, f"structure_{side}")
    place = getattr(cast, f"place_{side}")
    agreement = AgreementFactory(structure=structure, partner=cast.partner)
    invitation = Invitation.objects.create(email=f"nouveau-{side}@exemple.fr", role="mediator", structure=structure)
    membership = structure.memberships.first()
    return {
        "structure": ("get", reverse("network:structure", args=[structure.uuid])),
        "structure_edit": ("get", reverse("network:structure_edit", args=[structure.uuid])),
        "place_create": ("get", reverse("network:place_create", args=[structure.uuid])),
        "commune_suggestions": ("get", reverse("network:commune_suggestions", args=[structure.uuid]) + "?q=Lyon"),
        "agreement_create": ("get", reverse("network:agreement_create", args=[structure.uuid])),
        "staff_invite": ("get", reverse("network:staff_invite", args=[structure.uuid])),
        "place_edit": ("get", reverse("network:place_edit", args=[place.uuid])),
        "place_confirm": ("post", reverse("network:place_confirm", args=[place.uuid])),
        "agreement_edit": ("get", reverse("network:agreement_edit", args=[agreement.uuid])),
        "agreement_delete": ("post", reverse("network:agreement_delete", args=[agreement.uuid])),
        "invitation_revoke": ("post", reverse("network:invitation_revoke", args=[invitation.uuid])),
        "membership_remove": ("post", reverse("network:membership_remove", args=[membership.pk])),
        "place_delete": ("post", reverse("network:place_delete", args=[place.uuid])),
    }


READ_ONLY = {"structure"}
ROLES = ["mediator_a", "manager_a", "coordinator_a", "partner_viewer", "mediator_b", "manager_b", "admin"]
# Who may do what on structure A's objects: (reach = not 404, change = 2xx/3xx on a manage view).
EXPECTED_A = {
    "mediator_a": ("reach", "no-change"),
    "manager_a": ("reach", "change"),
    "coordinator_a": ("reach", "change"),
    "admin": ("reach", "change"),
    "partner_viewer": ("none", "no-change"),
    "mediator_b": ("none", "no-change"),
    "manager_b": ("none", "no-change"),
}


@pytest.mark.parametrize("role", ROLES)
def test_back_office_matrix_on_structure_a(cast: Any, role: str) -> None:
    urls = _urls_for(cast, "a")
    _urls_for(cast, "b")
    client = Client()
    sign_in(client, getattr(cast, role))
    reach, change = EXPECTED_A[role]
    for name, (method, url) in urls.items():
        response = getattr(client, method)(url)
        code = response.status_code
        if reach == "none":
            assert code == 404, f"{role} reached {name} of structure A ({code})"
        elif name in READ_ONLY:
            assert code == 200, f"{role} cannot read {name} ({code})"
        elif change == "change":
            assert code in {200, 302}, f"{role} cannot manage {name} ({code})"
        else:
            assert code == 403, f"{role} changed {name} of its own structure ({code})"


def test_anonymous_is_sent_to_login_for_every_back_office_view(cast: Any) -> None:
    client = Client()
    for name, (method, url) in _urls_for(cast, "a").items():
        response = getattr(client, method)(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith("/compte/login/"), name


def test_dashboard_lists_only_own_structures(cast: Any) -> None:
    client = Client()
    sign_in(client, cast.mediator_a)
    body = client.get(reverse("network:dashboard")).content.decode()
    assert "Structure A" in body
    assert "Structure B" not in body


def test_place_b_untouched_after_manager_a_tries_to_delete_it(cast: Any) -> None:
    client = Client()
    sign_in(client, cast.manager_a)
    response = client.post(reverse("network:place_delete", args=[cast.place_b.uuid]))
    assert response.status_code == 404
    cast.place_b.refresh_from_db()


def test_partner_editing_is_for_coordinators_and_admins(cast: Any) -> None:
    client = Client()
    for role, expected in [("manager_a", 403), ("mediator_a", 403), ("coordinator_a", 200), ("admin", 200)]:
        sign_in(client, getattr(cast, role))
        assert client.get(reverse("network:partner_create")).status_code == expected, role
        assert client.get(reverse("network:partners")).status_code == 200, role


def test_django_admin_is_for_administrators_only(cast: Any) -> None:
    client = Client()
    for role, expected in [("manager_a", 302), ("coordinator_a", 302), ("admin", 200)]:
        sign_in(client, getattr(cast, role))
        assert client.get("/admin/").status_code == expected, role


UNSCOPED = {"dashboard", "partners", "partner_create", "partner_edit", "hours_preview"}


def test_every_back_office_view_is_in_the_matrix(cast: Any) -> None:
    """A new back-office URL must be added to the matrix above (or declared unscoped here)."""
    from django.urls import get_resolver

    resolver = get_resolver()
    namespace = resolver.namespace_dict["network"][1]
    names = {p.name for p in namespace.url_patterns}
    assert names - UNSCOPED == set(_urls_for(cast, "a"))
