"""Builders shared by the outreach tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from maillage.counter.models import Request, Visit
from maillage.outreach.enums import CampaignKind
from maillage.outreach.models import Campaign
from maillage.territory.models import Commune

VILLEURBANNE, LYON = "69266", "69123"


def make_campaign(
    structure: Any, *, before: int = 5, after: int = 5, communes: tuple[str, ...] = (VILLEURBANNE,), **fields: Any
) -> Campaign:
    """A campaign running from `before` days ago to `after` days from today, on these communes (INSEE codes)."""
    today = timezone.localdate()
    values: dict[str, Any] = {
        "structure": structure,
        "kind": CampaignKind.DOOR_TO_DOOR,
        "title": "Porte-à-porte des Buers",
        "starts_on": today - dt.timedelta(days=before),
        "ends_on": today + dt.timedelta(days=after),
    }
    values.update(fields)
    campaign = Campaign.objects.create(**values)
    campaign.communes.set(Commune.objects.filter(code__in=communes))
    return campaign


def commune(code: str = VILLEURBANNE) -> Commune:
    return Commune.objects.get(code=code)


def tagged_request(
    place: Any, mediator: Any, campaign: Campaign | None, *, minutes: int = 15, **fields: Any
) -> Request:
    values: dict[str, Any] = {
        "visit": Visit.objects.create(),
        "structure_id": place.structure_id,
        "place": place,
        "mediator": mediator,
        "domain": "social_health",
        "duration_minutes": minutes,
        "campaign": campaign,
    }
    values.update(fields)
    return Request.objects.create(**values)
