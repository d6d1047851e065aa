"""A network's yearly footprint gives the same distinct people as the requests, and only when it may."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from maillage.counter.models import Request
from maillage.counter.tests.helpers import make_person, make_request
from maillage.factories import PlaceFactory, StructureFactory
from maillage.reports import footprint, rollup
from maillage.reports.activity import collect
from maillage.reports.compute import build_report
from maillage.reports.models import FootprintYear, PersonFootprint, RollupMonth
from maillage.reports.period import parse_period
from maillage.reports.scope import resolve_scope
from maillage.reports.tests.helpers import expected, seed, when


def _people(report: Any) -> dict[str, dict[str, int]]:
    return {b.key: {c.code: c.people for c in b.cells if c.requests} for b in report.breakdowns}


def _months(period: str) -> list[dt.date]:
    return parse_period(period).months()


def _network_requests(cast: Any, period: str) -> Any:
    p = parse_period(period)
    return Request.objects.filter(
        rollup.local_range(p.start, p.end + dt.timedelta(days=1)), structure__network=cast.network_a
    )


@pytest.mark.parametrize("period", ["2025", "2025-Q2", "2025-07", "2024"])
def test_footprint_people_equal_the_requests(cast: Any, period: str) -> None:
    seed(cast, visits=140)
    scope = resolve_scope("network", str(cast.network_a.pk))
    live = build_report(scope, parse_period(period))
    rollup.refresh()
    assert footprint.usable(cast.network_a.pk, scope.structure_ids, _months(period))
    from_footprint = build_report(scope, parse_period(period))
    assert not footprint.usable(cast.network_a.pk, scope.structure_ids - {cast.structure_a.pk}, _months(period))
    assert from_footprint.totals == live.totals
    assert from_footprint.previous == live.previous
    assert _people(from_footprint) == _people(live)
    figures = expected(_network_requests(cast, period))
    assert (from_footprint.totals.persons, from_footprint.totals.people) == (figures["persons"], figures["people"])
    by_place = {c.code: c.people for c in from_footprint.breakdown("place").cells}
    for code, people in by_place.items():
        assert people == expected(_network_requests(cast, period).filter(place_id=int(code)))["people"]


@pytest.mark.parametrize("masked", [False, True], ids=["open", "masked"])
def test_partner_footprint_people_equal_the_requests(cast: Any, masked: bool) -> None:
    data = seed(cast, visits=140)
    scope = resolve_scope("network", str(cast.network_a.pk))
    partners = (cast.partner, data["cpam"])
    live = [build_report(scope, parse_period("2025-Q3"), partner=p, masked=masked) for p in partners]
    rollup.refresh()
    for partner, before in zip(partners, live, strict=True):
        report = build_report(scope, parse_period("2025-Q3"), partner=partner, masked=masked)
        assert report.totals == before.totals
        assert _people(report) == _people(before)
        figures = expected(_network_requests(cast, "2025-Q3").filter(partner=partner))
        assert (report.totals.persons, report.totals.people) == (figures["persons"], figures["people"])
        cells = collect(scope, parse_period("2025-Q3"), partner.pk).cells
        assert cells["partner"][str(partner.pk)].persons == figures["persons"]


def test_footprint_rows_name_no_one(cast: Any) -> None:
    seed(cast)
    rollup.refresh()
    columns = {f.name for f in PersonFootprint._meta.get_fields()}
    assert columns == {"id", "network_id", "year", "partner_key", "dimension", "value", "months"}
    assert PersonFootprint.objects.filter(dimension="total", year=2025).exists()


def test_a_change_makes_the_footprint_unusable_until_rebuilt(cast: Any) -> None:
    data = seed(cast)
    rollup.refresh()
    scope = resolve_scope("network", str(cast.network_a.pk))
    months = _months("2025")
    before = build_report(scope, parse_period("2025")).totals.persons
    newcomer = data["persons"][0]
    Request.objects.filter(person=newcomer, occurred_at__year=2025).delete()
    assert not footprint.usable(cast.network_a.pk, scope.structure_ids, months)
    expected_persons = expected(_network_requests(cast, "2025"))["persons"]
    assert expected_persons == before - 1
    assert build_report(scope, parse_period("2025")).totals.persons == expected_persons
    rollup.refresh()
    assert footprint.usable(cast.network_a.pk, scope.structure_ids, months)
    assert build_report(scope, parse_period("2025")).totals.persons == expected_persons


def test_erasing_a_person_file_reaches_the_footprint(cast: Any) -> None:
    data = seed(cast)
    rollup.refresh()
    scope = resolve_scope("network", str(cast.network_a.pk))
    person = next(p for p in data["persons"] if p.requests.filter(occurred_at__year=2025).exists())
    person.delete()
    rollup.refresh()
    report = build_report(scope, parse_period("2025"))
    assert report.totals.people == expected(_network_requests(cast, "2025"))["people"]


def test_a_new_structure_in_the_network_makes_it_unusable(cast: Any) -> None:
    seed(cast)
    rollup.refresh()
    structure = StructureFactory(name="Structure A bis", network=cast.network_a)
    place = PlaceFactory(structure=structure)
    make_request(
        place, cast.mediator_a, person=make_person(structure, first_name="Nouvelle"), occurred_at=when(2025, 5, 5)
    )
    scope = resolve_scope("network", str(cast.network_a.pk))
    assert not footprint.usable(cast.network_a.pk, scope.structure_ids, _months("2025"))
    report = build_report(scope, parse_period("2025"))
    assert report.totals.persons == expected(_network_requests(cast, "2025"))["persons"]
    rollup.refresh()
    assert FootprintYear.objects.filter(network_id=cast.network_a.pk, year=2025).exists()
    assert footprint.usable(cast.network_a.pk, scope.structure_ids, _months("2025"))
    assert build_report(scope, parse_period("2025")).totals.persons == report.totals.persons


@pytest.mark.parametrize("period", ["2025-02-10:2025-11-20", "2024-07-01:2025-06-30"], ids=["days", "two years"])
def test_periods_the_footprint_cannot_answer_are_counted_on_the_requests(cast: Any, period: str) -> None:
    seed(cast)
    scope = resolve_scope("network", str(cast.network_a.pk))
    live = build_report(scope, parse_period(period))
    rollup.refresh()
    report = build_report(scope, parse_period(period))
    assert report.totals.persons == expected(_network_requests(cast, period))["persons"]
    assert _people(report) == _people(live)


def test_the_rollup_command_builds_what_is_missing(cast: Any) -> None:
    seed(cast)
    out = StringIO()
    call_command("rollup", stdout=out)
    assert FootprintYear.objects.filter(network_id=cast.network_a.pk, year=2025).exists()
    assert out.getvalue().startswith(f"{RollupMonth.objects.count()} mois agrégés")
    again = StringIO()
    call_command("rollup", stdout=again)
    assert again.getvalue().startswith("0 mois agrégés")
