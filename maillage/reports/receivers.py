"""Keep the roll-up honest: any change to requests of a finished month marks that month stale and
queues a rebuild (one waiting task at most, see scheduling.schedule_once)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone

from maillage.counter.models import Person, Request
from maillage.counter.signals import announce, requests_changed
from maillage.reports import rollup


@receiver(pre_save, sender=Request)
def remember_previous_day(sender: Any, instance: Request, raw: bool = False, **kwargs: Any) -> None:
    """An edit may move a request to another month: the month it leaves changes too."""
    if instance.pk and not raw:
        before = Request.objects.filter(pk=instance.pk).values_list("occurred_at", flat=True).first()
        instance._occurred_before = before  # type: ignore[attr-defined]


@receiver(post_save, sender=Request)
@receiver(post_delete, sender=Request)
def request_changed(sender: Any, instance: Request, **kwargs: Any) -> None:
    moments = [instance.occurred_at, getattr(instance, "_occurred_before", None)]
    days = [timezone.localdate(moment) for moment in moments if moment is not None]
    rollup.mark_stale(days)
    if any(rollup.sealed(rollup.month_start(day)) for day in days):
        _refresh_soon()


def _refresh_soon() -> None:
    from maillage.reports.tasks import schedule_refresh

    schedule_refresh()


@receiver(pre_delete, sender=Person)
def person_deleted(sender: Any, instance: Person, **kwargs: Any) -> None:
    """Its requests lose their person: the people counts of their months change."""
    announce(instance.requests.all())


@receiver(requests_changed)
def requests_bulk_changed(sender: Any, first: dt.datetime, last: dt.datetime, **kwargs: Any) -> None:
    day, end = timezone.localdate(first).replace(day=1), timezone.localdate(last)
    days = []
    while day <= end:
        days.append(day)
        day = rollup.next_month(day)
    rollup.mark_stale(days)
    if any(rollup.sealed(d) for d in days):
        _refresh_soon()
