"""The counter's hook for the queue: `?ticket=<uuid>` on the counter attaches the visit it records.

The counter imports these two functions only; it knows nothing else of tickets.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from maillage.lib.params import uuid_param
from maillage.tickets.enums import Status
from maillage.tickets.models import Ticket


def ticket_for_counter(request: HttpRequest, places: Any) -> Ticket | None:
    """The called (or in-service) ticket named by `ticket`, at one of the user's places, or None."""
    uuid = uuid_param(request.POST, "ticket") or uuid_param(request.GET, "ticket")
    if uuid is None:
        return None
    return (
        Ticket.objects.filter(uuid=uuid, place__in=places, status__in=[Status.CALLED, Status.IN_SERVICE])
        .select_related("visit")
        .first()
    )


def record_for_ticket(ticket: Ticket, visit: Any, user: Any, *, more: bool) -> None:
    """The visit is the ticket's; the service ends with the last request (`more` is "same person")."""
    ticket.attach_visit(visit, user)
    if not more and ticket.status == Status.IN_SERVICE:
        ticket.finish(user)
