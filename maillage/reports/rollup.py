"""Monthly roll-up of requests: one row per (month, structure, partner or all, dimension, value).

A yearly network report then sums a few thousand rows instead of scanning millions of requests.
Only months that ended before the current one are rolled up; a change to a request of such a
month (an edit through the admin, a person file erased by the retention purge, a bulk import)
marks the month stale and the reports read it from the requests until it is rebuilt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from maillage.counter.enums import Outcome
from maillage.counter.models import Request
from maillage.reports.models import (
    ALL_PARTNERS,
    KNOWN_RESIDENCE,
    ActivityRollup,
    ResidenceRollup,
    RollupMonth,
    RollupYear,
    YearRollup,
)

# dimension -> field of Request it groups on (None: the total row)
DIMENSIONS: dict[str, str | None] = {
    "total": None,
    "partner": "partner_id",
    "procedure": "procedure_id",
    "domain": "domain",
    "channel": "channel",
    "help_level": "help_level",
    "outcome": "outcome",
    "autonomy": "autonomy",
    "language": "language",
    "referred_by": "referred_by",
    "duration": "duration_minutes",
    "place": "place_id",
}
# Breakdowns that also count people (distinct person files + anonymous visits).
PEOPLE_DIMENSIONS: dict[str, str] = {
    name: field for name, field in DIMENSIONS.items() if field and name != "duration"
} | {"structure": "structure_id"}
COUNTERS = ("requests", "minutes", "resolved", "anonymous_visits")


def counters() -> dict[str, Any]:
    """The aggregates every cell carries; anonymous visits are additive since a visit is one moment."""
    return {
        "requests": Count("id"),
        "minutes": Sum("duration_minutes"),
        "resolved": Count("id", filter=Q(outcome=Outcome.RESOLVED)),
        "anonymous_visits": Count("visit_id", distinct=True, filter=Q(person__isnull=True)),
    }


def grouped(queryset: QuerySet[Request], dimension: str, *extra: str) -> Iterator[dict[str, Any]]:
    """Rows of `extra` fields + `value` + counters for one dimension."""
    field = DIMENSIONS[dimension]
    names = [*extra] + ([field] if field else [])
    if not names:  # values() without names would group on every column
        total = queryset.order_by().aggregate(**counters())
        rows: Any = [total] if total["requests"] else []
    else:
        rows = queryset.order_by().values(*names).annotate(**counters())
    for row in rows:
        row["value"] = "" if field is None or row[field] is None else str(row[field])
        row["minutes"] = row["minutes"] or 0
        yield row


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(first: dt.date) -> dt.date:
    return (first + dt.timedelta(days=32)).replace(day=1)


def local_range(start: dt.date, end_exclusive: dt.date) -> Q:
    """Requests that occurred on local days start … end_exclusive - 1."""
    tz = timezone.get_current_timezone()
    low = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    high = dt.datetime.combine(end_exclusive, dt.time.min, tzinfo=tz)
    return Q(occurred_at__gte=low, occurred_at__lt=high)


def sealed(month: dt.date) -> bool:
    """Months before the current one: the only ones the roll-up keeps."""
    return month < month_start(timezone.localdate())


def mark_stale(days: Iterable[dt.date]) -> None:
    """Called when requests of these days changed: their sealed months must be rebuilt before use."""
    months = {month_start(d) for d in days if sealed(month_start(d))}
    if months:
        RollupMonth.objects.filter(month__in=months).update(stale=True, version=F("version") + 1)


def build_month(month: dt.date) -> int:
    """Recompute one sealed month from the requests; returns the number of roll-up rows written."""
    month = month_start(month)
    if not sealed(month):
        raise ValueError("Seuls les mois terminés sont agrégés.")
    state, _ = RollupMonth.objects.get_or_create(month=month)
    version = state.version
    requests = Request.objects.filter(local_range(month, next_month(month)))
    rows: list[ActivityRollup] = []
    for dimension in DIMENSIONS:
        for row in grouped(requests, dimension, "structure_id"):
            rows.append(_row(month, row, ALL_PARTNERS, dimension))
        if dimension != "partner":
            for row in grouped(requests.filter(partner__isnull=False), dimension, "structure_id", "partner_id"):
                rows.append(_row(month, row, row["partner_id"], dimension))
    residences = residence_rows(month, requests)
    with transaction.atomic():
        ActivityRollup.objects.filter(month=month).delete()
        ActivityRollup.objects.bulk_create(rows, batch_size=2000)
        ResidenceRollup.objects.filter(month=month).delete()
        ResidenceRollup.objects.bulk_create(residences, batch_size=2000)
        RollupMonth.objects.filter(pk=state.pk, version=version).update(stale=False, built_at=timezone.now())
    return len(rows)


def residence_rows(month: dt.date, requests: QuerySet[Request]) -> list[ResidenceRollup]:
    """The month's requests per structure, partner and commune, plus their sum over known communes."""
    by_residence = requests.order_by().values_list("structure_id", "partner_id", "residence_id").annotate(n=Count("id"))
    residences: list[ResidenceRollup] = []
    known: dict[tuple[int, int | None], int] = {}
    for structure_id, partner_id, residence_id, n in by_residence:
        residences.append(
            ResidenceRollup(
                month=month, structure_id=structure_id, partner_id=partner_id, residence_id=residence_id, requests=n
            )
        )
        if residence_id is not None:
            known[(structure_id, partner_id)] = known.get((structure_id, partner_id), 0) + n
    residences += [
        ResidenceRollup(month=month, structure_id=s, partner_id=p, residence_id=KNOWN_RESIDENCE, requests=n)
        for (s, p), n in known.items()
    ]
    return residences


