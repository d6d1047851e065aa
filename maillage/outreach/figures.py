"""Outreach figures: one pure function, `campaign_figures`, read by the campaign page and the activity report.

Per campaign: contacts attempted (every attempt), contacts made (someone answered: contact made,
request recorded, referred), requests tagged with the campaign, referrals tagged and those closed,
rights tagged (identified) and opened, time spent (attempt durations plus tagged requests'
durations) and, when every campaign of a row has a budget, the cost per contact made. With a
period, only what happened in it counts (a campaign counts when it overlaps the period). `people`
is the number of contacts made: the reports mask rows under 5 for partners.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone

from maillage.outreach.enums import CONTACT_MADE, CampaignKind
from maillage.outreach.models import Campaign, ContactAttempt

TOTAL_LABEL = "Ensemble"
NO_BUDGET = "non calculé : pas de budget"
NO_CONTACT = "non calculé : aucun contact établi"


@dataclass
class CampaignRow:
    label: str
    campaigns: int = 0
    attempts: int = 0
    contacts_made: int = 0
    requests: int = 0
    referrals: int = 0
    referrals_closed: int = 0
    rights_identified: int = 0
    rights_opened: int = 0
    minutes: int = 0
    budget_cents: int = 0
    unbudgeted: int = 0  # campaigns of the row without a budget
    masked: bool = False
    _ids: set[int] = field(default_factory=set, repr=False)

    @property
    def people(self) -> int:
        return self.contacts_made

    @property
    def cost_per_contact_cents(self) -> int | None:
        """Budget over contacts made, in whole cents (rounded half up); None when it cannot be computed."""
        if self.unbudgeted or not self.campaigns or not self.contacts_made:
            return None
        return (2 * self.budget_cents + self.contacts_made) // (2 * self.contacts_made)

    @property
    def cost_note(self) -> str:
        """Why no cost per contact is shown ("" when it is)."""
        if self.unbudgeted or not self.campaigns:
            return NO_BUDGET
        return NO_CONTACT if not self.contacts_made else ""


@dataclass
class CampaignFigures:
    total: CampaignRow
    by_campaign: list[CampaignRow]
    by_kind: list[CampaignRow]

    @property
    def empty(self) -> bool:
        return not self.total.campaigns

    def breakdowns(self) -> list[tuple[str, str, list[CampaignRow]]]:
        return [("campaign", "Campagne", self.by_campaign), ("kind", "Type d'action", self.by_kind)]


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    first = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    after = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    return first, after


def campaign_figures(
    *,
    campaign_ids: Collection[int] | None = None,
    structure_ids: Collection[int] | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    partner_id: int | None = None,
) -> CampaignFigures:
    """Figures of these campaigns (or of these structures' campaigns overlapping `start`..`end`, of
    which `partner_id` is a partner), counting what happened from `start` to `end`; five queries."""
    from maillage.counter.models import Request
    from maillage.referrals.enums import CLOSED_STATUSES
    from maillage.referrals.models import Referral
    from maillage.rights.enums import Stage
    from maillage.rights.models import FollowedRight

    campaigns = Campaign.objects.all()
    if campaign_ids is not None:
        campaigns = campaigns.filter(pk__in=list(campaign_ids))
    if structure_ids is not None:
        campaigns = campaigns.filter(structure_id__in=list(structure_ids))
    if start is not None:
        campaigns = campaigns.filter(ends_on__gte=start)
    if end is not None:
        campaigns = campaigns.filter(starts_on__lte=end)
    if partner_id is not None:
        campaigns = campaigns.filter(partners__id=partner_id)
    rows = list(campaigns.order_by("-starts_on", "title").distinct().values_list("pk", "title", "kind", "budget_cents"))
    ids = [row[0] for row in rows]
    when: dict[str, Q] = {"attempt": Q(), "request": Q(), "referral": Q(), "right": Q()}
    if start is not None and end is not None:
        first, after = _bounds(start, end)
        when["attempt"] = Q(occurred_at__gte=first, occurred_at__lt=after)
        when["request"] = Q(occurred_at__gte=first, occurred_at__lt=after)
        when["referral"] = Q(created_at__gte=first, created_at__lt=after)
        when["right"] = Q(identified_on__gte=start, identified_on__lte=end)

    counts: dict[int, dict[str, int]] = {pk: {} for pk in ids}
    for pk, result, number, minutes in (
        ContactAttempt.objects.filter(when["attempt"], campaign_id__in=ids)
        .order_by()
        .values_list("campaign_id", "result")
        .annotate(number=Count("pk"), minutes=Sum("duration_minutes"))
    ):
        c = counts[pk]
        c["attempts"] = c.get("attempts", 0) + number
        c["contacts_made"] = c.get("contacts_made", 0) + (number if result in CONTACT_MADE else 0)
        c["minutes"] = c.get("minutes", 0) + (minutes or 0)
    for pk, number, minutes in (
        Request.objects.filter(when["request"], campaign_id__in=ids)
        .order_by()
        .values_list("campaign_id")
        .annotate(number=Count("pk"), minutes=Sum("duration_minutes"))
    ):
        counts[pk]["requests"] = number
        counts[pk]["minutes"] = counts[pk].get("minutes", 0) + (minutes or 0)
    for pk, number, closed in (
        Referral.objects.filter(when["referral"], campaign_id__in=ids)
        .order_by()
        .values_list("campaign_id")
        .annotate(number=Count("pk"), closed=Count("pk", filter=Q(status__in=list(CLOSED_STATUSES))))
    ):
        counts[pk].update(referrals=number, referrals_closed=closed)
    for pk, number, opened in (
        FollowedRight.objects.filter(when["right"], campaign_id__in=ids)
        .order_by()
        .values_list("campaign_id")
        .annotate(number=Count("pk"), opened=Count("pk", filter=Q(stage=Stage.OPENED)))
    ):
        counts[pk].update(rights_identified=number, rights_opened=opened)

    total = CampaignRow(TOTAL_LABEL)
    by_campaign: list[CampaignRow] = []
    by_kind: dict[str, CampaignRow] = {}
    kinds = dict(CampaignKind.choices)
    for pk, title, kind, budget in rows:
        own = CampaignRow(title)
        by_campaign.append(own)
        for row in (total, own, by_kind.setdefault(kind, CampaignRow(kinds.get(kind, kind)))):
            row.campaigns += 1
            for name, value in counts[pk].items():
                setattr(row, name, getattr(row, name) + value)
            if budget is None:
                row.unbudgeted += 1
            else:
                row.budget_cents += budget
    ordered_kinds = sorted(by_kind.values(), key=lambda r: (-r.attempts, r.label))
    return CampaignFigures(total=total, by_campaign=by_campaign, by_kind=ordered_kinds)
