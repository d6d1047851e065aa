"""`maillage demo` fills the demo team's profiles; the indicators of Lyon show mobility and training needs."""

from __future__ import annotations

import html
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User
from maillage.factories import sign_in
from maillage.network.demo import DEMO_DOMAIN
from maillage.people.enums import ProposalStatus
from maillage.people.models import Assignment, EmploymentPeriod, Habilitation, ProfileChangeProposal, Training

pytestmark = pytest.mark.django_db


def test_demo_fills_profiles_and_the_indicators_show_mobility_and_training_needs() -> None:
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "3 profils de l'équipe remplis" in out.getvalue()
    mediator = User.objects.get(email=f"mediateur@{DEMO_DOMAIN}")
    today = timezone.localdate()
    current = [a for a in Assignment.objects.filter(user=mediator) if a.is_current(today)]
    assert len({a.place_id for a in current}) == 2  # in two places at once
    assert any(t.is_expired() for t in Training.objects.filter(user=mediator))
    assert Habilitation.objects.filter(user=mediator, kind="aidants_connect").exists()
    assert ProfileChangeProposal.objects.filter(user=mediator, status=ProposalStatus.PENDING).count() == 1
    moved = User.objects.get(email=f"mediateur.villeurbanne@{DEMO_DOMAIN}")
    assert EmploymentPeriod.objects.filter(user=moved).values("structure").distinct().count() == 2

    client = Client()
    sign_in(client, User.objects.get(email=f"coordination@{DEMO_DOMAIN}"))
    response = client.get(reverse("reports:indicators"))  # the first scope (the demo network), this year
    items = {item.code: item for family in response.context["result"].families for item in family.indicators}
    assert items["staff_mobile"].numerator >= 1
    assert items["staff_moves"].numerator >= 2  # a new structure and a new place for the Villeurbanne mediator
    assert response.context["result"].people.needs
    assert 'id="besoins-formation"' in html.unescape(response.content.decode())

    call_command("demo", stdout=io.StringIO())  # a second run adds nothing
    assert EmploymentPeriod.objects.filter(user=mediator).count() == 1
