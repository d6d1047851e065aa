"""Referral figures of a report: sent and received by the scope's structures during the period."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from maillage.referrals.enums import Status
from maillage.referrals.models import Referral
from maillage.reports.period import Period
from maillage.reports.scope import Scope


@dataclass
class ReferralFigures:
    sent: int = 0
    sent_external: int = 0
    received: int = 0
    by_status: dict[str, int] = field(default_factory=dict)  # status label -> referrals sent
    median_close_days: float | None = None
    masked: set[str] = field(default_factory=set)  # names of the figures shown as "< 5"

    @property
    def completion_rate(self) -> float | None:
        done = self.by_status.get(Status.DONE.label, 0)
        return done / self.sent if self.sent else None


def referral_figures(scope: Scope, period: Period, partner_id: int | None) -> ReferralFigures:
    window = Q(created_at__gte=_start(period.start), created_at__lt=_start(period.end + dt.timedelta(days=1)))
    base = Referral.objects.filter(window)
    if partner_id:
        base = base.filter(request__partner_id=partner_id)
    sent_filter = Q(from_structure_id__in=scope.structure_ids)
    received_filter = Q(to_structure_id__in=scope.structure_ids)
    if scope.place_ids is not None:
        sent_filter &= Q(request__place_id__in=scope.place_ids)
        received_filter &= Q(to_place_id__in=scope.place_ids)
    sent = base.filter(sent_filter)
    figures = ReferralFigures(
        sent=sent.count(),
        sent_external=sent.filter(to_structure__isnull=True).count(),
        received=base.filter(received_filter).count(),
    )
    labels = dict(Status.choices)
    for row in sent.order_by().values("status").annotate(n=Count("id")):
        figures.by_status[labels.get(row["status"], row["status"])] = row["n"]
    durations = [
        (closed - created).total_seconds() / 86400
        for created, closed in sent.filter(closed_at__isnull=False).values_list("created_at", "closed_at")
        if closed is not None
    ]
    figures.median_close_days = statistics.median(durations) if durations else None
    return figures


def _start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())
