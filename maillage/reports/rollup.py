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
from maillage.reports.models import ALL_PARTNERS, ActivityRollup, RollupMonth

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
    with transaction.atomic():
        ActivityRollup.objects.filter(month=month).delete()
        ActivityRollup.objects.bulk_create(rows, batch_size=2000)
        RollupMonth.objects.filter(pk=state.pk, version=version).update(stale=False, built_at=timezone.now())
    return len(rows)


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
    footprint.refresh(everything=everything)
    return built


def fresh_months(months: Iterable[dt.date]) -> set[dt.date]:
    return set(RollupMonth.objects.filter(month__in=list(months), stale=False).values_list("month", flat=True))
