"""`maillage demo` adds a door-to-door and a bus tour, with attempts of every result and the tagged requests."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import User
from maillage.counter.models import Request
from maillage.factories import sign_in
from maillage.network.demo import DEMO_DOMAIN
from maillage.outreach.enums import AttemptResult, CampaignKind
from maillage.outreach.figures import campaign_figures
from maillage.outreach.models import Campaign, ContactAttempt
from maillage.referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_demo_adds_two_campaigns_with_attempts_of_every_result_and_their_requests() -> None:
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "2 campagnes d'aller vers ajoutées" in out.getvalue()
    campaigns = {c.kind: c for c in Campaign.objects.all()}
    assert set(campaigns) == {CampaignKind.DOOR_TO_DOOR, CampaignKind.BUS_TOUR}
    bus = campaigns[CampaignKind.BUS_TOUR]
    assert bus.communes.count() > 1
    assert not bus.communes.filter(name="Lyon").exists()  # rural communes of the demo territory
    assert campaigns[CampaignKind.DOOR_TO_DOOR].communes.filter(name="Lyon").exists()
    for campaign in campaigns.values():
        results = set(ContactAttempt.objects.filter(campaign=campaign).values_list("result", flat=True))
        assert results == set(AttemptResult.values)
        recorded = ContactAttempt.objects.filter(
            campaign=campaign, result__in=[AttemptResult.REQUEST_RECORDED, AttemptResult.REFERRED]
        ).count()
        assert Request.objects.filter(campaign=campaign).count() == recorded
        assert Referral.objects.filter(campaign=campaign).exists()
    door = campaign_figures(campaign_ids=[campaigns[CampaignKind.DOOR_TO_DOOR].pk]).total
    assert door.cost_per_contact_cents is not None

    mediator = User.objects.get(email=f"mediateur@{DEMO_DOMAIN}")
    client = Client()
    sign_in(client, mediator)
    assert "Porte-à-porte Mermoz" in client.get(reverse("outreach:list")).content.decode()
    assert 'id="id_campaign"' in client.get(reverse("counter:counter")).content.decode()  # running today

    call_command("demo", stdout=io.StringIO())
    assert Campaign.objects.count() == 2  # not added twice
