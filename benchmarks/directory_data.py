"""Generated national directory for bench_search.py: places spread like the real ones.

The mix (for `n` places in all):
- the France Services sites of the 2024 national list (ANCT, Licence Ouverte 2.0), at their real
  coordinates with their real hours and the nine national partners (2,800-odd places, or a random
  sample when `n` is smaller);
- lieux de médiation numérique, 55 % of the rest: communes drawn by population^0.9 with a rural
  floor (every commune weighs at least as much as one of 300 inhabitants), 1 to 4 services, 1 to 3
  partners, hours from a few typical patterns;
- other services (CAF, CPAM, town-hall-like counters), 45 % of the rest: two thirds drawn like town
  halls (one commune after another, uniformly), one third like agencies (by population), 1 to 2
  services, one or two partners.
Every place sits within about 1 km of its commune centre (mainland and overseas communes with a
known centre).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FRANCE_SERVICES_CSV = ROOT.parent / "shared" / "data" / "france-services-2024-08-01.csv"
HOURS = [
    "Mo-Fr 09:00-12:00,13:30-17:00; PH off",
    "Mo,We,Fr 09:00-12:30; Tu,Th 13:30-18:30; PH off",
    "Tu-Sa 10:00-18:00; PH off",
    "We 09:00-12:00",
    "Mo-Th 08:30-12:00,13:30-17:30; Fr 08:30-12:00; PH off",
    "Tu,Th 14:00-18:00; Sa 09:00-12:00",
]
MEDIATION_SHARE = 0.55


def _france_services(n: int, rng: random.Random) -> list[dict[str, Any]]:
    from maillage.territory.france_services import parse_file
    from maillage.territory.models import Commune

    rows = parse_file(FRANCE_SERVICES_CSV).rows
    current = Commune.objects.current_codes(row.commune_id for row in rows)
    kept = [row for row in rows if row.commune_id in current]
    if len(kept) > n:
        kept = rng.sample(kept, n)
    return [
        {
            "name": row.name[:200],
            "commune_id": current[row.commune_id],
            "postcode": row.postcode,
            "address": row.address[:250],
            "lat": row.lat,
            "lon": row.lon,
            "opening_hours": row.opening_hours,
            "services": ["admin_procedures"],
            "partners": "france_services",
            "external_id": row.external_id,
        }
        for row in kept
    ]


def _drawn(
    count: int, communes: list[tuple[str, float, float, int]], weights: list[float], rng: random.Random
) -> list[tuple[str, float, float]]:
    return [
        (code, lat + rng.uniform(-0.01, 0.01), lon + rng.uniform(-0.01, 0.01))
        for code, lat, lon, _ in rng.choices(communes, weights=weights, k=count)
    ]


def spec(n: int, rng: random.Random) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The places to write (plain dicts) and how many of each kind."""
    from maillage.network import enums
    from maillage.territory.models import Commune

    fs = _france_services(n, rng)
    communes = [
        (code, float(lat or 0), float(lon or 0), int(pop or 0))
        for code, lat, lon, pop in Commune.objects.located()
        .order_by("code")
        .values_list("code", "lat", "lon", "population")
    ]
    rest = n - len(fs)
    mediation = round(rest * MEDIATION_SHARE)
    town_halls = round((rest - mediation) * 2 / 3)
    agencies = rest - mediation - town_halls
    by_people = [max(300, c[3]) ** 0.9 for c in communes]
    services = list(enums.Service.values)
    places = list(fs)
    for i, (code, lat, lon) in enumerate(_drawn(mediation, communes, by_people, rng)):
        chosen = sorted(rng.sample(services, rng.randint(1, 4)))
        places.append(_place(f"Lieu de médiation numérique {i}", code, lat, lon, chosen, rng.choice(HOURS), 3))
    flat = [1.0] * len(communes)
    others = _drawn(town_halls, communes, flat, rng) + _drawn(agencies, communes, by_people, rng)
    for i, (code, lat, lon) in enumerate(others):
        chosen = sorted(rng.sample(["admin_procedures", "internet_access", "daily_digital_tools"], rng.randint(1, 2)))
        places.append(_place(f"Accueil de services publics {i}", code, lat, lon, chosen, rng.choice(HOURS[:3]), 2))
    mix = {"france_services": len(fs), "mediation": mediation, "town_halls": town_halls, "agencies": agencies}
    return places, mix


def _place(name: str, code: str, lat: float, lon: float, services: list[str], hours: str, partners: int) -> dict:
    return {
        "name": name,
        "commune_id": code,
        "postcode": "00000",
        "address": "1 place de la Mairie",
        "lat": lat,
        "lon": lon,
        "opening_hours": hours,
        "services": services,
        "partners": partners,
        "external_id": "",
    }


def generate(n: int, rng: random.Random) -> dict[str, int]:
    """Write `n` places (with structures and partner links); returns the mix."""
    from maillage.network.demo import fake_siret
    from maillage.network.models import Partner, Place, Structure
    from maillage.network.seed import seed_partners
    from maillage.territory.france_services import PARTNER_CODES, SOURCE

    seed_partners(Partner)
    partners = list(Partner.objects.all())
    national = [p for p in partners if p.code in PARTNER_CODES]
    rows, mix = spec(n, rng)
    structures = [Structure(name=f"Structure {i}", pivot=fake_siret(10_000 + i)) for i in range(max(1, n // 10))]
    Structure.objects.bulk_create(structures)
    links: list[list[Any]] = []
    batch: list[Place] = []
    through = Place.partners.through
    for i, row in enumerate(rows):
        place = Place(
            structure=structures[i % len(structures)],
            name=row["name"],
            commune_id=row["commune_id"],
            postcode=row["postcode"] if len(row["postcode"]) == 5 else "00000",
            address=row["address"],
            lat=row["lat"],
            lon=row["lon"],
            opening_hours=row["opening_hours"],
            services=row["services"],
            source=SOURCE if row["external_id"] else "",
            external_id=row["external_id"],
        )
        place.set_indexes()
        batch.append(place)
        links.append(national if row["partners"] == "france_services" else rng.sample(partners, row["partners"]))
        if len(batch) == 5000 or i == len(rows) - 1:
            Place.objects.bulk_create(batch)
            through.objects.bulk_create(
                [
                    through(place_id=p.id, partner_id=partner.id)
                    for p, chosen in zip(batch, links, strict=True)
                    for partner in chosen
                ],
                batch_size=5000,
            )
            batch, links = [], []
    return mix
