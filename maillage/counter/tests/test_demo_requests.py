from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from maillage.counter.demo import add_requests
from maillage.counter.models import FollowUp, Mandate, Person, Request
from maillage.network.demo import build_demo

pytestmark = pytest.mark.django_db


def test_demo_requests_follow_the_national_partner_mix(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo", "--requests", "3000")
    assert "3000 demandes ajoutées" in capsys.readouterr().out
    assert Request.objects.filter(campaign__isnull=True).count() == 3000  # beside the demo campaigns' requests
    top = [code for code, _ in Request.objects.values_list("partner__code").annotate(n=Count("id")).order_by("-n")[:5]]
    assert {"ants", "caf", "cpam", "dgfip"} <= set(top)
    now = timezone.now()
    oldest = Request.objects.order_by("occurred_at").first()
    assert oldest is not None
    assert oldest.occurred_at > now - dt.timedelta(days=366)
    assert not Request.objects.filter(occurred_at__gt=now).exists()
    months = {(d.year, d.month) for d in Request.objects.values_list("occurred_at", flat=True)}
    assert len(months) >= 12
    multi = Request.objects.values("visit").annotate(n=Count("id")).filter(n__gt=1).count()
    assert multi > 0
    assert Person.objects.exists()
    assert Request.objects.filter(person__isnull=False).exists()
    assert FollowUp.objects.exists()
    assert Mandate.objects.exists()
    # every request was recorded by a mediator of the structure that runs the place
    for request in Request.objects.select_related("place")[:200]:
        assert request.structure_id == request.place.structure_id
        assert request.mediator.memberships.filter(structure_id=request.structure_id).exists()


@pytest.mark.parametrize("day", range(16, 23))
def test_demo_requests_stay_within_the_year_before_now_whatever_the_weekday(day: int) -> None:
    # 16 to 22 November 2026: Monday to Sunday; weekend requests move back to the Friday before.
    build_demo()
    now = dt.datetime(2026, 11, day, 7, 30, tzinfo=dt.UTC)
    add_requests(2500, seed=day, now=now)
    oldest = Request.objects.order_by("occurred_at").values_list("occurred_at", flat=True).first()
    newest = Request.objects.order_by("-occurred_at").values_list("occurred_at", flat=True).first()
    assert oldest is not None
    assert newest is not None
    assert now - dt.timedelta(days=365) < oldest
    assert newest <= now
