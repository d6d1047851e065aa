"""Editing a place in the back office dates it: `date_maj` of the national file and data·inclusion is true."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.factories import sign_in
from maillage.network.models import Place
from maillage.network.tests.test_contact_details import _place_form

pytestmark = pytest.mark.django_db
LONG_AGO = dt.date(2020, 1, 2)


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


@pytest.fixture
def old_place(cast: Any) -> Place:
    Place.objects.filter(pk=cast.place_a.pk).update(updated_on=LONG_AGO, summary="Accueil sans rendez-vous")
    cast.place_a.refresh_from_db()
    return cast.place_a


def _edit(cast: Any, place: Place, *, hours: str | None = None, **changes: Any) -> None:
    """Post the place form as the page sends it, the hours typed as text (or left as they were)."""
    data = _place_form(place, **changes)
    del data["opening_hours"]
    data.update(
        opening_hours_mode="raw",
        opening_hours_raw=place.opening_hours if hours is None else hours,
        opening_hours_raw_initial=place.opening_hours,
    )
    url = reverse("network:place_edit", args=[place.uuid])
    response = _client(cast.manager_a).post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    place.refresh_from_db()


def test_editing_a_place_sets_its_update_date_to_today(cast: Any, old_place: Place) -> None:
    _edit(cast, old_place, summary="Accueil et ateliers numériques")
    assert old_place.updated_on == timezone.localdate()


def test_changing_only_the_hours_sets_the_update_date(cast: Any, old_place: Place) -> None:
    _edit(cast, old_place, hours="Mo-Sa 09:00-12:00")
    assert old_place.opening_hours == "Mo-Sa 09:00-12:00"
    assert old_place.updated_on == timezone.localdate()


def test_saving_a_place_unchanged_keeps_its_update_date(cast: Any, old_place: Place) -> None:
    _edit(cast, old_place)
    assert old_place.updated_on == LONG_AGO


def test_renaming_the_structure_dates_its_places(cast: Any, old_place: Place) -> None:
    structure = old_place.structure
    data = {"name": "Nouveau nom", "pivot": structure.pivot, "typology": structure.typology}
    data.update({"email": structure.email, "phone": structure.phone, "website": structure.website})
    data = {key: value for key, value in data.items() if value}
    response = _client(cast.manager_a).post(reverse("network:structure_edit", args=[structure.uuid]), data)
    assert response.status_code == 302, response.context["form"].errors
    old_place.refresh_from_db()
    assert old_place.updated_on == timezone.localdate()
