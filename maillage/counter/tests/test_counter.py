"""The counter screen: one-click requests, same person, today's list, same-day edits, bad input."""

from __future__ import annotations

import datetime as dt
import html
from importlib import import_module
from typing import Any

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.counter.models import Mandate, Person, Procedure, Request
from maillage.counter.tests.helpers import make_request
from maillage.factories import counter_form_data, sign_in
from maillage.network.models import Partner


@pytest.fixture
def mediator(cast: Any) -> Client:
    client = Client()
    sign_in(client, cast.mediator_a)
    return client


def _form(cast: Any, **overrides: Any) -> dict[str, Any]:
    return counter_form_data(cast.place_a, **overrides)


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def test_screen_offers_shortcuts_and_todays_lists(cast: Any, mediator: Client) -> None:
    body = _text(mediator.get(reverse("counter:counter")))
    assert "Enregistrer en un clic" in body
    assert "Carte d'identité" in body  # national default shortcut
    assert "Mes demandes du jour (0)" in body


def test_one_click_shortcut_records_a_request(cast: Any, mediator: Client) -> None:
    procedure = Procedure.objects.get(code="caf_prime_activite")
    response = mediator.post(reverse("counter:counter"), _form(cast, shortcut=f"{procedure.partner_id}:{procedure.pk}"))
    assert response.status_code == 302
    saved = Request.objects.get()
    assert saved.procedure == procedure
    assert saved.partner.code == "caf"
    assert saved.domain == "social_health"
    assert saved.structure == cast.structure_a
    assert saved.mediator == cast.mediator_a
    assert "Mes demandes du jour (1)" in _text(mediator.get(reverse("counter:counter")))


def test_most_used_procedures_are_suggested_not_renumbered(cast: Any, mediator: Client) -> None:
    procedure = Procedure.objects.get(code="edf_cheque_energie")
    for _ in range(3):
        mediator.post(reverse("counter:counter"), _form(cast, shortcut=f"{procedure.partner_id}:{procedure.pk}"))
    body = _text(mediator.get(reverse("counter:counter")))
    keys = body[body.index("Enregistrer en un clic") :]
    assert keys.index("Carte d'identité") < keys.index("Suggestions") < keys.index("Chèque énergie")


def test_another_request_for_the_same_person_keeps_the_visit_and_profile(cast: Any, mediator: Client) -> None:
    first = Procedure.objects.get(code="ants_passeport")
    response = mediator.post(
        reverse("counter:counter"),
        _form(cast, shortcut=f"{first.partner_id}:{first.pk}", next="same_person", age_band="60_74", residence="42000"),
    )
    visit_url = response["Location"]
    assert "?visit=" in visit_url
    page = _text(mediator.get(visit_url))
    assert "Même personne : 1 demande" in page
    assert 'value="60_74" selected' in page or 'value="60_74"' in page
    second = Procedure.objects.get(code="email_creation")
    visit = Request.objects.get().visit
    mediator.post(visit_url, _form(cast, shortcut=f":{second.pk}", visit=str(visit.uuid), age_band="60_74"))
    assert Request.objects.filter(visit=visit).count() == 2


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"duration_minutes": "0"}, "duration_minutes", "au moins 1 minute"),
        ({"duration_minutes": "481"}, "duration_minutes", "8 heures"),
        ({"help_level": "done_for", "domain": "social_health"}, "help_level", "exige un mandat valide"),
        ({"domain": ""}, "domain", "Choisissez une démarche ou un domaine"),
    ],
)
def test_bad_input_is_explained_and_nothing_saved(
    cast: Any, mediator: Client, overrides: dict[str, Any], field: str, message: str
) -> None:
    response = mediator.post(reverse("counter:counter"), _form(cast, **overrides))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Request.objects.exists()


def test_future_date_is_refused(cast: Any, mediator: Client) -> None:
    later = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = mediator.post(reverse("counter:counter"), _form(cast, domain="housing", occurred_at=later))
    assert "ne peut pas être dans le futur" in " ".join(response.context["form"].errors["occurred_at"])
    assert not Request.objects.exists()


def test_partner_specific_procedure_needs_its_partner(cast: Any, mediator: Client) -> None:
    procedure = Procedure.objects.get(code="caf_rsa")
    edf = Partner.objects.get(code="edf")
    for partner in ("", str(edf.pk)):
        response = mediator.post(reverse("counter:counter"), _form(cast, procedure=procedure.pk, partner=partner))
        assert "concerne CAF" in " ".join(response.context["form"].errors["partner"])
    assert not Request.objects.exists()


def test_done_for_with_one_time_consent_or_valid_mandate(cast: Any, mediator: Client) -> None:
    ok = mediator.post(
        reverse("counter:counter"), _form(cast, help_level="done_for", domain="money_tax", one_time_consent="on")
    )
    assert ok.status_code == 302
    person = Person.objects.create(
        structure=cast.structure_a,
        first_name="Ana",
        last_name="Lima",
        birth_date=dt.date(1950, 3, 2),
        consent_given_on=dt.date(2026, 1, 5),
        consent_purpose="Suivi des démarches",
        consent_method="oral",
    )
    today = timezone.localdate()
    mandate = Mandate.objects.create(
        person=person, domains=["money_tax"], start=today, end=today + dt.timedelta(days=30)
    )
    with_mandate = mediator.post(
        reverse("counter:counter"),
        _form(cast, help_level="done_for", domain="money_tax", person=person.pk, mandate=mandate.pk),
    )
    assert with_mandate.status_code == 302
    wrong_domain = mediator.post(
        reverse("counter:counter"),
        _form(cast, help_level="done_for", domain="justice", person=person.pk, mandate=mandate.pk),
    )
    assert "ne couvre pas ce domaine" in " ".join(wrong_domain.context["form"].errors["mandate"])
    assert Request.objects.count() == 2


