"""Demo queue (`maillage demo`): a morning of tickets at two places of the demo mediator's structure,
ending now — people served, one absent at the call, one sent back for a missing document, one sent
to another partner, and a few still waiting — so the queue, the screen and the figures show something."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.accounts.models import Membership, User
from maillage.network.demo import DEMO_DOMAIN
from maillage.network.models import Partner, Place
from maillage.tickets.enums import Priority, Reason, RedirectKind, RedirectReason
from maillage.tickets.models import Screen, Ticket


@dataclass(frozen=True)
class Step:
    """A ticket: arrived `ago` minutes before now, what became of it, after how long."""

    ago: int
    outcome: str  # served, no_show, redirect_appointment, redirect_partner, waiting
    wait: int = 0
    service: int = 0
    reason: str = Reason.PROCEDURE
    priority: str = Priority.STANDARD


MORNING: list[list[Step]] = [
    [
        Step(175, "served", 4, 12),
        Step(160, "served", 12, 15, Reason.LETTER),
        Step(150, "served", 18, 9),
        Step(140, "no_show", 22),
        Step(120, "served", 25, 20, Reason.DIGITAL),
        Step(105, "served", 9, 11, priority=Priority.ELDERLY),
        Step(90, "served", 31, 14),
        Step(70, "served", 14, 10, Reason.DOCUMENT),
        Step(55, "served", 7, 16),
        Step(12, "waiting"),
        Step(6, "waiting", reason=Reason.INFORMATION),
        Step(2, "waiting", priority=Priority.PREGNANCY),
    ],
    [
        Step(170, "served", 6, 18),
        Step(150, "redirect_appointment", 3),
        Step(135, "served", 16, 13, Reason.LETTER),
        Step(110, "redirect_partner", 11, reason=Reason.INFORMATION),
        Step(95, "served", 21, 12),
        Step(75, "served", 8, 9, Reason.DIGITAL),
        Step(50, "served", 5, 14),
        Step(9, "waiting"),
    ],
]


@transaction.atomic
def build_tickets(*, now: dt.datetime | None = None) -> int:
    """Once a day: nothing is added when the two places already have tickets today. Returns the count."""
    now = now or timezone.now()
    membership = (
        Membership.objects.filter(user__email=f"mediateur@{DEMO_DOMAIN}", role=Role.MEDIATOR)
        .select_related("user", "structure")
        .first()
    )
    if membership is None or membership.structure is None:
        return 0
    mediator = membership.user
    places = list(Place.objects.filter(structure=membership.structure).order_by("name")[:2])
    if not places or Ticket.objects.filter(place__in=places, day=timezone.localdate(now)).exists():
        return 0
    elsewhere = Partner.objects.filter(code="cpam").first() or Partner.objects.order_by("name").first()
    added = 0
    for place, steps in zip(places, MORNING, strict=False):
        Screen.objects.get_or_create(place=place)
        for step in steps:
            _ticket(place, step, now, mediator, elsewhere)
            added += 1
    return added


def _ticket(place: Place, step: Step, now: dt.datetime, user: User, elsewhere: Partner | None) -> None:
    """Walk the ticket through its statuses with the model's own transitions, each at its time."""
    arrived = now - dt.timedelta(minutes=step.ago)
    ticket = Ticket.take(place=place, arrived_at=arrived, reason=step.reason, priority=step.priority)
    if step.outcome == "waiting":
        return
    called = arrived + dt.timedelta(minutes=step.wait)
    if step.outcome == "redirect_appointment":
        ticket.redirect(user, kind=RedirectKind.APPOINTMENT, reason=RedirectReason.MISSING_DOCUMENT, now=called)
        return
    ticket.call(user, now=called)
    if step.outcome == "no_show":
        ticket.mark_no_show(user, now=called + dt.timedelta(minutes=3))
    elif step.outcome == "redirect_partner" and elsewhere is not None:
        ticket.redirect(
            user,
            kind=RedirectKind.PARTNER,
            reason=RedirectReason.OTHER_PARTNER,
            partner=elsewhere,
            now=called + dt.timedelta(minutes=2),
        )
    else:
        ticket.start_service(user, now=called)
        ticket.finish(user, now=called + dt.timedelta(minutes=step.service))
