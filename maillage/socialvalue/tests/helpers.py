"""A small known set for the social-value tests: two communes with set centres, three partners, a
network's parameters, requests of 2025 whose social value the tests compute by hand."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from django.utils import timezone

from maillage.counter.tests.helpers import make_person, make_request
from maillage.factories import PartnerFactory, commune
from maillage.rights.models import FollowedRight
from maillage.rights.tests.helpers import follow
from maillage.socialvalue.models import PartnerCounter, PartnerParameters, SocialValueParameters

VILLEURBANNE = (45.7719, 4.8902)
SAINT_ETIENNE = (45.4397, 4.3872)
CAF_COUNTERS = [("CAF Lyon Part-Dieu", 45.7605, 4.8590), ("CAF Saint-Étienne", 45.4340, 4.3900)]
WHEN = timezone.make_aware(dt.datetime(2025, 5, 12, 10, 0))


def haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Written out again here, not imported: great-circle distance in km on a 6371.0088 km sphere."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def known_set(cast: Any, *, share: str | None = "50") -> dict[str, Any]:
    """CAF (counters file, unit cost 10 €), CPAM (distance 12 km, no unit cost), France Travail (nothing)."""
    villeurbanne = commune("69266", *VILLEURBANNE)
    saint_etienne = commune("42218", *SAINT_ETIENNE)
    caf, cpam, ft = cast.partner, PartnerFactory(code="cpam"), PartnerFactory(code="france-travail")
    for partner, name in ((caf, "CAF"), (cpam, "CPAM"), (ft, "France Travail")):
        partner.name = name
        partner.save(update_fields=["name"])
    network = cast.network_a
    SocialValueParameters(network=network).apply(
        None, {"avoided_share": None if share is None else Decimal(share), "avoided_share_source": "Test"}
    )
    PartnerParameters(network=network, partner=caf).apply(None, {"unit_cost": Decimal("10")})
    PartnerParameters(network=network, partner=cpam).apply(None, {"distance_km": Decimal("12")})
    PartnerCounter.replace_all(
        network,
        [PartnerCounter(partner=caf, name=name, lat=lat, lon=lon) for name, lat, lon in CAF_COUNTERS],
        None,
    )
    place, mediator = cast.place_a, cast.mediator_a
    plan = [(caf, villeurbanne, 4), (caf, saint_etienne, 2), (caf, None, 1), (cpam, villeurbanne, 3)]
    plan += [(ft, villeurbanne, 2), (None, villeurbanne, 1)]
    for partner, residence, n in plan:
        for _ in range(n):
            make_request(place, mediator, partner=partner, residence=residence, occurred_at=WHEN)
    right = follow(make_person(cast.structure_a), "rsa", mediator=mediator, place=place)
    FollowedRight.objects.filter(pk=right.pk).update(
        identified_on=dt.date(2025, 3, 1),
        filed_on=dt.date(2025, 3, 2),
        decided_on=dt.date(2025, 4, 1),
        stage="opened",
        opened_amount=Decimal("500"),
        amount_period="monthly",
        partner=caf,
    )
    return {"caf": caf, "cpam": cpam, "ft": ft, "network": network}


def hand_km() -> dict[str, float]:
    """Kilometres avoided, by hand: share 0,5, round trip, nearest counter × 1,3 or the 12 km distance."""
    from_villeurbanne = min(haversine(VILLEURBANNE, (lat, lon)) for _, lat, lon in CAF_COUNTERS)
    from_saint_etienne = min(haversine(SAINT_ETIENNE, (lat, lon)) for _, lat, lon in CAF_COUNTERS)
    caf = 4 * 0.5 * 2 * from_villeurbanne * 1.3 + 2 * 0.5 * 2 * from_saint_etienne * 1.3
    cpam = 3 * 0.5 * 2 * 12
    return {"CAF": caf, "CPAM": cpam, "total": caf + cpam}


def euros(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.01"))
