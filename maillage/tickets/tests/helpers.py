"""Builders shared by the queue tests: a ticket taken at a given minute, moved through its statuses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from maillage.tickets.models import Ticket


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def served(place: Any, mediator: Any, *, arrived: dt.datetime, wait: int, service: int, **fields: Any) -> Ticket:
    """A ticket that waited `wait` minutes then was received for `service` minutes."""
    ticket = Ticket.take(place=place, arrived_at=arrived, **fields)
    called = arrived + dt.timedelta(minutes=wait)
    ticket.call(mediator, now=called)
    ticket.start_service(mediator, now=called)
    ticket.finish(mediator, now=called + dt.timedelta(minutes=service))
    return ticket
