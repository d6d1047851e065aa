"""Malformed identifiers in query strings and posted fields: a 404 or the parameter ignored, never a 500."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.factories import sign_in

# A NUL character never reaches these views: a French 400 for every request (tests/test_nul_characters.py).
MALFORMED = ["not-a-uuid", "1", "0" * 300, "12345678-1234-1234-1234-1234567890123"]


@pytest.fixture
def mediator(cast: Any) -> Client:
    client = Client()
    sign_in(client, cast.mediator_a)
    return client


@pytest.mark.parametrize("value", MALFORMED)
def test_counter_ignores_a_malformed_visit_in_the_query_string(mediator: Client, value: str) -> None:
    response = mediator.get(reverse("counter:counter"), {"visit": value})
    assert response.status_code == 200


@pytest.mark.parametrize("value", MALFORMED)
def test_counter_ignores_a_malformed_visit_posted_with_a_request(mediator: Client, value: str) -> None:
    response = mediator.post(reverse("counter:counter"), {"visit": value})
    assert response.status_code == 200
    assert "La demande n'a pas été enregistrée" in html.unescape(response.content.decode())


@pytest.mark.parametrize("value", MALFORMED)
def test_counter_answers_404_for_a_malformed_person(mediator: Client, value: str) -> None:
    assert mediator.get(reverse("counter:counter"), {"person": value}).status_code == 404


@pytest.mark.parametrize("value", MALFORMED)
def test_new_referral_answers_404_for_a_malformed_request_id(mediator: Client, value: str) -> None:
    assert mediator.get(reverse("referrals:create"), {"demande": value}).status_code == 404


def test_new_referral_answers_404_without_a_request_id(mediator: Client) -> None:
    assert mediator.get(reverse("referrals:create")).status_code == 404


def test_a_choice_id_of_400_digits_is_an_invalid_choice(cast: Any, mediator: Client) -> None:
    huge = "9" * 400
    response = mediator.post(reverse("counter:counter"), {"place": huge, "person": huge, "partner": huge})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in html.unescape(" ".join(response.context["form"].errors["place"]))


def test_a_multiple_choice_id_of_400_digits_is_an_invalid_choice(cast: Any) -> None:
    client = Client()
    sign_in(client, cast.manager_a)
    response = client.post(
        reverse("network:agreement_create", args=[cast.structure_a.uuid]),
        {"partner": cast.partner.pk, "start": "2026-01-01", "places": ["9" * 400]},
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in html.unescape(" ".join(response.context["form"].errors["places"]))
