"""The counter tags a request with an active campaign of the structure; a referral made from it carries it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.counter.models import Request
from maillage.factories import counter_form_data, sign_in
from maillage.outreach.tests.helpers import make_campaign, tagged_request
from maillage.referrals.models import Referral

pytestmark = pytest.mark.django_db


@pytest.fixture
def mediator(cast: Any) -> Client:
    client = Client()
    sign_in(client, cast.mediator_a)
    return client


def test_the_campaign_choice_shows_only_while_a_campaign_of_the_structure_runs(cast: Any, mediator: Client) -> None:
    make_campaign(cast.structure_a, before=30, after=-10, title="Campagne finie")
    make_campaign(cast.structure_b, title="Campagne de B")
    assert 'id="id_campaign"' not in mediator.get(reverse("counter:counter")).content.decode()
    mediator.post(reverse("counter:counter"), counter_form_data(cast.place_a, domain="social_health"))
    assert Request.objects.get().campaign is None
    make_campaign(cast.structure_a, before=0, after=0, title="Campagne du jour")
    page = mediator.get(reverse("counter:counter")).content.decode()
    assert 'id="id_campaign"' in page
    assert "Campagne du jour" in page


def test_a_request_recorded_during_a_campaign_is_tagged_and_the_choice_is_remembered(
    cast: Any, mediator: Client
) -> None:
    campaign = make_campaign(cast.structure_a)
    make_campaign(cast.structure_b, title="Campagne de B")
    page = mediator.get(reverse("counter:counter")).content.decode()
    assert 'id="id_campaign"' in page
    assert "Porte-à-porte des Buers" in page
    assert "Campagne de B" not in page
    data = counter_form_data(cast.place_a, domain="social_health", campaign=str(campaign.uuid))
    assert mediator.post(reverse("counter:counter"), data).status_code == 302
    assert Request.objects.get().campaign == campaign
    again = mediator.get(reverse("counter:counter"))
    assert again.context["campaign_field"].value() == str(campaign.uuid)  # the campaign chosen last
    mediator.post(reverse("counter:counter"), counter_form_data(cast.place_a, domain="social_health", campaign=""))
    assert Request.objects.filter(campaign__isnull=True).count() == 1


def test_a_campaign_of_another_structure_or_outside_its_dates_is_refused_and_nothing_written(
    cast: Any, mediator: Client
) -> None:
    make_campaign(cast.structure_a)
    theirs = make_campaign(cast.structure_b, title="Campagne de B")
    refused = mediator.post(
        reverse("counter:counter"),
        counter_form_data(cast.place_a, domain="social_health", campaign=str(theirs.uuid)),
    )
    assert "Cette campagne n&#x27;est pas en cours pour vos structures." in refused.content.decode()
    short = make_campaign(cast.structure_a, before=0, after=3, title="Campagne du jour")
    before = (timezone.localtime() - dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    late = mediator.post(
        reverse("counter:counter"),
        counter_form_data(cast.place_a, domain="social_health", campaign=str(short.uuid), occurred_at=before),
    )
    assert "la date de la demande est en dehors" in late.content.decode()
    assert not Request.objects.exists()


def test_a_referral_made_from_a_tagged_request_carries_the_campaign(cast: Any, mediator: Client) -> None:
    campaign = make_campaign(cast.structure_a)
    source = tagged_request(cast.place_a, cast.mediator_a, campaign)
    response = mediator.post(
        f"{reverse('referrals:create')}?demande={source.uuid}",
        {"external_name": "CCAS de Villeurbanne", "external_email": "ccas@villeurbanne.example", "reason": "Aide"},
    )
    assert response.status_code == 302
    assert Referral.objects.get().campaign == campaign
