"""A whole sealed year is summed once at refresh (YearRollup): a yearly report reads one row per
structure and value instead of twelve, and gives the same report; a changed request leaves the year
aside (its month read again from the requests) until the next refresh sums it again."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from maillage.reports import rollup
from maillage.reports.compute import build_report
from maillage.reports.exports import render
from maillage.reports.models import ActivityRollup
from maillage.reports.period import parse_period
from maillage.reports.scope import resolve_scope
from maillage.reports.tests.helpers import in_year, seed

pytestmark = pytest.mark.django_db


def _json(cast: Any, **extra: Any) -> bytes:
    report = build_report(resolve_scope("structure", str(cast.structure_a.pk)), parse_period("2025"), **extra)
    report.generated_at = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return render(report, "json")


@pytest.mark.parametrize("with_partner", [False, True], ids=["all", "partner"])
def test_a_yearly_report_reads_the_yearly_sums_and_gives_the_same_report(cast: Any, with_partner: bool) -> None:
    seed(cast)
    extra = {"partner": cast.partner} if with_partner else {}
    on_requests = _json(cast, **extra)
    rollup.refresh()
    assert rollup.current_years(rollup.year_months(2025)) == {2025}
    # The monthly cells are no longer read for 2025 (its structure and month rows still are).
    ActivityRollup.objects.filter(month__year=2025).exclude(dimension="total").delete()
    assert _json(cast, **extra) == on_requests


def test_a_changed_request_shows_at_once_and_the_year_is_summed_again_at_refresh(cast: Any) -> None:
    seed(cast)
    rollup.refresh()
    request = in_year(2025, structure=cast.structure_a).exclude(language="de").first()
    assert request is not None
    request.language = "de"
    request.save()  # marks its month stale: the year is no longer current
    assert rollup.current_years(rollup.year_months(2025)) == set()
    changed = _json(cast)
    assert b'"Allemand"' in changed or b'"de"' in changed
    rollup.refresh()
    assert rollup.current_years(rollup.year_months(2025)) == {2025}
    assert _json(cast) == changed  # read from the year summed again
