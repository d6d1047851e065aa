"""Dates typed in forms stay in a sane window: a French error, never an overflow or an absurd statistic."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.counter.models import FollowUp, Mandate, Person, Request
from maillage.counter.tests.helpers import make_person
from maillage.factories import sign_in
from maillage.network.models import Structure
from maillage.reports.period import PeriodError, parse_period

WINDOW = "La date doit être comprise entre le 01/01/1900 et le 31/12/2100."


@pytest.fixture
def mediator(cast: Any) -> Client:
    client = Client()
    sign_in(client, cast.mediator_a)
    return client


def _request_form(cast: Any, occurred_at: str) -> dict[str, Any]:
    return {
        "place": cast.place_a.pk,
        "domain": "housing",
        "help_level": "information",
        "outcome": "resolved",
        "autonomy": "partly",
        "duration_minutes": "15",
        "occurred_at": occurred_at,
        "channel": "walk_in",
        "language": "fr",
        "referred_by": "unknown",
        "age_band": "unknown",
        "gender": "unknown",
        "social_status": "unknown",
    }


def _errors(response: Any, field: str) -> str:
    assert response.status_code == 200
    return html.unescape(" ".join(response.context["form"].errors.get(field, [])))


@pytest.mark.parametrize("occurred_at", ["0001-01-01T00:00", "1900-01-01T10:00"])
def test_counter_refuses_an_absurd_request_date_in_french(cast: Any, mediator: Client, occurred_at: str) -> None:
    response = mediator.post(reverse("counter:counter"), _request_form(cast, occurred_at))
    assert "date" in _errors(response, "occurred_at")
    assert not Request.objects.exists()


def test_counter_refuses_a_request_dated_before_the_structure_joined_the_platform(cast: Any, mediator: Client) -> None:
    joined = timezone.now() - dt.timedelta(days=30)
    Structure.objects.filter(pk=cast.structure_a.pk).update(created_at=joined)
    before = timezone.localtime(joined - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = mediator.post(reverse("counter:counter"), _request_form(cast, before))
    assert "précéder l'arrivée de la structure sur Maillage" in _errors(response, "occurred_at")
    assert not Request.objects.exists()
    last_week = timezone.localtime(timezone.now() - dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    assert mediator.post(reverse("counter:counter"), _request_form(cast, last_week)).status_code == 302
    assert Request.objects.count() == 1


@pytest.mark.parametrize("born", ["1899-12-31", "0001-01-01"])
def test_person_file_refuses_a_birth_date_before_1900(cast: Any, mediator: Client, born: str) -> None:
    response = mediator.post(
        reverse("counter:person_create", args=[cast.structure_a.uuid]),
        {
            "first_name": "Jeanne",
            "last_name": "Calment",
            "birth_date": born,
            "consent_given_on": timezone.localdate().isoformat(),
            "consent_purpose": "Suivi",
            "consent_method": "oral",
        },
    )
    assert WINDOW in _errors(response, "birth_date")
    assert not Person.objects.exists()


@pytest.mark.parametrize("start", ["9999-12-31", "0001-01-01"])
def test_mandate_with_an_absurd_start_gets_a_french_error(cast: Any, mediator: Client, start: str) -> None:
    person = make_person(cast.structure_a)
    response = mediator.post(
        reverse("counter:mandate_create", args=[person.uuid]),
        {"domains": ["social_health"], "start": start, "end": "9999-12-31"},
    )
    assert WINDOW in _errors(response, "start")
    assert not Mandate.objects.exists()


def test_follow_up_due_in_year_one_gets_a_french_error(cast: Any, mediator: Client) -> None:
    person = make_person(cast.structure_a)
    response = mediator.post(
        reverse("counter:follow_up_create", args=[person.uuid]), {"due_on": "0001-01-01", "note": "Rappeler"}
    )
    assert WINDOW in _errors(response, "due_on")
    assert not FollowUp.objects.exists()


def test_survey_results_ignore_an_absurd_period(cast: Any) -> None:
    from maillage.factories import SurveyFactory

    survey = SurveyFactory(place=cast.place_a)
    client = Client()
    sign_in(client, cast.manager_a)
    url = reverse("surveys:results", args=[survey.uuid])
    assert client.get(url, {"start": "0001-01-01", "end": "9999-12-31"}).status_code == 200


@pytest.mark.parametrize("text", ["0000", "0000-Q1", "0000-01", "٠٠٠٠"])
def test_a_period_of_year_zero_is_a_french_error(text: str) -> None:
    with pytest.raises(PeriodError, match="entre 2000 et 2100"):
        parse_period(text)
