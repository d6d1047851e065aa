"""A partner's report compares each cell with the previous period, masking small previous cells too."""

from __future__ import annotations

import json
from typing import Any

import pytest

from maillage.reports import footprint, rollup
from maillage.reports.activity import collect
from maillage.reports.compute import build_report
from maillage.reports.exports import render
from maillage.reports.masking import MASK
from maillage.reports.models import RollupMonth
from maillage.reports.period import parse_period
from maillage.reports.scope import partner_scope, resolve_scope
from maillage.reports.tests.helpers import expected, in_year, seed

pytestmark = pytest.mark.django_db

COMPARED = ("channel", "help_level", "outcome", "language", "place")


def _partner_report(cast: Any, *, rolled: bool) -> Any:
    seed(cast, visits=90)
    if rolled:
        rollup.refresh()
    period = parse_period("2025")
    return build_report(partner_scope(cast.partner, period), period, partner=cast.partner, masked=True)


@pytest.mark.parametrize("rolled", [False, True], ids=["requests", "rollup"])
def test_previous_values_shown_to_a_partner_are_the_database_counts_of_at_least_5_people(
    cast: Any, rolled: bool
) -> None:
    report = _partner_report(cast, rolled=rolled)
    shown = masked = 0
    for key in COMPARED:
        field = rollup.DIMENSIONS[key]
        secondary = 0
        for cell in report.breakdown(key).cells:
            truth = expected(in_year(2024, structure=cast.structure_a, partner=cast.partner, **{field: cell.code}))
            if cell.previous_masked:
                masked += 1
                secondary += truth["people"] >= 5
                assert secondary <= 1, f"{key}: previous values of 5 people or more masked beyond the one needed"
                continue
            shown += 1
            assert cell.previous_requests == truth["requests"], (key, cell.code)
            assert truth["requests"] == 0 or truth["people"] >= 5, (key, cell.code)
    assert shown, "the data set must leave previous values to show"
    assert masked, "the data set must produce small previous cells"


def test_no_lone_masked_previous_value_can_be_found_by_subtraction(cast: Any) -> None:
    report = _partner_report(cast, rolled=False)
    assert not report.previous.masked
    for breakdown in report.breakdowns:
        if breakdown.key == "month":
            continue
        hidden = [c for c in breakdown.cells if c.previous_masked]
        dropped = report.previous.requests - sum(c.previous_requests or 0 for c in breakdown.cells)
        # previous activity of rows not shown (no activity now) is hidden too
        assert not (len(hidden) == 1 and dropped == 0), f"{breakdown.key}: one lone masked previous value"


def test_a_masked_previous_value_shows_no_change_in_any_format(cast: Any) -> None:
    report = _partner_report(cast, rolled=False)
    breakdown, cell = next(
        (b, c) for b in report.breakdowns for c in b.cells if c.previous_masked and not c.masked and c.requests
    )
    data = json.loads(render(report, "json"))
    row = next(r for r in next(t for t in data["tables"] if t["key"] == breakdown.key)["rows"] if r[0] == cell.label)
    assert row[2] == cell.requests
    assert row[7:] == [MASK, None]
    visible = next(c for b in report.breakdowns for c in b.cells if not c.previous_masked and c.previous_requests)
    visible_row = next(
        r
        for t in data["tables"]
        for r in t["rows"]
        if t["key"] in {b.key for b in report.breakdowns if visible in b.cells} and r[0] == visible.label
    )
    assert visible_row[7] == visible.previous_requests


def test_the_coordinator_report_keeps_every_previous_value(cast: Any) -> None:
    seed(cast, visits=40)
    period = parse_period("2025")
    report = build_report(partner_scope(cast.partner, period), period, partner=cast.partner)
    cells = [c for b in report.breakdowns for c in b.cells if b.key != "month"]
    assert cells
    assert not any(c.previous_masked for c in cells)
    assert MASK not in render(report, "json").decode()


def test_previous_period_counts_persons_only_where_anonymous_visits_stay_under_5(cast: Any) -> None:
    seed(cast, visits=90)
    scope = resolve_scope("structure", str(cast.structure_a.pk))
    activity = collect(scope, parse_period("2024"), cast.partner.pk, people_cells=False, people_under=5)
    counted = skipped = 0
    for key in COMPARED:
        field = rollup.DIMENSIONS[key]
        for code, cell in activity.cells[key].items():
            truth = expected(in_year(2024, structure=cast.structure_a, partner=cast.partner, **{field: code or None}))
            assert cell.anonymous_visits == truth["people"] - truth["persons"]
            if cell.anonymous_visits < 5:
                counted += 1
                assert cell.persons == truth["persons"], (key, code)
            else:
                skipped += 1
                assert cell.persons == 0, (key, code)  # at least 5 people already: not counted
    assert (
        activity.total.persons == expected(in_year(2024, structure=cast.structure_a, partner=cast.partner))["persons"]
    )
    assert counted, "the data set must have cells under 5 anonymous visits"
    assert skipped, "the data set must have cells of 5 anonymous visits or more"


def test_masked_network_report_masks_the_same_previous_cells_from_the_footprint_and_the_requests(cast: Any) -> None:
    seed(cast, visits=90)
    rollup.refresh()
    scope = resolve_scope("network", str(cast.network_a.pk))
    period = parse_period("2025")
    assert footprint.usable(cast.network_a.pk, scope.structure_ids, parse_period("2024").months())

    def previous(report: Any) -> dict[tuple[str, str], tuple[Any, ...]]:
        return {
            (b.key, c.code): (c.previous_requests, c.previous_people, c.previous_masked)
            for b in report.breakdowns
            for c in b.cells
        }

    from_footprint = build_report(scope, period, partner=cast.partner, masked=True)
    RollupMonth.objects.update(stale=True)
    from_requests = build_report(scope, period, partner=cast.partner, masked=True)
    assert (from_footprint.rolled_months, from_requests.rolled_months) == (12, 0)
    assert previous(from_footprint) == previous(from_requests)
    assert any(masked for _, _, masked in previous(from_footprint).values())
