"""Count requests and people of a scope over a period, reading the roll-up where it is fresh and
the requests elsewhere. Returns plain accumulators; compute.py turns them into a Report."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from maillage.counter.models import Request
from maillage.reports import footprint, rollup
from maillage.reports.models import ALL_PARTNERS, ActivityRollup, YearRollup
from maillage.reports.period import Period
from maillage.reports.scope import Scope


@dataclass
class Counts:
    requests: int = 0
    minutes: int = 0
    resolved: int = 0
    anonymous_visits: int = 0
    persons: int = 0

    @property
    def people(self) -> int:
        return self.persons + self.anonymous_visits

    def add(self, row: Mapping[str, Any]) -> None:
        self.requests += row["requests"]
        self.minutes += row["minutes"] or 0
        self.resolved += row["resolved"]
        self.anonymous_visits += row["anonymous_visits"]


@dataclass
class Activity:
    cells: dict[str, dict[str, Counts]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(Counts)))
    rolled_months: list[dt.date] = field(default_factory=list)
    queries_note: str = ""

    @property
    def total(self) -> Counts:
        return self.cells["total"][""]

    def median_minutes(self) -> float | None:
        histogram = sorted((int(v), c.requests) for v, c in self.cells["duration"].items())
        count = sum(n for _, n in histogram)
        if not count:
            return None
        wanted = [(count - 1) // 2, count // 2]
        values, seen = [], 0
        for minutes, n in histogram:
            while wanted and wanted[0] < seen + n:
                values.append(minutes)
                wanted.pop(0)
            seen += n
        return sum(values) / 2


def collect(
    scope: Scope, period: Period, partner_id: int | None, *, people_cells: bool = True, people_under: int = 0
) -> Activity:
    """Requests and people of every cell. Without `people_cells`, only the total's distinct persons
    are counted, and those of the cells whose anonymous visits alone stay under `people_under`: enough
    to tell which cells hold fewer people than that (the others hold at least as many)."""
    activity = Activity()
    rolled = _rolled_months(scope, period)
    activity.rolled_months = sorted(rolled)
    if rolled:
        _read_rollup(activity, scope, rolled, partner_id)
    raw = _raw_ranges(period, rolled)
    if raw is not None:
        _read_requests(activity, _requests(scope, partner_id).filter(raw))
    only = None if people_cells else _cells_under(activity, people_under, partner_id)
    if not _persons_from_footprint(activity, scope, period, partner_id, rolled, only):
        _count_persons(
            activity, _requests(scope, partner_id).filter(rollup.local_range(period.start, _after(period))), only
        )
    return activity


def _cells_under(activity: Activity, people_under: int, partner_id: int | None) -> dict[str, list[str]]:
    """The cells whose anonymous visits alone do not reach `people_under`, by dimension."""
    wanted: dict[str, list[str]] = {}
    for dimension in rollup.PEOPLE_DIMENSIONS:
        if dimension == "partner" and partner_id:
            continue  # one partner's report has no partner breakdown
        values = [
            v for v, c in activity.cells.get(dimension, {}).items() if c.requests and c.anonymous_visits < people_under
        ]
        if values:
            wanted[dimension] = values
    return wanted


def _after(period: Period) -> dt.date:
    return period.end + dt.timedelta(days=1)


def _requests(scope: Scope, partner_id: int | None):
    queryset = Request.objects.filter(scope.request_filter())
    return queryset.filter(partner_id=partner_id) if partner_id else queryset


def _rolled_months(scope: Scope, period: Period) -> set[dt.date]:
    if scope.place_ids is not None:
        return set()
    whole = [
        m
        for m in period.months()
        if m >= period.start and rollup.next_month(m) - dt.timedelta(days=1) <= period.end and rollup.sealed(m)
    ]
    return rollup.fresh_months(whole) if whole else set()


def _raw_ranges(period: Period, rolled: set[dt.date]) -> Q | None:
    """Days of the period outside the rolled-up months, as one filter (None when there are none)."""
    query, start, day = None, period.start, period.start
    end = _after(period)
    while day < end:
        if rollup.month_start(day) in rolled and day.day == 1:
            if start < day:
                query = rollup.local_range(start, day) if query is None else query | rollup.local_range(start, day)
            day = rollup.next_month(day)
            start = day
        else:
            day += dt.timedelta(days=1)
    if start < end:
        query = rollup.local_range(start, end) if query is None else query | rollup.local_range(start, end)
    return query


def _read_rollup(activity: Activity, scope: Scope, months: set[dt.date], partner_id: int | None) -> None:
    """Two reads of the roll-up: every cell summed over structures and months (whole years from their
    yearly sums), then the total rows
    as they are (one per structure and month) for the structure and month breakdowns. The month
    range (besides the list) lets the index bound the first scan to the period."""
    ordered = sorted(months)
    rows = ActivityRollup.objects.filter(
        month__in=ordered, structure_id__in=scope.structure_ids, partner_key=partner_id or ALL_PARTNERS
    ).order_by()
    sums = {name: Sum(name) for name in rollup.COUNTERS}
    cell: Any
    years = rollup.current_years(ordered)  # a whole year: its twelve months summed once, at refresh
    if years:
        summed = YearRollup.objects.filter(
            year__in=sorted(years), structure_id__in=scope.structure_ids, partner_key=partner_id or ALL_PARTNERS
        )
        for cell in summed.order_by().values("dimension", "value").annotate(**sums):
            activity.cells[cell["dimension"]][cell["value"]].add(cell)
    rest = [m for m in ordered if m.year not in years]
    if rest:
        bounded = rows.filter(month__in=rest, month__gte=rest[0], month__lte=rest[-1])
        for cell in bounded.values("dimension", "value").annotate(**sums):
            activity.cells[cell["dimension"]][cell["value"]].add(cell)
    for cell in rows.filter(dimension="total").values("structure_id", "month", *rollup.COUNTERS):
        activity.cells["structure"][str(cell["structure_id"])].add(cell)
        activity.cells["month"][cell["month"].isoformat()].add(cell)


def _read_requests(activity: Activity, requests) -> None:
    for dimension in rollup.DIMENSIONS:
        for row in rollup.grouped(requests, dimension):
            activity.cells[dimension][row["value"]].add(row)
    for row in rollup.grouped(requests, "total", "structure_id"):
        activity.cells["structure"][str(row["structure_id"])].add(row)
    by_month = requests.annotate(m=TruncMonth("occurred_at", tzinfo=timezone.get_current_timezone()))
    for row in by_month.order_by().values("m").annotate(**rollup.counters()):
        month = timezone.localdate(row["m"]) if isinstance(row["m"], dt.datetime) else row["m"]
        activity.cells["month"][month.replace(day=1).isoformat()].add(row)


def _persons_from_footprint(
    activity: Activity,
    scope: Scope,
    period: Period,
    partner_id: int | None,
    rolled: set[dt.date],
    only: dict[str, list[str]] | None,
) -> bool:
    """A whole network over whole sealed months of one year: distinct persons from its footprint."""
    months = period.months()
    network_id = scope.network_id
    if network_id is None or scope.place_ids is not None or set(months) != rolled:
        return False
    if not footprint.usable(network_id, scope.structure_ids, months):
        return False
    for dimension, values in footprint.persons(network_id, months, partner_id, only=only).items():
        for value, n in values.items():
            activity.cells[dimension][value].persons = n
    return True


def _count_persons(activity: Activity, requests, only: dict[str, list[str]] | None) -> None:
    """Distinct person files cannot be summed month by month: they are always counted on the requests
    (every cell, or the total and the cells of `only`).

    Every query here reads the requests with a person file (a few percent of all) from the partial
    index `request_person_day_idx`, which holds every column they need: the table is not read."""
    with_person = requests.filter(person__isnull=False).order_by()
    activity.total.persons = with_person.aggregate(n=Count("person_id", distinct=True))["n"]
    if only is not None:
        for dimension, values in only.items():
            name = rollup.PEOPLE_DIMENSIONS[dimension]
            for row in (
                with_person.filter(_values_filter(name, values))
                .values(name)
                .annotate(n=Count("person_id", distinct=True))
            ):
                activity.cells[dimension]["" if row[name] is None else str(row[name])].persons = row["n"]
        return
    for dimension, name in rollup.PEOPLE_DIMENSIONS.items():
        for row in with_person.values(name).annotate(n=Count("person_id", distinct=True)):
            value = "" if row[name] is None else str(row[name])
            activity.cells[dimension][value].persons = row["n"]
    by_month = with_person.annotate(m=TruncMonth("occurred_at", tzinfo=timezone.get_current_timezone()))
    for row in by_month.values("m").annotate(n=Count("person_id", distinct=True)):
        month = timezone.localdate(row["m"]) if isinstance(row["m"], dt.datetime) else row["m"]
        activity.cells["month"][month.replace(day=1).isoformat()].persons = row["n"]


def _values_filter(name: str, values: list[str]) -> Q:
    """Requests whose column `name` holds one of the cell values ("" stands for empty or NULL)."""
    column = Request._meta.get_field(name)
    present = [v for v in values if v]
    condition = Q(**{f"{name}__in": present}) if present else Q(pk__in=[])
    if "" in values:
        if column.null:
            condition |= Q(**{f"{name}__isnull": True})
        if not column.is_relation:
            condition |= Q(**{name: ""})
    return condition
