"""The sheets beside the counter form: the published, current sheets of the chosen procedure that this
mediator may read, fetched by htmx from /fiches/demarche/ (the counter page itself asks nothing more)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.factories import sign_in
from maillage.sheets.tests.helpers import make_sheet, procedure, published_sheet

pytestmark = pytest.mark.django_db


def _aside(user: Any, procedure_id: Any) -> str:
    client = Client()
    sign_in(client, user)
    response = client.get(reverse("sheets:for_procedure"), {"procedure": procedure_id}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    return response.content.decode()


def test_the_counter_form_asks_for_the_sheets_when_the_procedure_changes(cast: Any) -> None:
    client = Client()
    sign_in(client, cast.mediator_a)
    page = client.get(reverse("counter:counter")).content.decode()
    assert 'id="fiches-demarche"' in page
    assert f'hx-get="{reverse("sheets:for_procedure")}"' in page
    assert 'hx-trigger="change from:#id_procedure" hx-include="#id_procedure"' in page


def test_a_procedure_named_in_the_link_loads_its_sheets_at_once(cast: Any) -> None:
    client = Client()
    sign_in(client, cast.mediator_a)
    page = client.get(reverse("counter:counter"), {"procedure": "caf_prime_activite"}).content.decode()
    assert 'hx-trigger="load, change from:#id_procedure"' in page


def test_the_aside_shows_the_published_sheets_of_that_procedure_only(cast: Any) -> None:
    published_sheet(cast, title="Prime d'activité pas à pas")
    published_sheet(cast, title="Passeport pas à pas", code="ants_passeport")
    make_sheet(cast.mediator_a, cast.structure_a, title="Brouillon prime")
    page = _aside(cast.mediator_a, procedure().pk)
    assert "Prime d&#x27;activité pas à pas" in page
    assert "Passeport pas à pas" not in page
    assert "Brouillon prime" not in page
    assert "Trois derniers bulletins de salaire" in page


def test_an_expired_sheet_is_not_offered_at_the_counter(cast: Any) -> None:
    sheet = published_sheet(cast, title="Ancienne fiche")
    version = sheet.published_version
    assert version is not None
    version.expires_on = timezone.localdate() - dt.timedelta(days=1)
    version.save()
    page = _aside(cast.mediator_a, procedure().pk)
    assert "Ancienne fiche" not in page
    assert "Pas de fiche pratique publiée pour cette démarche." in page


def test_another_structure_sees_network_sheets_of_its_network_only(cast: Any) -> None:
    published_sheet(cast, title="Fiche de A")
    published_sheet(cast, structure=cast.structure_b, title="Fiche de B gardée", scope="structure")
    assert "Fiche de A" not in _aside(cast.mediator_b, procedure().pk)
    assert "Fiche de B gardée" not in _aside(cast.mediator_a, procedure().pk)
    assert "Fiche de B gardée" in _aside(cast.mediator_b, procedure().pk)


@pytest.mark.parametrize("value", ["", "abc", "99999999999999999999", "-1"])
def test_a_missing_or_malformed_procedure_gives_an_empty_aside(cast: Any, value: str) -> None:
    published_sheet(cast)
    assert "Demander la prime" not in _aside(cast.mediator_a, value)


def test_the_aside_costs_the_same_queries_for_one_or_five_sheets(cast: Any, django_assert_num_queries: Any) -> None:
    client = Client()
    sign_in(client, cast.mediator_a)
    url, query = reverse("sheets:for_procedure"), {"procedure": procedure().pk}
    published_sheet(cast, title="Fiche 0")
    client.get(url, query)
    with django_assert_num_queries(5):
        client.get(url, query)
    for number in range(1, 7):
        published_sheet(cast, title=f"Fiche {number}")
    with django_assert_num_queries(5):
        page = client.get(url, query).content.decode()
    assert page.count("<details") == 5
