"""Screening a person's rights from the file: form → our OpenFisca service → results → followed rights.

The amounts are OpenFisca-France's own published test cases (openfisca/openfisca-france,
tests/formulas/, file and case named beside each), typed through the form as a mediator would.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from maillage.counter.models import PersonAccessLog
from maillage.counter.tests.helpers import make_person
from maillage.factories import sign_in
from maillage.rights.enums import ScreeningStatus, Stage
from maillage.rights.models import FollowedRight, Screening

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def form_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "consent": "yes",
        "consent_method": "oral",
        "period": "2014-01",
        "couple": "alone",
        "applicant_age": "29",
        "applicant_disability": "none",
        "housing_status": "owner",
        "action": "compute",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _post(client: Client, person: Any, **overrides: Any) -> Any:
    return client.post(reverse("rights:screening_create", args=[person.uuid]), form_data(**overrides))


def test_a_single_person_without_income_is_shown_the_published_rsa_and_it_is_followed(cast: Any, service: str) -> None:
    # rsa/rsa_celibataire.yaml, "RSA célibataire, salaire_net = 0", 2014-01: rsa 439.39.
    person = make_person(cast.structure_a)
    client = _client(cast.mediator_a)

    response = _post(client, person)

    screening = Screening.objects.get(person=person)
    assert response.status_code == 302
    assert response["Location"] == reverse("rights:screening_detail", args=[screening.uuid])
    assert screening.results_data["rsa"] == {
        "status": "probable",
        "amount": "439.39",
        "period": "month",
        "missing": [],
        "detail": "",
    }
    assert screening.openfisca_version
    followed = FollowedRight.objects.get(person=person, right="rsa")
    assert (followed.stage, followed.expected_amount, followed.mediator) == (
        Stage.IDENTIFIED,
        Decimal("439.39"),
        cast.mediator_a,
    )
    page = client.get(response["Location"]).content.decode()
    assert "439,39 € par mois" in page
    assert "Suivi : identifié" in page
    assert "procedure=caf_rsa" in page


def test_a_jobless_tenant_typed_in_the_form_gets_the_published_housing_benefit(cast: Any, service: str) -> None:
    # aides_logement_reforme_janvier_2021.yaml, "Cas 1 AL Reforme 2019", 2021-01, commune 32107,
    # rent 306: aide_logement 254.27 (relative margin 1 %).
    person = make_person(cast.structure_a)

    _post(
        _client(cast.mediator_a),
        person,
        period="2021-01",
        applicant_age="34",
        housing_status="tenant",
        rent="306",
        commune="32107",
    )

    apl = FollowedRight.objects.get(person=person, right="apl")
    assert abs(apl.expected_amount - Decimal("254.27")) <= Decimal("2.55")  # type: ignore[operator]


def test_a_right_already_received_is_shown_but_not_followed(cast: Any, service: str) -> None:
    person = make_person(cast.structure_a)

    _post(_client(cast.mediator_a), person, received=["rsa"])

    screening = Screening.objects.get(person=person)
    assert screening.results_data["rsa"]["status"] == "received"
    assert not FollowedRight.objects.filter(person=person, right="rsa").exists()


def test_a_consent_refusal_computes_and_stores_nothing(cast: Any, settings: Any) -> None:
    settings.OPENFISCA_URL = "http://127.0.0.1:9"  # would fail if it were called
    person = make_person(cast.structure_a)
    before = person.last_activity_at

    response = _post(_client(cast.mediator_a), person, consent="no", applicant_age="")

    assert response.status_code == 302
    assert not Screening.objects.exists()
    assert not FollowedRight.objects.exists()
    person.refresh_from_db()
    assert person.last_activity_at == before


def test_the_service_down_keeps_every_typed_value_and_can_save_for_the_night(cast: Any, settings: Any) -> None:
    settings.OPENFISCA_URL = "http://127.0.0.1:9"
    person = make_person(cast.structure_a)
    client = _client(cast.mediator_a)

    response = _post(client, person, applicant_age="41", applicant_salary="812,40", children="4, 9")

    body = response.content.decode()
    assert response.status_code == 503
    assert "Le calcul des droits (OpenFisca) est indisponible pour le moment" in body
    assert 'value="41"' in body
    assert 'value="812,40"' in body
    assert 'value="4, 9"' in body
    assert not Screening.objects.exists()

    _post(client, person, applicant_age="41", applicant_salary="812,40", children="4, 9", action="later")

    pending = Screening.objects.get(person=person)
    assert pending.status == ScreeningStatus.PENDING
    assert pending.situation_data["applicant"]["resources"] == {"salary": "812.40"}
    assert pending.situation_data["children"] == [4, 9]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"applicant_salary": "-20"}, "applicant_salary", "Un montant ne peut pas être négatif."),
        ({"applicant_salary": "250000"}, "applicant_salary", "Ce montant paraît trop élevé"),
        ({"rent": "45000", "housing_status": "tenant"}, "rent", "Ce loyer paraît trop élevé"),
        ({"couple": "couple"}, "partner_age", "Indiquez l&#x27;âge du conjoint"),
        ({"partner_salary": "900"}, "couple", "Des informations sur un conjoint sont saisies"),
        ({"period": "2999-01"}, "period", "ne peut pas être dans le futur"),
        ({"children": "3, douze"}, "children", "des âges entre 0 et 25 ans"),
        ({"applicant_age": "340"}, "applicant_age", "Cet âge paraît faux"),
        ({"rent": "300"}, "rent", "Le loyer ne concerne que les locataires"),
    ],
)
def test_bad_input_is_refused_field_by_field_and_nothing_is_saved(
    cast: Any, settings: Any, overrides: dict[str, Any], field: str, message: str
) -> None:
    settings.OPENFISCA_URL = "http://127.0.0.1:9"  # never reached: the form stops first
    person = make_person(cast.structure_a)

    response = _post(_client(cast.mediator_a), person, **overrides)

    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert f'id="id_{field}-error"' in body or f'id="id_{field}-fieldset"' in body
    assert not Screening.objects.exists()


def test_the_form_is_prefilled_from_the_file_and_the_last_screening(cast: Any, service: str) -> None:
    today = dt.date.today()
    person = make_person(cast.structure_a, birth_date=today.replace(year=today.year - 52) - dt.timedelta(days=3))
    client = _client(cast.mediator_a)
    url = reverse("rights:screening_create", args=[person.uuid])

    first = client.get(url).content.decode()
    assert 'name="applicant_age" value="52"' in first

    _post(client, person, period=today.strftime("%Y-%m"), applicant_age="52", housing_status="tenant", rent="480")
    again = client.get(url).content.decode()
    assert 'name="rent" value="480"' in again
    assert '<option value="tenant" selected>' in again


def test_the_situation_and_results_are_stored_encrypted(cast: Any, service: str) -> None:
    person = make_person(cast.structure_a)
    _post(_client(cast.mediator_a), person, applicant_salary="1234,56")
    screening = Screening.objects.get(person=person)

    with connection.cursor() as cursor:
        cursor.execute("SELECT situation, results FROM rights_screening WHERE id = %s", [screening.pk])
        situation, results = cursor.fetchone()

    assert "1234.56" in json.dumps(screening.situation_data)
    assert "1234.56" not in situation
    assert "salary" not in situation
    assert "prime_activite" not in results
    assert "probable" not in results


def test_screening_pages_stay_within_the_persons_structure_and_reads_are_logged(cast: Any, service: str) -> None:
    person = make_person(cast.structure_a)
    _post(_client(cast.mediator_a), person)
    screening = Screening.objects.get(person=person)
    create = reverse("rights:screening_create", args=[person.uuid])
    detail = reverse("rights:screening_detail", args=[screening.uuid])

    for user in (cast.mediator_b, cast.manager_b):
        client = _client(user)
        assert client.get(create).status_code == 404
        assert client.get(detail).status_code == 404
        assert client.post(create, form_data()).status_code == 404
    viewer = _client(cast.partner_viewer)
    assert viewer.get(create).status_code in {403, 404}
    assert viewer.get(detail).status_code in {403, 404}
    assert Screening.objects.count() == 1

    _client(cast.manager_a).get(detail)
    assert PersonAccessLog.objects.filter(person=person, user=cast.manager_a, screen="screening_detail").exists()


def test_the_link_to_record_the_procedure_opens_the_counter_with_it_chosen(cast: Any) -> None:
    from maillage.counter.models import Procedure

    person = make_person(cast.structure_a)
    procedure = Procedure.objects.get(code="caf_rsa")

    body = (
        _client(cast.mediator_a)
        .get(reverse("counter:counter"), {"person": str(person.uuid), "procedure": "caf_rsa"})
        .content.decode()
    )

    assert f'<option value="{procedure.pk}" selected>' in body


def test_the_form_says_before_typing_that_the_service_is_down(cast: Any, settings: Any) -> None:
    settings.OPENFISCA_URL = "http://127.0.0.1:9"
    person = make_person(cast.structure_a)

    response = _client(cast.mediator_a).get(reverse("rights:screening_create", args=[person.uuid]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Le calcul des droits (OpenFisca) est indisponible pour le moment" in body
    assert 'value="later"' in body
