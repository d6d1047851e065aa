"""Profile pages: a manager edits a staff profile (French errors, confirmation before deleting), the
team list is paginated with a fixed number of queries, a person working in two structures shows each
manager only their own structure's periods and assignments."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.accounts.enums import Role
from maillage.accounts.models import Membership
from maillage.factories import member, sign_in
from maillage.people.models import Assignment, EmploymentPeriod, Skill, Training

pytestmark = pytest.mark.django_db
D = dt.date


def manager(cast: Any, role: str = "manager_a") -> Client:
    client = Client()
    sign_in(client, getattr(cast, role))
    return client


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def test_manager_adds_a_skill_and_a_training_to_a_staff_profile(cast: Any) -> None:
    client = manager(cast)
    person = cast.mediator_a
    response = client.post(
        reverse("people:add", args=[person.uuid, "skill"]),
        {"partner": cast.partner.pk, "level": "referent", "acquired_on": "2025-03-01"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("people:add", args=[person.uuid, "training"]),
        {
            "title": "Habilitation Aidants Connect",
            "organiser": "ANCT",
            "start": "2024-01-10",
            "end": "2024-01-11",
            "expires_on": "2025-01-11",
        },
    )
    assert response.status_code == 302
    page = text(client.get(reverse("people:member", args=[person.uuid])))
    assert f"{cast.partner.name} : référent, le 01/03/2025" in page
    assert "Habilitation Aidants Connect, ANCT" in page
    assert "Expirée le 11/01/2025" in page


def test_a_training_ending_before_it_starts_is_refused_in_french_and_nothing_is_written(cast: Any) -> None:
    client = manager(cast)
    response = client.post(
        reverse("people:add", args=[cast.mediator_a.uuid, "training"]),
        {"title": "PIX", "organiser": "Pix", "start": "2024-02-10", "end": "2024-02-01"},
    )
    assert response.status_code == 400
    assert "La formation ne peut pas finir avant de commencer." in text(response)
    assert "Rien n'a été enregistré : corrigez les champs signalés." in text(response)
    assert not Training.objects.exists()


def test_an_overlapping_assignment_to_the_same_place_is_refused_in_french(cast: Any) -> None:
    Assignment.objects.create(user=cast.mediator_a, place=cast.place_a, start=D(2025, 1, 1))
    response = manager(cast).post(
        reverse("people:add", args=[cast.mediator_a.uuid, "assignment"]),
        {"place": cast.place_a.pk, "start": "2025-06-01"},
    )
    assert response.status_code == 400
    assert "chevauche une autre affectation de cette personne au même lieu (depuis le 01/01/2025)" in text(response)
    assert Assignment.objects.count() == 1


def test_a_manager_cannot_assign_to_a_place_of_another_structure(cast: Any) -> None:
    response = manager(cast).post(
        reverse("people:add", args=[cast.mediator_a.uuid, "assignment"]),
        {"place": cast.place_b.pk, "start": "2025-06-01"},
    )
    assert response.status_code == 400
    assert not Assignment.objects.exists()


def test_deleting_an_entry_asks_for_confirmation_first(cast: Any) -> None:
    skill = Skill.objects.create(user=cast.mediator_a, domain="tax", level="beginner")
    client = manager(cast)
    url = reverse("people:delete", args=[cast.mediator_a.uuid, "skill", skill.pk])
    response = client.get(url)
    assert "Supprimer « Impôts (Débutant) » ?" in text(response)
    assert "Confirmer la suppression" in text(response)
    assert Skill.objects.filter(pk=skill.pk).exists()
    assert client.post(url).status_code == 302
    assert not Skill.objects.filter(pk=skill.pk).exists()


def test_a_person_in_two_structures_shows_each_manager_only_their_periods_and_assignments(cast: Any) -> None:
    person = cast.mediator_a
    Membership.objects.create(user=person, role=Role.MEDIATOR, structure=cast.structure_b)
    EmploymentPeriod.objects.create(
        user=person, structure=cast.structure_a, start=D(2024, 1, 1), job_title="Poste en A"
    )
    EmploymentPeriod.objects.create(
        user=person, structure=cast.structure_b, start=D(2024, 1, 1), job_title="Poste en B"
    )
    Assignment.objects.create(user=person, place=cast.place_b, start=D(2024, 1, 1), note="Mardi en B")
    Skill.objects.create(user=person, domain="tax", level="beginner")
    page_b = text(manager(cast, "manager_b").get(reverse("people:member", args=[person.uuid])))
    assert "Poste en B" in page_b
    assert "Mardi en B" in page_b
    assert "Poste en A" not in page_b
    assert "Impôts" in page_b  # skills belong to the person, shown whole
    page_a = text(manager(cast).get(reverse("people:member", args=[person.uuid])))
    assert "Poste en A" in page_a
    assert "Poste en B" not in page_a
    assert "Mardi en B" not in page_a
    period_b = EmploymentPeriod.objects.get(structure=cast.structure_b)
    assert manager(cast).post(reverse("people:delete", args=[person.uuid, "period", period_b.pk])).status_code == 404


def test_team_list_is_paginated_with_a_fixed_number_of_queries(cast: Any, django_assert_num_queries: Any) -> None:
    for _ in range(25):
        member(Role.MEDIATOR, structure=cast.structure_a, totp=False)
    client = manager(cast)
    client.get(reverse("people:team"))  # session and menu caches warmed
    with django_assert_num_queries(9):
        first = client.get(reverse("people:team"))
    assert "1 / 2" in text(first)
    assert "27 personnes." in text(first)  # 25 + the mediator and the manager of A
    second = client.get(reverse("people:team"), {"page": 2})
    assert len(second.context["page"].object_list) == 7


def test_profile_page_takes_a_fixed_number_of_queries(cast: Any, django_assert_num_queries: Any) -> None:
    for year in (2020, 2021, 2022):
        Training.objects.create(
            user=cast.mediator_a, title=f"F{year}", organiser="X", start=D(year, 1, 1), end=D(year, 1, 2)
        )
        Skill.objects.create(user=cast.mediator_a, partner=cast.partner, level="beginner")
    client = manager(cast)
    url = reverse("people:member", args=[cast.mediator_a.uuid])
    client.get(url)
    with django_assert_num_queries(14):
        client.get(url)


def test_manager_closes_an_open_period_and_a_closing_date_before_the_start_is_refused(cast: Any) -> None:
    entry = EmploymentPeriod.objects.create(user=cast.mediator_a, structure=cast.structure_a, start=D(2024, 1, 1))
    client = manager(cast)
    url = reverse("people:edit", args=[cast.mediator_a.uuid, "period", entry.pk])
    data = {"structure": cast.structure_a.pk, "job_title": "Médiatrice", "start": "2024-01-01", "end": "2023-12-31"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert "La fin ne peut pas être avant le début." in text(response)
    assert client.post(url, {**data, "end": "2025-06-30"}).status_code == 302
    entry.refresh_from_db()
    assert (entry.end, entry.job_title) == (D(2025, 6, 30), "Médiatrice")
    assert (
        "depuis"
        not in text(client.get(reverse("people:member", args=[cast.mediator_a.uuid])))
        .split('id="period"')[1]
        .split("</section>")[0]
    )


def test_proposals_list_takes_a_fixed_number_of_queries(cast: Any, django_assert_num_queries: Any) -> None:
    from maillage.people.models import ProfileChangeProposal

    for code in ("ar", "es", "tr"):
        ProfileChangeProposal.objects.create(user=cast.mediator_a, kind="language", data={"code": code}, summary=code)
    client = manager(cast)
    client.get(reverse("people:proposals"))
    with django_assert_num_queries(8):
        response = client.get(reverse("people:proposals"))
    assert len(response.context["page"].object_list) == 3
