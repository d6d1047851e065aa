"""Demo social-value parameters (`maillage demo`): for both demo networks, a small file of CAF and CPAM
counters (fabricated for the demonstration, not the real list), a distance for France Travail, and unit
costs and a share of requests labelled « valeur de démonstration », so the report shows the section."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from maillage.network.demo import DEMO_DOMAIN, DemoError
from maillage.network.models import Network, Partner
from maillage.socialvalue.counters_file import read_counters
from maillage.socialvalue.models import PartnerCounter, PartnerParameters, SocialValueParameters

DEMO = "valeur de démonstration"
# Fabricated for the demonstration: each counter at rounded coordinates near its commune's centre,
# given in the file so the demo works on a deployment without commune centres (`maillage geo
# centres`). Not the partners' real list of counters.
COUNTERS_FILE = """partenaire;guichet;commune;latitude;longitude
caf;CAF du Rhône, Lyon (démonstration);69123;45,7640;4,8357
caf;CAF du Rhône, Villefranche-sur-Saône (démonstration);69264;45,9898;4,7190
caf;CAF de la Loire, Saint-Étienne (démonstration);42218;45,4397;4,3872
caf;CAF de la Loire, Roanne (démonstration);42187;46,0363;4,0680
cpam;CPAM du Rhône, Lyon (démonstration);;45,7530;4,8420
cpam;CPAM du Rhône, Vénissieux (démonstration);69259;45,6973;4,8867
cpam;CPAM de la Loire, Saint-Étienne (démonstration);42218;45,4390;4,3880
"""
PARTNERS = {
    "caf": {"unit_cost": Decimal("12"), "unit_cost_source": DEMO},
    "cpam": {"unit_cost": Decimal("10"), "unit_cost_source": DEMO},
    "france_travail": {
        "distance_km": Decimal("15"),
        "distance_source": DEMO,
        "unit_cost": Decimal("15"),
        "unit_cost_source": DEMO,
    },
}


@transaction.atomic
def build_social_value() -> int:
    """Idempotent: the same values again change nothing. Returns the number of networks set."""
    counters = read_counters(COUNTERS_FILE.encode("utf-8"), "guichets-demonstration.csv")
    if counters.errors:
        raise DemoError("Guichets de démonstration refusés : " + " ".join(counters.errors))
    partners = {p.code: p for p in Partner.objects.filter(code__in=PARTNERS)}
    networks = list(Network.objects.filter(structures__email__endswith=f".{DEMO_DOMAIN}").distinct())
    for network in networks:
        parameters = SocialValueParameters.for_network(network)
        parameters.apply(None, {"avoided_share": Decimal("30"), "avoided_share_source": DEMO})
        for code, values in PARTNERS.items():
            if code in partners:
                PartnerParameters.for_pair(network, partners[code]).apply(None, values)
        present = set(PartnerCounter.objects.filter(network=network).values_list("partner_id", "name"))
        if present != {(c.partner_id, c.name) for c in counters.counters}:
            fresh = [
                PartnerCounter(partner=c.partner, name=c.name, commune=c.commune, lat=c.lat, lon=c.lon)
                for c in counters.counters
            ]
            PartnerCounter.replace_all(network, fresh, None)
    return len(networks)
