"""Contact details of places, structures, person files and referrals are real e-mails and phone numbers."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.counter.tests.helpers import make_person
from maillage.factories import sign_in
from maillage.network.models import Place


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _place_form(place: Place, **overrides: Any) -> dict[str, Any]:
    from django.forms.models import model_to_dict

    from maillage.network.forms import PlaceForm

    form = PlaceForm(instance=place)
    data: dict[str, Any] = {}
    for name, value in model_to_dict(place, fields=list(form.fields)).items():
        if value is None:
            continue
        if isinstance(value, list):
            data[name] = [getattr(item, "pk", item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    data["commune"] = place.commune.code
    data.update({"stops-TOTAL_FORMS": "0", "stops-INITIAL_FORMS": "0"})
    data.update(overrides)
    return data


def _errors(response: Any, field: str) -> str:
    assert response.status_code == 200
    return html.unescape(" ".join(response.context["form"].errors.get(field, [])))


@pytest.mark.parametrize("emails", ["pas-un-mail", "accueil@mairie.fr, pas-un-mail", "a@@b.fr"])
def test_place_refuses_an_email_that_is_not_one(cast: Any, emails: str) -> None:
    response = _client(cast.manager_a).post(
        reverse("network:place_edit", args=[cast.place_a.uuid]), _place_form(cast.place_a, emails=emails)
    )
    assert "n'est pas une adresse de courriel valide" in _errors(response, "emails")
    cast.place_a.refresh_from_db()
    assert "pas-un-mail" not in cast.place_a.emails


def test_place_keeps_several_valid_emails_and_a_phone_in_international_form(cast: Any) -> None:
    response = _client(cast.manager_a).post(
        reverse("network:place_edit", args=[cast.place_a.uuid]),
        _place_form(
            cast.place_a,
            emails="accueil@mairie.fr ; pimms@exemple.org",
            phone="04 78 00 00 00",
            summary="Accueil sans rendez-vous",
        ),
    )
    assert response.status_code == 302
    cast.place_a.refresh_from_db()
    assert cast.place_a.emails == "accueil@mairie.fr, pimms@exemple.org"
    assert cast.place_a.phone == "+33478000000"


def test_place_refuses_a_phone_that_is_not_one(cast: Any) -> None:
    response = _client(cast.manager_a).post(
        reverse("network:place_edit", args=[cast.place_a.uuid]), _place_form(cast.place_a, phone="appelez-nous")
    )
    assert "n'est pas un numéro de téléphone valide" in _errors(response, "phone")


def test_structure_refuses_a_phone_that_is_not_one(cast: Any) -> None:
    structure = cast.structure_a
    response = _client(cast.manager_a).post(
        reverse("network:structure_edit", args=[structure.uuid]),
        {"name": structure.name, "pivot": structure.pivot, "typology": structure.typology, "phone": "12"},
    )
    assert "n'est pas un numéro de téléphone valide" in _errors(response, "phone")


def test_person_file_refuses_an_email_that_is_not_one(cast: Any) -> None:
    person = make_person(cast.structure_a)
    response = _client(cast.mediator_a).post(
        reverse("counter:person_edit", args=[person.uuid]),
        {"first_name": "Aïcha", "last_name": "Benali", "birth_date": "1961-04-23", "email": "pas-un-mail"},
    )
    assert "adresse de courriel valide" in _errors(response, "email")
