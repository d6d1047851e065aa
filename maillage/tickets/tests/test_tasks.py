"""The night closes the past days of the queue: tickets still waiting are cancelled, nothing else."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from maillage.tickets.enums import Status
from maillage.tickets.figures import waiting_figures
from maillage.tickets.models import Ticket
from maillage.tickets.tasks import close_days_before, tickets_nightly
from maillage.tickets.tests.helpers import at

pytestmark = pytest.mark.django_db


def test_waiting_tickets_of_past_days_are_cancelled_and_figures_do_not_change(cast: Any) -> None:
    today = timezone.localdate()
    yesterday = today - dt.timedelta(days=1)
    left = Ticket.take(place=cast.place_a, arrived_at=at(yesterday, 16))
    called = Ticket.take(place=cast.place_a, arrived_at=at(yesterday, 16, 5))
    called.call(cast.mediator_a, now=at(yesterday, 16, 30))
    waiting_today = Ticket.take(place=cast.place_a, arrived_at=timezone.now())
    before = waiting_figures(structure_ids=[cast.structure_a.pk], start=yesterday, end=yesterday).total
    assert close_days_before(today) == 1
    for ticket in (left, called, waiting_today):
        ticket.refresh_from_db()
    assert (left.status, called.status, waiting_today.status) == (Status.CANCELLED, Status.CALLED, Status.WAITING)
    after = waiting_figures(structure_ids=[cast.structure_a.pk], start=yesterday, end=yesterday).total
    assert (after.visits, after.median_minutes) == (before.visits, before.median_minutes) == (1, 25)


def test_the_nightly_task_closes_and_books_the_next_night(cast: Any) -> None:
    Ticket.take(place=cast.place_a, arrived_at=at(timezone.localdate() - dt.timedelta(days=2), 10))
    assert tickets_nightly.call() == 1
    booked = DBTaskResult.objects.get(task_path__endswith="tickets_nightly")
    assert booked.run_after > timezone.now()
    assert timezone.localtime(booked.run_after).hour == 1
