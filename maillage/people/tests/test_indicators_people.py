"""The indicators page and its « réseau » CSV show the people figures read from the database."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.accounts.enums import Role
from maillage.factories import PlaceFactory, member, sign_in
from maillage.people.models import Assignment, EmploymentPeriod, Skill
from maillage.reports.tests.test_indicators import ask, at

pytestmark = pytest.mark.django_db
D = dt.date
TRAP = '=HYPERLINK("http://exemple.invalid","x")'


@pytest.fixture
def people(cast: Any) -> SimpleNamespace:
    """Structure A: Lieu A (m1, skilled for the CAF), a place named like a formula (m2, no skill),
    Lieu sans équipe (nobody assigned). m1 came from structure B in 2025."""
    a = cast.structure_a
    m1, m2 = cast.mediator_a, member(Role.MEDIATOR, structure=a, totp=False)
    trap = PlaceFactory(structure=a, name=TRAP)
    lonely = PlaceFactory(structure=a, name="Lieu sans équipe")
    EmploymentPeriod.objects.create(user=m1, structure=cast.structure_b, start=D(2023, 1, 1), end=D(2025, 1, 31))
    EmploymentPeriod.objects.create(user=m1, structure=a, start=D(2025, 2, 1))
    EmploymentPeriod.objects.create(user=m2, structure=a, start=D(2024, 1, 1))
    Assignment.objects.create(user=m1, place=cast.place_a, start=D(2025, 2, 1))
    Assignment.objects.create(user=m2, place=trap, start=D(2024, 1, 1))
    Skill.objects.create(user=m1, partner=cast.partner, level="confirmed", acquired_on=D(2024, 6, 1))
    for day in (3, 4, 5):
        ask(cast.place_a, m1, at(2025, 3, day), partner=cast.partner)
    ask(cast.place_a, m1, at(2025, 3, 6))
    ask(trap, m1, at(2025, 3, 7))  # m1 filled in there once: not assigned, yet active in two places
    ask(trap, m2, at(2025, 4, 1), partner=cast.partner)
    ask(trap, m2, at(2025, 4, 2), partner=cast.partner)
    ask(lonely, m2, at(2025, 5, 1), partner=cast.partner)
    client = Client()
    sign_in(client, cast.manager_a)
    return SimpleNamespace(client=client, scope=f"structure:{a.uuid}", trap=trap, lonely=lonely)


def _get(people: SimpleNamespace, **extra: str) -> Any:
    params = {"scope": people.scope, "period": "2025", "distance": "10", **extra}
    return people.client.get(reverse("reports:indicators"), params)


def test_the_network_family_counts_people_in_several_places_and_moves(people: SimpleNamespace) -> None:
    result = _get(people).context["result"]
    items = {item.code: item for family in result.families for item in family.indicators}
    # m1 recorded requests at two places, m2 at two places: both mobile, both active in A.
    assert (items["staff_mobile"].numerator, items["staff_mobile"].denominator) == (2, 2)
    assert items["staff_moves"].numerator == 1  # m1, from B to A, on 1 February 2025


def test_page_lists_training_needs_and_a_place_without_assignment_is_not_computed(people: SimpleNamespace) -> None:
    body = html.unescape(_get(people).content.decode())
    section = body[body.index('id="reseau-equipes"') :]
    needs = section[section.index('id="besoins-formation"') : section.index("</table>")]
    assert TRAP in needs
    assert "Lieu sans équipe" not in needs  # nobody assigned there: not a need, unknown
    assert "non calculé : aucune affectation saisie" in section
    assert "75,0 %" in section  # 3 CAF requests of the 4 at Lieu A
    assert "1 sur 1 personne affectée" in section


def test_the_reseau_csv_is_formula_safe_and_carries_every_table(people: SimpleNamespace) -> None:
    response = _get(people, format="reseau")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8").lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert all(not row["lieu"].startswith("=") for row in rows)
    needs = [row for row in rows if row["tableau"] == "besoins_de_formation"]
    assert [(row["lieu"], row["demandes"]) for row in needs] == [("'" + TRAP, "2")]
    lonely = next(row for row in rows if row["lieu"] == "Lieu sans équipe")
    assert (lonely["competences"], lonely["remarque"]) == ("", "non calculé : aucune affectation saisie")
    moves = [row for row in rows if row["tableau"] == "mobilites"]
    assert [(row["annee"], row["mobilites_structures"], row["mobilites_lieux"]) for row in moves] == [
        ("2025", "1", "0")
    ]
