"""Role × URL matrix over every profile view: a person's profile is reached by themselves (« Mon
profil »), by managers of a structure they work in and by administrators; never by another
structure, a network coordinator, a partner or the public."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.factories import sign_in
from maillage.people.models import Language, ProfileChangeProposal, Skill

pytestmark = pytest.mark.django_db
ROLES = ["mediator_a", "manager_a", "admin", "mediator_b", "manager_b", "coordinator_a", "partner_viewer", "anonymous"]
STAFF = {"mediator_a", "manager_a", "admin", "mediator_b", "manager_b"}
MANAGERS = {"manager_a", "admin", "manager_b"}
MANAGERS_OF_A = {"manager_a", "admin"}


def _urls(cast: Any, skill: Skill, proposal: ProfileChangeProposal) -> dict[str, tuple[str, str, dict[str, Any]]]:
    person = cast.mediator_a.uuid
    add = {"partner": cast.partner.pk, "level": "confirmed", "acquired_on": "2025-01-01"}
    return {
        "mine": ("get", reverse("people:mine"), {}),
        "propose_form": ("get", reverse("people:propose", args=["language"]), {}),
        "team": ("get", reverse("people:team"), {}),
        "proposals": ("get", reverse("people:proposals"), {}),
        "member": ("get", reverse("people:member", args=[person]), {}),
        "add_form": ("get", reverse("people:add", args=[person, "skill"]), {}),
        "delete_form": ("get", reverse("people:delete", args=[person, "skill", skill.pk]), {}),
        "edit_form": ("get", reverse("people:edit", args=[person, "skill", skill.pk]), {}),
        "add": ("post", reverse("people:add", args=[person, "skill"]), add),
        "edit": ("post", reverse("people:edit", args=[person, "skill", skill.pk]), {**add, "level": "referent"}),
        "review": ("post", reverse("people:review", args=[proposal.uuid]), {"decision": "accept"}),
        "delete": ("post", reverse("people:delete", args=[person, "skill", skill.pk]), {}),
    }


def _expected(role: str, name: str, method: str) -> set[int]:
    if role == "anonymous":
        return {302}  # to the login page
    ok = {302} if method == "post" else {200}
    if name in {"mine", "propose_form"}:
        return ok if role in STAFF else {403}
    if name in {"team", "proposals"}:
        return ok if role in MANAGERS else {403}
    if role in MANAGERS_OF_A:
        return ok
    return {404} if role in MANAGERS else {403}  # another structure's manager does not learn the person exists


@pytest.mark.parametrize("role", ROLES)
def test_the_profile_of_a_mediator_of_a_is_reached_by_themselves_managers_of_a_and_admins_only(
    cast: Any, role: str
) -> None:
    skill = Skill.objects.create(user=cast.mediator_a, domain="tax", level="beginner", acquired_on=dt.date(2024, 1, 1))
    proposal = ProfileChangeProposal.objects.create(
        user=cast.mediator_a, kind="language", data={"code": "wo", "level": "fluent"}, summary="Wolof (Courant)"
    )
    client = Client()
    if role != "anonymous":
        sign_in(client, getattr(cast, role))
    for name, (method, url, data) in _urls(cast, skill, proposal).items():
        response = getattr(client, method)(url, data)
        assert response.status_code in _expected(role, name, method), f"{role} on {name}: {response.status_code}"
        body = response.content.decode()
        if role not in MANAGERS_OF_A and name not in {"mine", "propose_form"}:
            assert str(cast.mediator_a.last_name) not in body, f"{role} on {name}"
    reached = role in MANAGERS_OF_A
    assert Skill.objects.filter(pk=skill.pk).exists() == (not reached)  # deleted by who reached it
    assert Skill.objects.filter(user=cast.mediator_a, partner=cast.partner, level="confirmed").exists() == reached
    assert Skill.objects.filter(pk=skill.pk, level="beginner").exists() == (not reached)  # neither edited nor deleted
    assert Language.objects.filter(user=cast.mediator_a, code="wo").exists() == reached


@pytest.mark.parametrize("role", ["manager_b", "mediator_b"])
def test_the_team_and_proposals_of_b_never_show_a(cast: Any, role: str) -> None:
    ProfileChangeProposal.objects.create(user=cast.mediator_a, kind="language", data={}, summary="Proposition de A")
    client = Client()
    sign_in(client, getattr(cast, role))
    for url in (reverse("people:team"), reverse("people:proposals"), reverse("people:mine")):
        body = client.get(url).content.decode()
        assert cast.mediator_a.email not in body
        assert "Proposition de A" not in body
