"""The demo's territory gives real answers: the shipped commune centres are enough, the demo never
invents any, and the Loire's coverage counts the COG population of all its communes."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import User
from maillage.factories import sign_in
from maillage.territory.models import Commune

pytestmark = pytest.mark.django_db


def test_demo_does_not_set_commune_centres_itself() -> None:
    Commune.objects.filter(departement_id__in=["42", "69"]).update(lat=None, lon=None)  # a deployment without them
    call_command("demo")
    assert not Commune.objects.filter(departement_id__in=["42", "69"], lat__isnull=False).exists()


def test_loire_coverage_on_the_demo_counts_every_inhabitant_of_the_cog() -> None:
    call_command("demo")
    client = Client()
    sign_in(client, User.objects.get(email="coordination@demo.maillage.fr"))
    response = client.get(reverse("territory:coverage"), {"departement": "42", "distance": "10", "unit": "km"})
    result = response.context["result"]
    loire = Commune.objects.filter(departement_id="42").aggregate(total=Sum("population"))["total"]
    assert result.population_total == loire
    assert result.exact  # every commune of the Loire has its shipped centre
    assert 0 < result.population_covered < loire
    shown = re.search(r"<span data-population-total>([^<]+)</span>", response.content.decode())
    assert shown is not None
    assert int(shown.group(1).replace("\u202f", "").replace("\xa0", "")) == loire
