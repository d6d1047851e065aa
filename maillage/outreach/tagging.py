"""Tagging counter requests with an active campaign: what the counter screen asks of outreach.

The counter is performance-sensitive: the campaigns are looked for within the query that reads the
user's places (`flagged_places`), so a structure without an active campaign costs no query more;
with one, reading the campaigns is one query more.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from maillage.outreach.models import Campaign

SESSION_CAMPAIGN = "outreach_campaign"


def flagged_places(places: Any) -> list[Any]:
    """The places of `places` (a queryset, in its order), each with `has_campaign`: whether its
    structure has a campaign today. One query."""
    active = Campaign.objects.active_on(timezone.localdate()).filter(structure_id=OuterRef("structure_id"))
    return list(places.annotate(has_campaign=Exists(active)))


def active_campaigns(places: Any) -> list[Campaign]:
    today = timezone.localdate()
    campaigns = Campaign.objects.active_on(today).filter(structure__in=places.values("structure_id"))
    return list(campaigns.order_by("title", "pk").only("uuid", "title", "structure_id", "starts_on", "ends_on"))
