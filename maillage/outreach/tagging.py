"""Tagging counter requests with an active campaign: what the counter screen asks of outreach.

The counter is performance-sensitive: the campaigns are looked for within the query that already
checks the user has places (`campaign_flag`), so a structure without an active campaign costs no
query more; with one, reading the campaigns is one query more.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.utils import timezone

from maillage.outreach.models import Campaign

SESSION_CAMPAIGN = "outreach_campaign"


def campaign_flag(places: Any) -> bool | None:
    """None when the user has no place; otherwise whether one of their places' structures has a campaign today."""
    active = Campaign.objects.active_on(timezone.localdate()).filter(structure_id=OuterRef("structure_id"))
    flags = places.annotate(has_campaign=Exists(active)).order_by("-has_campaign")
    return flags.values_list("has_campaign", flat=True).first()


def active_campaigns(places: Any) -> list[Campaign]:
    today = timezone.localdate()
    campaigns = Campaign.objects.active_on(today).filter(structure__in=places.values("structure_id"))
    return list(campaigns.order_by("title", "pk").only("uuid", "title", "structure_id", "starts_on", "ends_on"))
