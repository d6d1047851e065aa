"""A sealed period's social value reads its requests per partner and commune from the roll-up
(reports.models.ResidenceRollup): the same figures as read from the requests, also when a month
is stale (read again from its requests) or the report lists places (never rolled up)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from maillage.counter.models import Request
from maillage.reports import rollup
from maillage.reports.period import parse_period
from maillage.socialvalue.figures import PartnerPeople, social_value_figures
from maillage.socialvalue.tests.helpers import known_set
from maillage.socialvalue.tests.test_report_people import _generated

pytestmark = pytest.mark.django_db


def _figures(cast: Any, **extra: Any) -> Any:
    """People as the report hands them (here none), so that only the requests are read."""
    period = parse_period("2025")
    return social_value_figures(
        structure_ids=[cast.structure_a.pk], start=period.start, end=period.end, people=PartnerPeople({}, 0), **extra
    )


def _year(cast: Any, share: str | None) -> Any:
    sets = known_set(cast, share=share)
    _generated(cast, [sets["caf"], sets["cpam"], sets["ft"]])
    return _figures(cast)


@pytest.mark.parametrize("share", ["50", None], ids=["valued", "share-unset"])
def test_a_rolled_up_year_gives_the_figures_of_its_requests(cast: Any, share: str | None) -> None:
    on_requests = _year(cast, share)
    rollup.refresh()
    Request.objects.all()._raw_delete(Request.objects.db)  # from now on only the roll-up knows them
    rolled = _figures(cast)
    assert rolled.value.total.requests > 160
    assert rolled.value == on_requests.value
    assert rolled.parameters == on_requests.parameters


def test_a_stale_month_is_read_from_its_requests_and_the_others_from_the_roll_up(cast: Any) -> None:
    on_requests = _year(cast, "50")
    rollup.refresh()
    may = Request.objects.filter(rollup.local_range(dt.date(2025, 5, 1), dt.date(2025, 6, 1)))
    assert may.exists()
    rollup.mark_stale([dt.date(2025, 5, 3)])
    Request.objects.exclude(pk__in=may.values("pk"))._raw_delete(Request.objects.db)
    assert _figures(cast).value == on_requests.value


def test_a_report_of_places_reads_the_requests(cast: Any) -> None:
    on_requests = _year(cast, "50")
    rollup.refresh()
    Request.objects.filter(partner__isnull=False)._raw_delete(Request.objects.db)  # the roll-up keeps them
    of_places = _figures(cast, place_ids=[cast.place_a.pk]).value
    assert of_places.total.requests == Request.objects.count() < on_requests.value.total.requests
    assert _figures(cast).value == on_requests.value
