"""What the phone keeps for offline capture (ADR 0016): the mediator's places and their outreach stops,
the catalogue the places offer, the campaigns running today with their communes, and a version."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from maillage.counter.enums import Channel
from maillage.counter.models import Procedure
from maillage.network.enums import ProcedureDomain
from maillage.network.models import OutreachStop, Partner, Place
from maillage.outreach.enums import AttemptResult
from maillage.outreach.models import Campaign

if TYPE_CHECKING:
    from maillage.accounts.models import User

CHANNELS = [Channel.HOME_VISIT, Channel.OUTREACH_STOP, Channel.STATION, Channel.PARTNER_PREMISES, Channel.WALK_IN]


def places_for(user: User) -> QuerySet[Place]:
    """Places where this user records requests: those of their structures (mediator or manager), as at the counter."""
    from maillage.accounts.enums import STRUCTURE_ROLES
    from maillage.accounts.scoping import structure_filter

    return Place.objects.filter(structure_filter(user, prefix="structure__", roles=set(STRUCTURE_ROLES)))


def bootstrap(user: User) -> dict[str, Any]:
    places = list(
        places_for(user)
        .select_related("commune")
        .prefetch_related(
            Prefetch("stops", queryset=OutreachStop.objects.select_related("commune")),
            Prefetch("partners", queryset=Partner.objects.filter(is_active=True).only("code")),
        )
        .order_by("name")
    )
    offered = {p.code for place in places for p in place.partners.all()}
    partners = Partner.objects.filter(is_active=True, code__in=offered).order_by("name")
    procedures = (
        Procedure.objects.filter(is_active=True)
        .filter(Q(partner__isnull=True) | Q(partner__code__in=offered, partner__is_active=True))
        .select_related("partner")
        .order_by("name")
    )
    today = timezone.localdate()
    campaigns = (
        Campaign.objects.active_on(today)
        .filter(structure_id__in={p.structure_id for p in places})
        .prefetch_related("communes")
        .order_by("title", "pk")
    )
    data: dict[str, Any] = {
        "user": user.pk,  # the page sends only the records made under this account
        "places": [_place(place) for place in places],
        "partners": [{"code": p.code, "name": p.name} for p in partners],
        "procedures": [
            {"code": p.code, "name": p.name, "partner": p.partner.code if p.partner else None, "domain": p.domain}
            for p in procedures
        ],
        "domains": [{"code": code, "label": label} for code, label in ProcedureDomain.choices],
        "channels": [{"code": c.value, "label": c.label} for c in CHANNELS],
        "results": [{"code": code, "label": label} for code, label in AttemptResult.choices],
        "campaigns": [_campaign(c) for c in campaigns],
    }
    data["version"] = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]
    return data


def _place(place: Place) -> dict[str, Any]:
    return {
        "uuid": str(place.uuid),
        "name": place.name,
        "structure": place.structure_id,
        "commune": place.commune.name,
        "partners": sorted(p.code for p in place.partners.all()),
        "stops": [{"id": s.pk, "label": f"{s.commune.name} — {s.address}"} for s in place.stops.all()],
    }


def _campaign(campaign: Campaign) -> dict[str, Any]:
    return {
        "uuid": str(campaign.uuid),
        "title": campaign.title,
        "kind": campaign.get_kind_display(),
        "structure": campaign.structure_id,
        "starts_on": campaign.starts_on.isoformat(),
        "ends_on": campaign.ends_on.isoformat(),
        "communes": [{"code": c.code, "name": c.name} for c in sorted(campaign.communes.all(), key=lambda c: c.name)],
    }
