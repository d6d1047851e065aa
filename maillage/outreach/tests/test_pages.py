"""Campaign pages: the list (paginated, constant queries), creating one, the phone form, the CSV exports."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.factories import sign_in
from maillage.outreach.enums import AttemptResult
from maillage.outreach.models import Campaign, ContactAttempt
from maillage.outreach.tests.helpers import LYON, VILLEURBANNE, commune, make_campaign

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


@pytest.mark.parametrize("count", [2, 25])
def test_the_list_is_paginated_with_constant_queries(cast: Any, django_assert_num_queries: Any, count: int) -> None:
    for n in range(count):
        make_campaign(cast.structure_a, title=f"Campagne {n:02d}")
    make_campaign(cast.structure_a, before=40, after=-20, title="Campagne passée")
    client = _client(cast.mediator_a)
    client.get(reverse("outreach:list"))
    # session, user, roles, menu reach, scope, count, page of campaigns, scope (can create)
    with django_assert_num_queries(8):
        page = client.get(reverse("outreach:list"))
    assert page.context["page"].paginator.count == count
    assert len(page.context["page"].object_list) == min(count, 20)
    assert "Campagne passée" not in page.content.decode()
    assert "Campagne passée" in client.get(reverse("outreach:list"), {"when": "past"}).content.decode()


def test_mine_lists_the_campaigns_whose_team_holds_me(cast: Any) -> None:
    mine = make_campaign(cast.structure_a, title="Avec moi")
    mine.team.add(cast.mediator_a)
    make_campaign(cast.structure_a, title="Sans moi")
    page = _client(cast.mediator_a).get(reverse("outreach:list"), {"who": "mine"})
    assert [c.title for c in page.context["page"].object_list] == ["Avec moi"]


def test_a_manager_creates_a_campaign_with_territory_team_and_budget(cast: Any) -> None:
    response = _client(cast.manager_a).post(
        reverse("outreach:create"),
        {
            "structure": cast.structure_a.pk,
            "kind": "door_to_door",
            "title": "Porte-à-porte",
            "starts_on": "2030-01-01",
            "ends_on": "2030-01-31",
            "commune_codes": f"{VILLEURBANNE}, {LYON}",
            "team": [cast.mediator_a.pk],
            "partners": [cast.partner.pk],
            "target_right": "css",
            "budget": "1500,50",
        },
    )
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert sorted(campaign.communes.values_list("code", flat=True)) == [LYON, VILLEURBANNE]
    assert list(campaign.team.all()) == [cast.mediator_a]
    assert campaign.budget_cents == 150050


def test_bad_campaign_input_is_refused_in_french(cast: Any) -> None:
    response = _client(cast.manager_a).post(
        reverse("outreach:create"),
        {
            "structure": cast.structure_a.pk,
            "kind": "event",
            "title": "À l'envers",
            "starts_on": "2030-01-31",
            "ends_on": "2030-01-01",
            "commune_codes": "99999",
            "team": [cast.mediator_b.pk],
        },
    )
    page = response.content.decode()
    assert "La fin de la campagne ne peut pas être avant son début." in page
    assert "Codes INSEE inconnus : 99999." in page
    assert not Campaign.objects.exists()


def test_the_phone_form_has_one_button_per_result_and_a_double_submit_stores_once(cast: Any) -> None:
    campaign = make_campaign(cast.structure_a)
    client = _client(cast.mediator_a)
    page = client.get(reverse("outreach:attempt", args=[campaign.uuid])).content.decode()
    for code, _label in AttemptResult.choices:
        assert f'name="result" value="{code}"' in page
    data = {
        "commune": VILLEURBANNE,
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "4",
        "client_uuid": str(uuid.uuid4()),
        "result": "contact_made",
    }
    first = client.post(reverse("outreach:attempt", args=[campaign.uuid]), data, follow=True)
    assert "Contact enregistré : Contact établi." in first.content.decode()
    second = client.post(reverse("outreach:attempt", args=[campaign.uuid]), data, follow=True)
    assert "déjà enregistré (envoi répété)" in second.content.decode()
    attempt = ContactAttempt.objects.get()
    assert (attempt.mediator, attempt.duration_minutes, attempt.commune_id) == (cast.mediator_a, 4, VILLEURBANNE)


def test_an_attempt_outside_the_territory_or_without_result_is_refused_and_nothing_written(cast: Any) -> None:
    campaign = make_campaign(cast.structure_a)
    client = _client(cast.mediator_a)
    data = {
        "commune_code": LYON,
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "4",
        "client_uuid": str(uuid.uuid4()),
        "result": "absent",
    }
    refused = client.post(reverse("outreach:attempt", args=[campaign.uuid]), data)
    assert refused.status_code == 400
    assert "La commune « Lyon » n&#x27;est pas sur le territoire de la campagne." in refused.content.decode()
    no_result = client.post(reverse("outreach:attempt", args=[campaign.uuid]), {**data, "result": "lost"})
    assert "Choisissez le résultat du contact." in no_result.content.decode()
    assert not ContactAttempt.objects.exists()


def test_the_campaign_page_shows_its_figures(cast: Any) -> None:
    campaign = make_campaign(cast.structure_a)
    ContactAttempt.record(campaign=campaign, mediator=cast.mediator_a, commune=commune(), result="contact_made")
    ContactAttempt.record(campaign=campaign, mediator=cast.mediator_a, commune=commune(), result="absent")
    response = _client(cast.mediator_a).get(reverse("outreach:detail", args=[campaign.uuid]))
    figures = response.context["figures"]
    assert (figures.attempts, figures.contacts_made) == (2, 1)
    assert "non calculé : pas de budget" in response.content.decode()
    campaign.budget_cents = 5000
    campaign.save()
    assert "50,00 €" in _client(cast.mediator_a).get(reverse("outreach:detail", args=[campaign.uuid])).content.decode()


def _csv(response: Any) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_exports_are_formula_safe(cast: Any) -> None:
    campaign = make_campaign(cast.structure_a, title='=HYPERLINK("http://x")')
    ContactAttempt.record(
        campaign=campaign, mediator=cast.mediator_a, commune=commune(), result="referred", note="@SUM(A1:A2)"
    )
    client = _client(cast.mediator_a)
    figures = dict(_csv(client.get(reverse("outreach:figures_csv", args=[campaign.uuid])))[1:])
    assert figures["Campagne"] == '\'=HYPERLINK("http://x")'
    assert figures["Contacts établis"] == "1"
    assert figures["Coût par contact établi"] == "non calculé : pas de budget"
    rows = _csv(client.get(reverse("outreach:attempts_csv", args=[campaign.uuid])))
    assert rows[1][4:] == ["Orienté", "5", "'@SUM(A1:A2)"]


@pytest.mark.parametrize("attempts", [1, 12])
def test_the_campaign_page_costs_the_same_with_more_attempts(
    cast: Any, django_assert_num_queries: Any, attempts: int
) -> None:
    campaign = make_campaign(cast.structure_a)
    campaign.partners.add(cast.partner)
    campaign.team.add(cast.mediator_a)
    for _ in range(attempts):
        ContactAttempt.record(campaign=campaign, mediator=cast.mediator_a, commune=commune(), result="absent")
    client = _client(cast.mediator_a)
    client.get(reverse("outreach:detail", args=[campaign.uuid]))
    # session, user, roles, menu reach, scope, the campaign, its figures (campaigns, attempts, requests,
    # referrals, rights), attempts count and page, communes, partners, team
    with django_assert_num_queries(16):
        page = client.get(reverse("outreach:detail", args=[campaign.uuid]))
    assert page.context["figures"].attempts == attempts
