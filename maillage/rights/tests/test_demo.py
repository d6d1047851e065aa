"""`maillage demo` adds consenting persons with followed rights at every stage, once."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User
from maillage.factories import sign_in
from maillage.network.demo import DEMO_DOMAIN
from maillage.rights.enums import Stage
from maillage.rights.figures import rights_figures
from maillage.rights.models import FollowedRight

pytestmark = pytest.mark.django_db


def test_demo_shows_rights_at_every_stage_in_the_list_and_the_figures() -> None:
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "droits suivis ajoutés" in out.getvalue()
    rights = FollowedRight.objects.all()
    assert {r.stage for r in rights} == set(Stage.values)
    assert all(r.person.consent_given_on <= timezone.localdate() for r in rights)
    mediator = User.objects.get(email=f"mediateur@{DEMO_DOMAIN}")
    client = Client()
    sign_in(client, mediator)
    page = client.get(reverse("rights:list"))
    assert page.context["page"].paginator.count == rights.count()
    assert "à faire" in page.content.decode()  # reminders due today
    structure = rights.first().structure
    year_ago = timezone.localdate().replace(year=timezone.localdate().year - 1)
    figures = rights_figures(structure_ids=[structure.pk], start=year_ago, end=timezone.localdate())
    assert figures.total.opened == rights.filter(stage=Stage.OPENED).count()
    assert figures.total.yearly_amount > 0

    call_command("demo", stdout=io.StringIO())
    assert FollowedRight.objects.count() == rights.count()  # not added twice


def test_demo_screenings_are_computed_by_the_worker_once_openfisca_answers(service: str) -> None:
    from maillage.counter.models import Person
    from maillage.rights.enums import ScreeningStatus
    from maillage.rights.models import Screening
    from maillage.rights.tasks import rescreen_nightly

    call_command("demo", stdout=io.StringIO())
    assert set(Screening.objects.values_list("status", flat=True)) == {ScreeningStatus.PENDING}
    assert Person.objects.filter(first_name__isnull=False, screenings__isnull=True, followed_rights__isnull=True)

    rescreen_nightly.call()

    screenings = Screening.objects.all()
    assert len(screenings) == 3
    assert all(s.status == ScreeningStatus.COMPUTED and s.openfisca_version for s in screenings)
    nadia = screenings.get(person__in=[p for p in Person.objects.all() if p.first_name == "Nadia"])
    assert nadia.results_data["rsa"]["status"] == "received"
    assert nadia.results_data["apl"]["status"] == "probable"
