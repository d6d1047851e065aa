"""Is the previous period complete enough to compare a count with?

A report compares the period with the one before. When the scope only began recording during the
previous period (the platform or one of its structures started then), or when whole months of it
hold no request at all, its counts are not a history but a gap: "+978,6 %" would be shown with
confidence. The previous period is **partial** when either of these holds:

1. **A late start.** A structure of the scope started after the first tenth of the previous period
   (a month: 3 days, a year: 36 days). A structure starts at the earlier of its creation date and
   its first request in the scope (imported history counts); structures with no request up to the
   end of the period are left out, as they weigh on neither period.
2. **Empty months.** A calendar month of the previous period holds no request of the scope while
   the month at the same position in the period holds some (a structure closed every August in both
   years is not flagged; one that recorded nothing in March last year but did this year is).

Counts (requests, people, hours) are then not compared: their change reads "période précédente
incomplète" and the headline says why. Rates (a resolution rate, a share) do not grow with the
number of days recorded: they are still compared, in percentage points.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from maillage.reports.period import MONTHS, Period

PARTIAL = "période précédente incomplète"


@dataclass(frozen=True)
class Start:
    """When one structure of the scope started: created, or first request if earlier."""

    name: str
    day: dt.date


@dataclass(frozen=True)
class Completeness:
    partial: bool = False
    reasons: tuple[str, ...] = ()

    @property
    def headline(self) -> str:
        """The French sentence shown above the figures, empty when the previous period is complete."""
        if not self.partial:
            return ""
        return (
            "Période précédente incomplète : les évolutions des effectifs ne sont pas calculées "
            f"(les taux restent comparés, en points). {' '.join(self.reasons)}"
        )


def _month_name(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def assess(
    period: Period,
    starts: Iterable[Start],
    months_now: Mapping[dt.date, int],
    months_before: Mapping[dt.date, int],
) -> Completeness:
    """The verdict on `period.previous()`, from the structures' starts and the requests per month."""
    previous = period.previous()
    grace = dt.timedelta(days=previous.days // 10)
    reasons = []
    late = sorted((s for s in starts if previous.start + grace < s.day <= period.end), key=lambda s: s.day)
    for start in late:
        when = "pendant la période précédente" if start.day <= previous.end else "après la période précédente"
        reasons.append(f"« {start.name} » a commencé le {start.day:%d/%m/%Y}, {when}.")
    empty = [
        before
        for now, before in zip(period.months(), previous.months(), strict=False)
        if months_now.get(now, 0) and not months_before.get(before, 0)
    ]
    if empty:
        names = ", ".join(_month_name(m) for m in empty)
        reasons.append(f"Aucune demande enregistrée en {names}, contre des demandes sur la période.")
    return Completeness(bool(reasons), tuple(reasons))


def structure_starts(request_filter: Q, structure_ids: Iterable[int], until: dt.date) -> list[Start]:
    """One query: each structure's creation and first request (matching `request_filter`), for the
    structures with at least one such request on or before `until`."""
    from maillage.counter.models import Request
    from maillage.network.models import Structure

    first = (
        Request.objects.filter(request_filter, structure_id=OuterRef("pk"))
        .order_by("occurred_at")
        .values("occurred_at")[:1]
    )
    rows = Structure.objects.filter(pk__in=list(structure_ids)).annotate(first=Subquery(first)).order_by()
    result = []
    for name, created, first_request in rows.values_list("name", "created_at", "first"):
        if first_request is None or timezone.localdate(first_request) > until:
            continue
        result.append(Start(name, min(timezone.localdate(created), timezone.localdate(first_request))))
    return result


def months_by_start(cells: Mapping[str, object]) -> dict[dt.date, int]:
    """Requests per month from the "month" cells of an activity (ISO first day -> counts)."""
    return {dt.date.fromisoformat(code): getattr(counts, "requests", 0) for code, counts in cells.items()}
