"""The residence field saves the commune that was typed or chosen, or refuses in French: never a guess."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.counter.models import Request
from maillage.counter.tests.helpers import make_request
from maillage.factories import counter_form_data, sign_in
from maillage.territory.models import Commune, CommuneAlias


@pytest.fixture
def mediator(cast: Any) -> Client:
    client = Client()
    sign_in(client, cast.mediator_a)
    return client


def _post(client: Client, cast: Any, residence: str) -> Any:
    data = counter_form_data(cast.place_a, domain="social_health", residence=residence)
    return client.post(reverse("counter:counter"), data)


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _field_error(response: Any) -> str:
    return " ".join(response.context["form"].errors.get("residence", []))


def test_the_residence_input_no_longer_cuts_a_name_to_five_characters(cast: Any, mediator: Client) -> None:
    # The cause of "Saint-Fons" saved as Saint-Étienne: the input allowed 5 characters, the browser
    # sent "Saint", and the most populous commune whose name starts with "Saint" was taken.
    body = _text(mediator.get(reverse("counter:counter")))
    field = body[body.index('name="residence"') - 300 : body.index('name="residence"') + 300]
    assert 'maxlength="5"' not in field
    assert 'list="residence-suggestions"' in field


def test_a_truncated_name_is_refused_not_replaced_by_the_biggest_commune(cast: Any, mediator: Client) -> None:
    response = _post(mediator, cast, "Saint")
    assert response.status_code == 200
    assert not Request.objects.exists()
    message = _field_error(response)
    assert "plusieurs communes" in message
    assert "Saint-Étienne (Loire, 42" in message  # the candidates are listed, not chosen


def test_typing_saint_fons_saves_saint_fons(cast: Any, mediator: Client) -> None:
    assert _post(mediator, cast, "Saint-Fons").status_code == 302
    assert Request.objects.get().residence.code == "69199"


def test_the_chosen_suggestion_saves_that_commune(cast: Any, mediator: Client) -> None:
    results = mediator.get(reverse("counter:commune_suggestions"), {"q": "saint fons"}).json()["results"]
    assert results[0]["value"] == "Saint-Fons (Rhône, 69190)"
    assert _post(mediator, cast, results[0]["value"]).status_code == 302
    assert Request.objects.get().residence.code == "69199"


def test_homonyms_are_refused_with_each_candidate(cast: Any, mediator: Client) -> None:
    homonyms = Commune.objects.filter(search_name="sainte colombe")
    assert homonyms.count() > 1
    response = _post(mediator, cast, "Sainte-Colombe")
    assert not Request.objects.exists()
    message = _field_error(response)
    assert "plusieurs communes" in message
    for commune in homonyms.select_related("departement").order_by("-population")[:3]:
        assert f"Sainte-Colombe ({commune.departement.name}" in message
    # the page offers them in the field's suggestion list
    assert _text(response).count('label="code INSEE ') >= 2


def test_a_suggestion_names_one_homonym(cast: Any, mediator: Client) -> None:
    results = mediator.get(reverse("counter:commune_suggestions"), {"q": "Sainte-Colombe"}).json()["results"]
    chosen = results[1]
    assert _post(mediator, cast, chosen["value"]).status_code == 302
    assert Request.objects.get().residence.code == chosen["code"]


def test_a_postcode_shared_by_several_communes_is_refused(cast: Any, mediator: Client) -> None:
    shared = Commune.objects.filter(postcodes__code="42140")
    assert shared.count() > 1
    response = _post(mediator, cast, "42140")
    assert not Request.objects.exists()
    message = _field_error(response)
    assert "« 42140 » peut désigner plusieurs communes" in message
    assert "Chazelles-sur-Lyon (Loire, 42140)" in message


def test_a_code_is_taken_only_when_it_designates_one_commune(cast: Any, mediator: Client) -> None:
    insee = Commune.objects.select_related("departement").get(code="69100")
    response = _post(mediator, cast, "69100")  # Villeurbanne's postcode, another commune's INSEE code
    assert not Request.objects.exists()
    message = _field_error(response)
    assert "Villeurbanne (Rhône, 69100)" in message
    assert f"{insee.name} (Rhône" in message
    assert not Commune.objects.filter(code="42000").exists()
    assert not Commune.objects.filter(postcodes__code="69199").exists()
    assert _post(mediator, cast, "42000").status_code == 302  # Saint-Étienne's postcode only
    assert _post(mediator, cast, "69199").status_code == 302  # Saint-Fons' INSEE code only
    assert sorted(Request.objects.values_list("residence__name", flat=True)) == ["Saint-Fons", "Saint-Étienne"]


def test_a_former_commune_is_suggested_and_saved_as_the_current_one(cast: Any, mediator: Client) -> None:
    aliases = CommuneAlias.objects.exclude(code__in=Commune.objects.values("code")).select_related("commune")
    former = next(a for a in aliases if not Commune.objects.filter(postcodes__code=a.code).exists())
    results = mediator.get(reverse("counter:commune_suggestions"), {"q": former.code}).json()["results"]
    assert [r["code"] for r in results] == [former.commune.code]
    assert _post(mediator, cast, former.code).status_code == 302
    assert Request.objects.get().residence == former.commune


def test_an_unknown_text_is_refused_in_french(cast: Any, mediator: Client) -> None:
    response = _post(mediator, cast, "Zzyzx-les-Bains")
    assert not Request.objects.exists()
    assert "Aucune commune ne correspond à « Zzyzx-les-Bains »" in _field_error(response)


def test_editing_a_request_keeps_its_residence(cast: Any, mediator: Client) -> None:
    saint_fons = Commune.objects.get(code="69199")
    saved = make_request(cast.place_a, cast.mediator_a, residence=saint_fons)
    page = _text(mediator.get(reverse("counter:request_edit", args=[saved.uuid])))
    assert 'value="Saint-Fons (Rhône, 69190)"' in page


def test_suggestions_by_postcode_show_that_postcode(cast: Any, mediator: Client) -> None:
    results = mediator.get(reverse("counter:commune_suggestions"), {"q": "42100"}).json()["results"]
    assert results[0]["value"] == "Saint-Étienne (Loire, 42100)"
