"""Role × URL matrix over every sheet view: network sheets reach the network, structure sheets the
structure, working copies the author and reviewers only; other structures get 404, other roles 403."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.accounts.enums import Role
from maillage.accounts.models import Membership
from maillage.factories import StructureFactory, member, sign_in
from maillage.sheets.enums import SheetStatus
from maillage.sheets.models import PracticeSheet
from maillage.sheets.tests.helpers import make_sheet, published_sheet

pytestmark = pytest.mark.django_db
ROLES = [
    "mediator_a",
    "manager_a",
    "admin",
    "coordinator_a",
    "mediator_a2",
    "mediator_b",
    "manager_b",
    "partner_viewer",
]
OTHER_STRUCTURE = {"mediator_b", "manager_b"}
REVIEWERS_OF_SHARED = {"manager_a", "admin", "coordinator_a"}


@pytest.fixture
def mediator_a2(cast: Any) -> Any:
    """A mediator of another structure of network A: reads A's shared sheets only."""
    return member(Role.MEDIATOR, structure=StructureFactory(name="Structure A2", network=cast.network_a), totp=False)


def _client(cast: Any, role: str, mediator_a2: Any) -> Client:
    client = Client()
    sign_in(client, mediator_a2 if role == "mediator_a2" else getattr(cast, role))
    return client


def _status(client: Client, method: str, url: str, data: dict[str, str] | None = None) -> int:
    return int(getattr(client, method)(url, data or {}).status_code)


def _expected(role: str, allowed: set[str], readers: set[str]) -> set[int]:
    if role in allowed:
        return {200, 302}
    if role == "partner_viewer":
        return {403}
    return {403} if role in readers else {404}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("scope", ["network", "structure"])
def test_published_sheet_pages_by_role_and_scope(cast: Any, mediator_a2: Any, role: str, scope: str) -> None:
    sheet = published_sheet(cast, scope=scope, title="Fiche de A")
    readers = {"mediator_a", "manager_a", "admin", "coordinator_a"} | ({"mediator_a2"} if scope == "network" else set())
    workers = {"mediator_a", "manager_a", "admin"} | ({"coordinator_a"} if scope == "network" else set())
    client = _client(cast, role, mediator_a2)
    pages = {
        "detail": (readers, "get", reverse("sheets:detail", args=[sheet.uuid])),
        "report_form": (readers, "get", reverse("sheets:report", args=[sheet.uuid])),
        "edit_form": (workers, "get", reverse("sheets:edit", args=[sheet.uuid])),
        "version": (workers, "get", reverse("sheets:version", args=[sheet.uuid, 1])),
    }
    for name, (allowed, method, url) in pages.items():
        assert _status(client, method, url) in _expected(role, allowed, readers), f"{role} on {name}"
    listed = client.get(reverse("sheets:list"))
    assert ("Fiche de A" in listed.content.decode()) is (role in readers)


@pytest.mark.parametrize("role", ROLES)
def test_reviewing_a_submitted_sheet_by_role(cast: Any, mediator_a2: Any, role: str) -> None:
    sheet = make_sheet(cast.mediator_a, cast.structure_a, title="Brouillon de A")
    sheet.submit(cast.mediator_a)
    workers = REVIEWERS_OF_SHARED | {"mediator_a"}
    client = _client(cast, role, mediator_a2)
    url = reverse("sheets:detail", args=[sheet.uuid])
    assert _status(client, "get", url) in _expected(role, workers, workers)
    review = reverse("sheets:review", args=[sheet.uuid])
    assert _status(client, "post", review, {"decision": "approve"}) in _expected(role, REVIEWERS_OF_SHARED, workers)
    sheet.refresh_from_db()
    assert (sheet.status == SheetStatus.PUBLISHED) is (role in REVIEWERS_OF_SHARED)


@pytest.mark.parametrize("role", ROLES)
def test_withdrawing_and_submitting_by_role(cast: Any, mediator_a2: Any, role: str) -> None:
    shown = published_sheet(cast, title="Publiée de A")
    draft = make_sheet(cast.mediator_a, cast.structure_a, title="Brouillon de A")
    readers = {"mediator_a", "manager_a", "admin", "coordinator_a", "mediator_a2"}
    workers = REVIEWERS_OF_SHARED | {"mediator_a"}
    client = _client(cast, role, mediator_a2)
    withdraw = reverse("sheets:withdraw", args=[shown.uuid])
    assert _status(client, "post", withdraw, {"to": "archived"}) in _expected(role, REVIEWERS_OF_SHARED, readers)
    submit = reverse("sheets:submit", args=[draft.uuid])
    assert _status(client, "post", submit) in _expected(role, workers, workers)
    assert PracticeSheet.objects.get(pk=shown.pk).status == ("archived" if role in REVIEWERS_OF_SHARED else "published")
    assert PracticeSheet.objects.get(pk=draft.pk).status == ("submitted" if role in workers else "draft")


@pytest.mark.parametrize(("role", "code"), [("mediator_a", 200), ("coordinator_a", 403), ("partner_viewer", 403)])
def test_only_structure_staff_write_sheets(cast: Any, role: str, code: int) -> None:
    client = Client()
    sign_in(client, getattr(cast, role))
    assert client.get(reverse("sheets:create")).status_code == code


def test_a_sheet_posted_for_another_structure_stays_in_the_authors_own(cast: Any) -> None:
    client = Client()
    sign_in(client, cast.mediator_b)
    data = {"procedure": "1", "structure": cast.structure_a.pk, "title": "Intruse", "scope": "network"}
    client.post(reverse("sheets:create"), {**data, "steps": "Une", "expires_on": "2099-01-01"})
    assert not PracticeSheet.objects.filter(structure=cast.structure_a).exists()
    assert PracticeSheet.objects.get(title="Intruse").structure == cast.structure_b  # its only structure


def test_the_public_is_sent_to_login(cast: Any) -> None:
    sheet = published_sheet(cast)
    client = Client()
    for url in (reverse("sheets:list"), reverse("sheets:detail", args=[sheet.uuid]), reverse("sheets:for_procedure")):
        assert client.get(url)["Location"].startswith("/compte/login/")


def test_staff_of_two_structures_choose_among_theirs_only(cast: Any) -> None:
    Membership.objects.create(user=cast.mediator_a, role=Role.MEDIATOR, structure=StructureFactory(name="Autre A"))
    client = Client()
    sign_in(client, cast.mediator_a)
    data = {"procedure": "1", "title": "Intruse", "scope": "network", "steps": "Une", "expires_on": "2099-01-01"}
    response = client.post(reverse("sheets:create"), {**data, "structure": cast.structure_b.pk})
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not PracticeSheet.objects.exists()