def test_same_day_edit_and_delete(cast: Any, mediator: Client) -> None:
    mediator.post(reverse("counter:counter"), _form(cast, domain="housing"))
    saved = Request.objects.get()
    response = mediator.post(reverse("counter:request_edit", args=[saved.uuid]), _form(cast, domain="justice"))
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.domain == "justice"
    mediator.post(reverse("counter:request_delete", args=[saved.uuid]))
    assert not Request.objects.exists()


def test_yesterdays_request_can_no_longer_be_edited(cast: Any, mediator: Client) -> None:
    mediator.post(reverse("counter:counter"), _form(cast, domain="housing"))
    Request.objects.update(occurred_at=timezone.now() - dt.timedelta(days=1))
    saved = Request.objects.get()
    assert mediator.get(reverse("counter:request_edit", args=[saved.uuid])).status_code == 403
    assert mediator.post(reverse("counter:request_delete", args=[saved.uuid])).status_code == 403
    assert Request.objects.exists()


def test_todays_list_query_count_is_constant(cast: Any, mediator: Client, django_assert_max_num_queries: Any) -> None:
    procedure = Procedure.objects.get(code="cpam_carte_vitale")
    for _ in range(12):
        mediator.post(reverse("counter:counter"), _form(cast, shortcut=f"{procedure.partner_id}:{procedure.pk}"))
    # + the request that "Annuler" still applies to, + the menu, + 2 reads of the shared (database) cache
    with django_assert_max_num_queries(24):
        body = _text(mediator.get(reverse("counter:counter")))
    assert "Mes demandes du jour (12)" in body


def test_request_for_a_person_file_is_linked_logged_and_touches_the_file(cast: Any, mediator: Client) -> None:
    person = Person.objects.create(
        structure=cast.structure_a,
        first_name="Ana",
        last_name="Lima",
        birth_date=dt.date(1950, 3, 2),
        consent_given_on=dt.date(2026, 1, 5),
        consent_purpose="Suivi",
        consent_method="oral",
    )
    Person.objects.filter(pk=person.pk).update(last_activity_at=timezone.now() - dt.timedelta(days=400))
    page = _text(mediator.get(reverse("counter:counter"), {"person": str(person.uuid)}))
    assert "Demande rattachée au dossier de Ana Lima" in page
    assert person.access_logs.filter(screen="accueil", user=cast.mediator_a).exists()
    url = reverse("counter:counter") + f"?person={person.uuid}"
    response = mediator.post(url, _form(cast, domain="housing", person=person.pk))
    assert response["Location"] == reverse("counter:person_detail", args=[person.uuid])
    person.refresh_from_db()
    assert person.requests.count() == 1
    assert person.last_activity_at > timezone.now() - dt.timedelta(minutes=1)


def test_person_of_another_structure_cannot_be_attached(cast: Any) -> None:
    person = Person.objects.create(
        structure=cast.structure_a,
        first_name="Ana",
        last_name="Lima",
        birth_date=dt.date(1950, 3, 2),
        consent_given_on=dt.date(2026, 1, 5),
        consent_purpose="Suivi",
        consent_method="oral",
    )
    client = Client()
    sign_in(client, cast.mediator_b)
    assert client.get(reverse("counter:counter"), {"person": str(person.uuid)}).status_code == 404


def test_posting_another_structures_person_or_mandate_is_refused(cast: Any) -> None:
    person = Person.objects.create(
        structure=cast.structure_a,
        first_name="Ana",
        last_name="Lima",
        birth_date=dt.date(1950, 3, 2),
        consent_given_on=dt.date(2026, 1, 5),
        consent_purpose="Suivi",
        consent_method="oral",
    )
    today = timezone.localdate()
    mandate = Mandate.objects.create(
        person=person, domains=["money_tax"], start=today, end=today + dt.timedelta(days=9)
    )
    client = Client()
    sign_in(client, cast.mediator_b)
    data = _form(
        cast, place=cast.place_b.pk, help_level="done_for", domain="money_tax", person=person.pk, mandate=mandate.pk
    )
    response = client.post(reverse("counter:counter"), data)
    errors = response.context["form"].errors
    assert "person" in errors
    assert "mandate" in errors
    assert not Request.objects.exists()


@pytest.mark.parametrize(("answer", "stored"), [("", None), ("True", True), ("False", False)])
def test_first_visit_is_left_unknown_unless_the_mediator_answers(
    cast: Any, mediator: Client, answer: str, stored: bool | None
) -> None:
    procedure = Procedure.objects.get(code="caf_prime_activite")
    shortcut = f"{procedure.partner_id}:{procedure.pk}"
    response = mediator.post(reverse("counter:counter"), _form(cast, shortcut=shortcut, first_visit=answer))
    assert response.status_code == 302
    assert Request.objects.get().first_visit is stored
    body = _text(mediator.get(reverse("counter:counter")))
    assert '<option value="" selected>Non renseigné</option>' in body


def test_requests_recorded_with_the_old_unticked_box_become_unknown(cast: Any) -> None:
    migration = import_module("maillage.counter.migrations.0005_first_visit_unknown")
    ticked = make_request(cast.place_a, cast.mediator_a, first_visit=True)
    unticked = make_request(cast.place_a, cast.mediator_a, first_visit=False)
    migration.unticked_is_unknown(apps, None)
    assert [Request.objects.get(pk=r.pk).first_visit for r in (ticked, unticked)] == [True, None]
    migration.unknown_is_unticked(apps, None)
    assert [Request.objects.get(pk=r.pk).first_visit for r in (ticked, unticked)] == [True, False]
