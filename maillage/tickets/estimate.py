"""The wait shown to people waiting: tickets ahead × the recent median service time of the place.

"Recent" is the last `RECENT_WINDOW` (two hours) of the same day: services finished earlier, or on
another day, say little about this morning's pace. Without any recent service there is no
estimate ("estimation indisponible"), rather than a made-up figure.
"""

from __future__ import annotations

import datetime as dt
import statistics

from django.utils import timezone

from maillage.tickets.enums import Status
from maillage.tickets.models import Ticket

RECENT_WINDOW = dt.timedelta(hours=2)
UNAVAILABLE = "estimation indisponible"


def recent_median_service(place_id: int, *, now: dt.datetime | None = None) -> float | None:
    """Median service time (seconds) of the place's tickets served in the recent window (one query)."""
    now = now or timezone.now()
    since = max(now - RECENT_WINDOW, timezone.make_aware(dt.datetime.combine(timezone.localdate(now), dt.time.min)))
    durations = list(
        Ticket.objects.filter(
            place_id=place_id, status=Status.SERVED, finished_at__gte=since, finished_at__lte=now
        ).values_list("service_seconds", flat=True)
    )
    values = [d for d in durations if d is not None]
    return statistics.median(values) if values else None


def estimated_wait(ahead: int, median_service: float | None) -> int | None:
    """Minutes of wait for someone with `ahead` tickets before them, or None when unknown."""
    if median_service is None:
        return None
    return round(ahead * median_service / 60)


def wait_label(minutes: int | None) -> str:
    if minutes is None:
        return UNAVAILABLE
    if minutes < 1:
        return "moins d'une minute"
    return f"environ {minutes} minute{'s' if minutes > 1 else ''}"