def _row(month: dt.date, row: dict[str, Any], partner_key: int, dimension: str) -> ActivityRollup:
    return ActivityRollup(
        month=month,
        structure_id=row["structure_id"],
        partner_key=partner_key,
        dimension=dimension,
        value=row["value"],
        **{name: row[name] for name in COUNTERS},
    )


def refresh(*, everything: bool = False) -> list[dt.date]:
    """Build every sealed month that has requests and is missing or stale (all of them if asked),
    then the networks' yearly footprints of distinct people that these months invalidated."""
    from maillage.reports import footprint

    first = Request.objects.order_by("occurred_at").values_list("occurred_at", flat=True).first()
    if first is None:
        return []
    month = month_start(timezone.localdate(first))
    fresh = set() if everything else set(RollupMonth.objects.filter(stale=False).values_list("month", flat=True))
    built = []
    while sealed(month):
        if month not in fresh:
            build_month(month)
            built.append(month)
        month = next_month(month)
    refresh_years(everything=everything)
    footprint.refresh(everything=everything)
    return built


def year_months(year: int) -> list[dt.date]:
    return [dt.date(year, month, 1) for month in range(1, 13)]


def _versions(year: int) -> dict[str, int] | None:
    """The versions of the year's twelve months when all are sealed, built and fresh; else None."""
    rows = RollupMonth.objects.filter(month__in=year_months(year), stale=False).values_list("month", "version")
    versions = {month.isoformat(): version for month, version in rows}
    return versions if len(versions) == 12 and sealed(dt.date(year, 12, 1)) else None


def build_year(year: int) -> bool:
    """Sum the year's twelve months into `YearRollup`; False when they are not all fresh."""
    versions = _versions(year)  # read first: a month changed meanwhile leaves the year not current
    if versions is None:
        return False
    sums = {name: Sum(name) for name in COUNTERS}
    months = ActivityRollup.objects.filter(month__in=year_months(year)).order_by()
    rows = [
        YearRollup(year=year, **row)
        for row in months.values("structure_id", "partner_key", "dimension", "value").annotate(**sums)
    ]
    with transaction.atomic():
        YearRollup.objects.filter(year=year).delete()
        YearRollup.objects.bulk_create(rows, batch_size=2000)
        RollupYear.objects.update_or_create(year=year, defaults={"versions": versions, "built_at": timezone.now()})
    return True


def refresh_years(*, everything: bool = False) -> list[int]:
    """Build the whole sealed years whose months changed since (or were never summed)."""
    years = sorted({m.year for m in RollupMonth.objects.values_list("month", flat=True)})
    built = RollupYear.objects.in_bulk(field_name="year")
    done = []
    for year in years:
        versions = _versions(year)
        changed = everything or year not in built or built[year].versions != versions
        if versions is not None and changed and build_year(year):
            done.append(year)
    return done


def current_years(months: Iterable[dt.date]) -> set[int]:
    """The calendar years wholly within `months` (fresh months) whose `YearRollup` is current."""
    chosen = set(months)
    whole = [y for y in {m.year for m in chosen} if set(year_months(y)) <= chosen]
    if not whole:
        return set()
    versions = RollupMonth.objects.filter(month__in=[m for y in whole for m in year_months(y)], stale=False)
    now: dict[int, dict[str, int]] = {}
    for month, version in versions.values_list("month", "version"):
        now.setdefault(month.year, {})[month.isoformat()] = version
    return {y.year for y in RollupYear.objects.filter(year__in=whole) if y.versions == now.get(y.year)}


def fresh_months(months: Iterable[dt.date]) -> set[dt.date]:
    return set(RollupMonth.objects.filter(month__in=list(months), stale=False).values_list("month", flat=True))


def whole_months(start: dt.date, end: dt.date) -> list[dt.date]:
    """The sealed months lying wholly within start … end (both included)."""
    months, month = [], month_start(start)
    while month <= end:
        if month >= start and next_month(month) - dt.timedelta(days=1) <= end and sealed(month):
            months.append(month)
        month = next_month(month)
    return months


def outside_months(start: dt.date, end_exclusive: dt.date, months: set[dt.date]) -> Q | None:
    """Days of start … end_exclusive - 1 outside `months` (whole months), as one filter (None: none)."""
    query, low, day = None, start, start
    while day < end_exclusive:
        if day.day == 1 and day in months:
            if low < day:
                query = local_range(low, day) if query is None else query | local_range(low, day)
            day = next_month(day)
            low = day
        else:
            day += dt.timedelta(days=1)
    if low < end_exclusive:
        query = local_range(low, end_exclusive) if query is None else query | local_range(low, end_exclusive)
    return query
