"""Signals the counter sends when it changes many requests at once (bulk writes send no model signal)."""

from __future__ import annotations

from django.db.models import Max, Min, QuerySet
from django.dispatch import Signal

# Sent with `first` and `last` (aware datetimes): requests that occurred between them changed.
requests_changed = Signal()


def announce(requests: QuerySet) -> None:
    bounds = requests.order_by().aggregate(first=Min("occurred_at"), last=Max("occurred_at"))
    if bounds["first"] is not None:
        requests_changed.send(sender=requests.model, first=bounds["first"], last=bounds["last"])
