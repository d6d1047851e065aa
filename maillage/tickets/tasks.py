"""The night closes the queue's past days: a ticket still waiting then left without being called.

Only waiting tickets are closed (cancelled, which is not a visit: the figures do not change). A
ticket called or in service is left as it is: its wait is known, and what happened next is not.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django_tasks import task

from maillage.scheduling import schedule_once
from maillage.tickets.models import Ticket

CLOSE_HOUR = 1  # local time, after every place has closed


def close_days_before(day: dt.date) -> int:
    """Cancel the tickets of days before `day` still waiting (each with its audit line); returns how many."""
    closed = 0
    for ticket in Ticket.objects.waiting().filter(day__lt=day).order_by("pk"):
        try:
            ticket.cancel(None)
        except ValidationError:  # called by a mediator meanwhile: no longer waiting
            continue
        closed += 1
    return closed


@task()
def tickets_nightly() -> int:
    """Runs every night: closes the past days, then books the next night."""
    closed = close_days_before(timezone.localdate())
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    schedule_once(tickets_nightly, run_after=timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(CLOSE_HOUR))))
    return closed
