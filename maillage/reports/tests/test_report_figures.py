"""The Report's figures equal what the requests say, read from the roll-up or from the requests."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from maillage.counter.models import Request, Visit
from maillage.network.enums import ProcedureDomain
from maillage.reports import rollup
from maillage.reports.compute import build_report
from maillage.reports.models import RollupMonth
from maillage.reports.period import parse_period
from maillage.reports.scope import resolve_scope
from maillage.reports.tasks import refresh_rollup
from maillage.reports.tests.helpers import expected, in_year, seed, when


def _cells(report: Any, key: str) -> dict[str, int]:
    return {c.code: c.requests for c in report.breakdown(key).cells if c.requests}


def _check_against_database(report: Any, requests: Any) -> None:
    figures = expected(requests)
    totals = report.totals
    assert (totals.requests, totals.people, totals.persons) == (
        figures["requests"],
        figures["people"],
        figures["persons"],
    )
    assert (totals.minutes, totals.median_minutes, totals.resolved) == (
        figures["minutes"],
        figures["median"],
        figures["resolved"],
    )
    by_channel = Counter(requests.values_list("channel", flat=True))
    assert _cells(report, "channel") == dict(by_channel)
    by_partner = Counter(str(p or "") for p in requests.values_list("partner_id", flat=True))
    assert _cells(report, "partner") == dict(by_partner)
    for breakdown in report.breakdowns:
        assert sum(c.requests for c in breakdown.cells) == totals.requests, breakdown.key


@pytest.mark.parametrize("rolled", [False, True], ids=["requests", "roll-up"])
def test_yearly_structure_report_equals_the_database(cast: Any, rolled: bool) -> None:
    seed(cast)
    if rolled:
        rollup.refresh()
    report = build_report(resolve_scope("structure", str(cast.structure_a.pk)), parse_period("2025"))
    assert report.rolled_months == (12 if rolled else 0)
    _check_against_database(report, in_year(2025, structure=cast.structure_a))
    assert report.previous.requests == in_year(2024, structure=cast.structure_a).count()
    people_by_place = {c.code: c.people for c in report.breakdown("place").cells}
    for place_id, count in people_by_place.items():
        assert count == expected(in_year(2025, structure=cast.structure_a, place_id=int(place_id)))["people"]


def test_roll_up_and_requests_give_the_same_cells(cast: Any) -> None:
    seed(cast)
    scope = resolve_scope("network", str(cast.network_a.pk))
    live = build_report(scope, parse_period("2025-02-10:2025-11-20"))
    rollup.refresh()
    mixed = build_report(scope, parse_period("2025-02-10:2025-11-20"))
    assert mixed.rolled_months == 8  # March to October; the partial February and November are read live
    for a, b in zip(live.breakdowns, mixed.breakdowns, strict=True):
        assert [(c.code, c.requests, c.people, c.minutes) for c in sorted(a.cells, key=lambda c: c.code)] == [
            (c.code, c.requests, c.people, c.minutes) for c in sorted(b.cells, key=lambda c: c.code)
        ], a.key
    assert live.totals == mixed.totals


def test_partner_report_counts_only_that_partners_requests(cast: Any) -> None:
    seed(cast)
    rollup.refresh()
    report = build_report(
        resolve_scope("structure", str(cast.structure_a.pk)), parse_period("2025"), partner=cast.partner
    )
    figures = expected(in_year(2025, structure=cast.structure_a, partner=cast.partner))
    assert (report.totals.requests, report.totals.people, report.totals.minutes) == (
        figures["requests"],
        figures["people"],
        figures["minutes"],
    )
    assert all(b.key != "partner" for b in report.breakdowns)


def test_a_change_in_a_finished_month_is_seen_at_once(cast: Any) -> None:
    data = seed(cast)
    rollup.refresh()
    scope = resolve_scope("structure", str(cast.structure_a.pk))
    before = build_report(scope, parse_period("2025-03")).totals.requests
    Request.objects.create(
        visit=Visit.objects.create(),
        structure=cast.structure_a,
        place=data["place_a2"],
        mediator=cast.mediator_a,
        occurred_at=when(2025, 3, 15),
        domain=ProcedureDomain.SOCIAL_HEALTH,
    )
    assert RollupMonth.objects.get(month=dt.date(2025, 3, 1)).stale
    assert build_report(scope, parse_period("2025-03")).totals.requests == before + 1
    rollup.refresh()
    assert build_report(scope, parse_period("2025-03")).totals.requests == before + 1


def test_moving_a_request_to_another_finished_month_marks_both_stale(cast: Any) -> None:
    seed(cast)
    rollup.refresh()
    scope = resolve_scope("structure", str(cast.structure_a.pk))
    march, may = build_report(scope, parse_period("2025-03")), build_report(scope, parse_period("2025-05"))
    moved = Request.objects.filter(structure=cast.structure_a, occurred_at__month=3, occurred_at__year=2025).first()
    assert moved is not None
    moved.occurred_at = when(2025, 5, 20)
    moved.save()
    stale = set(RollupMonth.objects.filter(stale=True).values_list("month", flat=True))
    assert {dt.date(2025, 3, 1), dt.date(2025, 5, 1)} <= stale
    waiting = DBTaskResult.objects.filter(task_path=refresh_rollup.module_path, status=TaskResultStatus.READY)
    assert waiting.count() == 1
    assert build_report(scope, parse_period("2025-03")).totals.requests == march.totals.requests - 1
    assert build_report(scope, parse_period("2025-05")).totals.requests == may.totals.requests + 1


def test_erasing_a_person_file_updates_the_people_counts(cast: Any) -> None:
    data = seed(cast)
    rollup.refresh()
    scope = resolve_scope("structure", str(cast.structure_a.pk))
    person = next(p for p in data["persons"] if p.requests.filter(occurred_at__year=2025).exists())
    person.delete()
    report = build_report(scope, parse_period("2025"))
    assert report.totals.people == expected(in_year(2025, structure=cast.structure_a))["people"]


def test_an_empty_period_gives_zeros_not_errors(cast: Any) -> None:
    report = build_report(resolve_scope("structure", str(cast.structure_a.pk)), parse_period("2019"))
    assert (report.totals.requests, report.totals.people, report.totals.median_minutes) == (0, 0, None)
    assert report.totals.resolution_rate is None


def test_yearly_report_reads_a_bounded_number_of_queries(cast: Any, django_assert_max_num_queries: Any) -> None:
    seed(cast)
    rollup.refresh()
    scope = resolve_scope("network", str(cast.network_a.pk))
    with django_assert_max_num_queries(70):
        build_report(scope, parse_period("2025"))
