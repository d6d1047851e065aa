"""The demo territory: a credible network of mediation places in Auvergne-Rhône-Alpes (idempotent)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.accounts.models import Membership, User
from maillage.lib.text import normalise_name
from maillage.network import enums
from maillage.network.models import Agreement, Network, OutreachStop, Partner, Place, Structure
from maillage.network.seed import seed_partners
from maillage.territory.models import Commune

DEMO_PASSWORD = "Maillage-demo-2026"  # noqa: S105 - documented demo credential, refused in production
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - demo only
DEMO_DOMAIN = "demo.maillage.fr"

H_PIMMS = "Mo-Fr 09:00-12:30,13:30-17:30; Sa 09:00-12:00; PH off"
H_PIMMS_LATE = "Mo,We,Fr 09:00-12:30,13:30-18:30; Tu,Th 13:30-18:30; PH off"
H_STATION = "Mo-Fr 07:30-10:30,16:00-19:00; PH off"
H_FS = "Mo-Th 09:00-12:00,13:30-17:00; Fr 09:00-12:00; PH off"
H_FS_SMALL = "Tu,Th 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off"
H_PERMANENCE = "We 09:00-12:00; PH off"
H_LIBRARY = "Tu 14:00-18:00; We 10:00-18:00; Fr 14:00-18:00; Sa 10:00-17:00; PH off"

ADMIN_SERVICES = [
    enums.Service.ADMIN_PROCEDURES,
    enums.Service.DAILY_DIGITAL_TOOLS,
    enums.Service.INTERNET_ACCESS,
]
PIMMS_PARTNERS = [
    "caf",
    "cpam",
    "france_travail",
    "dgfip",
    "edf",
    "engie",
    "sncf",
    "keolis",
    "la_poste",
    "bailleur_social",
]
FS_PARTNERS = ["caf", "cpam", "cnav", "msa", "france_travail", "dgfip", "ants", "justice", "la_poste"]


@dataclass
class PlaceSpec:
    name: str
    commune: tuple[str, str]  # (name, département)
    lat: float
    lon: float
    address: str
    hours: str
    postcode: str = ""
    services: list[str] = field(default_factory=lambda: list(ADMIN_SERVICES))
    partners: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=lambda: ["fr"])
    functions: list[str] = field(default_factory=lambda: [enums.Function.ESSENTIAL_SERVICES])
    extra: dict[str, Any] = field(default_factory=dict)
    stops: list[tuple[tuple[str, str], float, float, str, str]] = field(default_factory=list)


@dataclass
class StructureSpec:
    key: str
    name: str
    typology: list[str]
    network: str
    chain_roles: list[str]
    places: list[PlaceSpec]
    partners: list[str]


def fake_siret(seed: int) -> str:
    """A deterministic 14-digit number whose SIREN and SIRET keys are both right (demo only)."""
    from stdnum import luhn  # on use, as in lib/identifiers.py

    siren_base = f"9{seed:07d}"
    siret_base = f"{siren_base}{luhn.calc_check_digit(siren_base)}0001"
    return f"{siret_base}{luhn.calc_check_digit(siret_base)}"


def _p(name: str, commune: tuple[str, str], lat: float, lon: float, address: str, hours: str, **kw: Any) -> PlaceSpec:
    return PlaceSpec(name=name, commune=commune, lat=lat, lon=lon, address=address, hours=hours, **kw)


LYON = ("Lyon", "69")
STE = ("Saint-Étienne", "42")

STRUCTURES: list[StructureSpec] = [
    StructureSpec(
        "pimms-lyon",
        "PIMMS Médiation Lyon Métropole",
        ["PIMMS", "ASSO"],
        "union",
        [enums.ChainRole.FIRST_RECEPTION, enums.ChainRole.ACCESS_TO_RIGHTS],
        [
            _p(
                "PIMMS Lyon 8e — Mermoz",
                LYON,
                45.7362,
                4.8875,
                "12 rue Genton",
                H_PIMMS,
                postcode="69008",
                partners=PIMMS_PARTNERS,
                languages=["fr", "ar", "en"],
            ),
            _p(
                "PIMMS Lyon 9e — La Duchère",
                LYON,
                45.7869,
                4.7969,
                "5 place Abbé Pierre",
                H_PIMMS_LATE,
                postcode="69009",
                partners=PIMMS_PARTNERS,
                languages=["fr", "ar", "tr"],
            ),
            _p(
                "PIMMS Gare de Lyon Part-Dieu",
                LYON,
                45.7606,
                4.8597,
                "Gare Part-Dieu, hall Villette",
                H_STATION,
                postcode="69003",
                partners=["sncf", "keolis", "la_poste"],
                languages=["fr", "en", "es"],
            ),
            _p(
                "PIMMS Lyon 7e — Guillotière",
                LYON,
                45.7531,
                4.8430,
                "18 grande rue de la Guillotière",
                H_PIMMS,
                postcode="69007",
                partners=PIMMS_PARTNERS,
                languages=["fr", "ar", "zh", "wo"],
            ),
            _p(
                "Permanence PIMMS — Mairie du 5e",
                LYON,
                45.7597,
                4.8263,
                "14 rue Dr Edmond Locard",
                H_PERMANENCE,
                postcode="69005",
                partners=["caf", "cpam", "edf"],
            ),
            _p(
                "Permanence PIMMS — Caluire-et-Cuire",
                ("Caluire-et-Cuire", "69"),
                45.7953,
                4.8464,
                "Mairie, place du Docteur Dugoujon",
                "Th 14:00-17:00; PH off",
                partners=["caf", "edf", "engie"],
            ),
        ],
        PIMMS_PARTNERS,
    ),
    StructureSpec(
        "pimms-villeurbanne",
        "PIMMS Médiation Villeurbanne",
        ["PIMMS", "ASSO"],
        "union",
        [enums.ChainRole.FIRST_RECEPTION, enums.ChainRole.ACCESS_TO_RIGHTS],
        [
            _p(
                "PIMMS Villeurbanne Saint-Jean",
                ("Villeurbanne", "69"),
                45.7806,
                4.9010,
                "24 rue Saint-Jean",
                H_PIMMS,
                partners=PIMMS_PARTNERS,
                languages=["fr", "ar", "pt"],
            ),
            _p(
                "PIMMS Villeurbanne Gratte-Ciel",
                ("Villeurbanne", "69"),
                45.7686,
                4.8808,
                "7 avenue Henri Barbusse",
                H_PIMMS_LATE,
                partners=PIMMS_PARTNERS,
                languages=["fr", "en"],
            ),
            _p(
                "PIMMS Vaulx-en-Velin Mas du Taureau",
                ("Vaulx-en-Velin", "69"),
                45.7781,
                4.9220,
                "3 avenue Gabriel Péri",
                H_PIMMS,
                partners=PIMMS_PARTNERS,
                languages=["fr", "ar", "kab"],
            ),
        ],
        PIMMS_PARTNERS,
    ),
    StructureSpec(
        "pimms-venissieux",
        "PIMMS Médiation Vénissieux",
        ["PIMMS", "ASSO"],
        "union",
        [enums.ChainRole.FIRST_RECEPTION, enums.ChainRole.ACCESS_TO_RIGHTS, enums.ChainRole.DIGITAL_SKILLS],
        [
            _p(
                "PIMMS Vénissieux Minguettes",
                ("Vénissieux", "69"),
                45.7011,
                4.8811,
                "2 boulevard Lénine",
                H_PIMMS,
                partners=PIMMS_PARTNERS,
                languages=["fr", "ar", "tr", "ro"],
            ),
            _p(
                "PIMMS Vénissieux Centre",
                ("Vénissieux", "69"),
                45.6975,
                4.8867,
                "15 avenue Jean Jaurès",
                H_PIMMS_LATE,
                partners=PIMMS_PARTNERS,
            ),
            _p(
                "Permanence PIMMS Saint-Fons",
                ("Saint-Fons", "69"),
                45.7086,
                4.8533,
                "Place Roger Salengro",
                "Tu 09:00-12:00; Th 14:00-17:00; PH off",
                partners=["caf", "edf", "bailleur_social"],
            ),
            _p(
                "Permanence PIMMS Saint-Priest",
                ("Saint-Priest", "69"),
                45.6956,
                4.9439,
                "Place Charles Ottina",
                "Mo,We 14:00-17:30; PH off",
                partners=["caf", "cpam", "edf"],
            ),
        ],
        PIMMS_PARTNERS,
    ),
    StructureSpec(
        "pimms-saint-etienne",
        "PIMMS Médiation Saint-Étienne",
        ["PIMMS", "ASSO"],
        "union",
        [enums.ChainRole.FIRST_RECEPTION, enums.ChainRole.ACCESS_TO_RIGHTS],
        [
            _p(
                "PIMMS Saint-Étienne Tarentaize",
                STE,
                45.4347,
                4.3839,
                "9 rue Beaubrun",
                H_PIMMS,
                postcode="42000",
                partners=PIMMS_PARTNERS,
                languages=["fr", "ar", "it"],
            ),
            _p(
                "PIMMS Saint-Étienne Montreynaud",
                STE,
                45.4589,
                4.4089,
                "Place de l'Europe",
                H_PIMMS_LATE,
                postcode="42000",
                partners=PIMMS_PARTNERS,
            ),
            _p(
                "PIMMS Gare de Châteaucreux",
                STE,
                45.4433,
                4.3994,
                "Gare de Châteaucreux",
                H_STATION,
                postcode="42000",
                partners=["sncf", "la_poste"],
            ),
            _p(
                "PIMMS Firminy",
                ("Firminy", "42"),
                45.3883,
                4.2883,
                "Place du Breuil",
                H_PIMMS,
                partners=PIMMS_PARTNERS,
            ),
            _p(
                "Permanence PIMMS Saint-Chamond",
                ("Saint-Chamond", "42"),
                45.4753,
                4.5147,
                "Hôtel de ville, avenue Antoine Pinay",
                "We,Fr 09:00-12:00; PH off",
                partners=["caf", "edf", "engie"],
            ),
        ],
        PIMMS_PARTNERS,
    ),
    StructureSpec(
        "fs-loire",
        "Communauté d'agglomération Loire Forez — France Services",
        ["RFS", "EPCI"],
        "fs",
        [enums.ChainRole.ACCESS_TO_RIGHTS, enums.ChainRole.FIRST_RECEPTION],
        [
            _p(
                "France Services Montbrison",
                ("Montbrison", "42"),
                45.6075,
                4.0653,
                "17 boulevard de la Préfecture",
                H_FS,
                partners=FS_PARTNERS,
            ),
            _p(
                "France Services Feurs",
                ("Feurs", "42"),
                45.7433,
                4.2264,
                "3 rue Victor de Laprade",
                H_FS,
                partners=FS_PARTNERS,
            ),
            _p(
                "France Services Boën-sur-Lignon",
                ("Boën-sur-Lignon", "42"),
                45.7444,
                4.0067,
                "Place de la Mairie",
                H_FS_SMALL,
                partners=FS_PARTNERS,
            ),
            _p(
                "France Services Noirétable",
                ("Noirétable", "42"),
                45.8169,
                3.7658,
                "Place de l'Église",
                H_FS_SMALL,
                partners=FS_PARTNERS,
            ),
            _p(
                "France Services Saint-Just-Saint-Rambert",
                ("Saint-Just-Saint-Rambert", "42"),
                45.4997,
                4.2411,
                "Place de la Paix",
                H_FS,
                partners=FS_PARTNERS,
            ),
            _p(
                "France Services Chazelles-sur-Lyon",
                ("Chazelles-sur-Lyon", "42"),
                45.6381,
                4.3894,
                "Rue du Onze Novembre",
                H_FS_SMALL,
                partners=FS_PARTNERS,
            ),
            _p(
                "France Services Charlieu",
                ("Charlieu", "42"),
                46.1594,
                4.1733,
                "Place Saint-Philibert",
                H_FS,
                partners=FS_PARTNERS,
            ),
            _p(
                "Bus France Services des Monts du Forez",
                ("Saint-Bonnet-le-Château", "42"),
                45.4242,
                4.0658,
                "Départ : parking de la mairie",
                "",
                partners=FS_PARTNERS,
                extra={"mobility": enums.Mobility.ITINERANT},
                stops=[
                    (
                        ("Saint-Bonnet-le-Château", "42"),
                        45.4242,
                        4.0658,
                        "Place du Commandant Marey",
                        "Mo 09:00-12:00,13:30-16:30; PH off",
                    ),
                    (
                        ("Usson-en-Forez", "42"),
                        45.3914,
                        3.9408,
                        "Place de la Mairie",
                        "Tu 09:00-12:00,13:30-16:30; PH off",
                    ),
                    (
                        ("Saint-Jean-Soleymieux", "42"),
                        45.4986,
                        4.0325,
                        "Parking de la salle des fêtes",
                        "We 09:00-12:00; PH off",
                    ),
                    (
                        ("Saint-Georges-en-Couzan", "42"),
                        45.7003,
                        3.9333,
                        "Place du village",
                        "Th 09:00-12:00,13:30-16:00; PH off",
                    ),
                ],
            ),
        ],
        FS_PARTNERS,
    ),
    StructureSpec(
        "fs-rhone",
        "Communauté de communes de l'Ouest rhodanien — France Services",
        ["RFS", "CC"],
        "fs",
        [enums.ChainRole.ACCESS_TO_RIGHTS],
        [
            _p(
                "France Services Tarare",
                ("Tarare", "69"),
                45.8967,
                4.4333,
                "Place de la Madeleine",
                H_FS,
                partners=FS_PARTNERS,
            ),
            _p(
                "France Services Amplepuis",
                ("Amplepuis", "69"),
                45.9722,
                4.3306,
                "Rue Thimonnier",
                H_FS_SMALL,
                partners=FS_PARTNERS,
            ),
            _p(
                "France Services Thizy-les-Bourgs",
                ("Thizy-les-Bourgs", "69"),
                46.0294,
                4.3131,
                "Place de la Mairie",
                H_FS_SMALL,
                partners=FS_PARTNERS,
            ),
            _p(
                "France Services Beaujeu",
                ("Beaujeu", "69"),
                46.1547,
                4.5858,
                "Place de l'Hôtel de ville",
                H_FS,
                partners=FS_PARTNERS,
            ),
            _p(
                "France Services Saint-Symphorien-sur-Coise",
                ("Saint-Symphorien-sur-Coise", "69"),
                45.6317,
                4.4558,
                "Place du Marché",
                H_FS,
                partners=FS_PARTNERS,
            ),
            _p(
                "France Services Mornant",
                ("Mornant", "69"),
                45.6186,
                4.6722,
                "Place de la Liberté",
                H_FS_SMALL,
                partners=FS_PARTNERS,
            ),
            _p(
                "France Services L'Arbresle",
                ("L'Arbresle", "69"),
                45.8356,
                4.6167,
                "Place Sapéon",
                H_FS,
                partners=FS_PARTNERS,
            ),
            _p(
                "France Services Saint-Laurent-de-Chamousset",
                ("Saint-Laurent-de-Chamousset", "69"),
                45.7397,
                4.4644,
                "Place de l'Église",
                "Mo,We,Fr 09:00-12:00; PH off",
                partners=FS_PARTNERS,
            ),
        ],
        FS_PARTNERS,
    ),
    StructureSpec(
        "epn-bron",
        "Médiathèques de l'Est lyonnais — Espaces publics numériques",
        ["BIB", "EPN", "MUNI"],
        "union",
        [enums.ChainRole.DIGITAL_SKILLS, enums.ChainRole.DIGITAL_IDENTITY],
        [
            _p(
                "Médiathèque Jean Prévost — EPN",
                ("Bron", "69"),
                45.7386,
                4.9131,
                "2 place de Weingarten",
                H_LIBRARY,
                services=[
                    enums.Service.DAILY_DIGITAL_TOOLS,
                    enums.Service.SAFE_DIGITAL_USE,
                    enums.Service.PARENTING,
                    enums.Service.LEISURE_CREATION,
                    enums.Service.INTERNET_ACCESS,
                ],
                functions=[enums.Function.LEARNING, enums.Function.LIBRARY, enums.Function.DIGITAL_MEDIATION],
            ),
            _p(
                "EPN Décines-Charpieu",
                ("Décines-Charpieu", "69"),
                45.7689,
                4.9589,
                "Rue Émile Zola",
                H_LIBRARY,
                services=[
                    enums.Service.DAILY_DIGITAL_TOOLS,
                    enums.Service.JOB_INSERTION,
                    enums.Service.INTERNET_ACCESS,
                    enums.Service.SOLIDARITY_EQUIPMENT,
                ],
                functions=[enums.Function.LEARNING, enums.Function.DIGITAL_MEDIATION, enums.Function.FABLAB],
            ),
            _p(
                "Tiers-lieu numérique de Meyzieu",
                ("Meyzieu", "69"),
                45.7667,
                5.0036,
                "Rue de la République",
                "Mo-Fr 10:00-19:00; Sa 10:00-13:00; PH off",
                services=[
                    enums.Service.DIGITAL_WORLD,
                    enums.Service.LEISURE_CREATION,
                    enums.Service.JOB_INSERTION,
                ],
                functions=[enums.Function.PROJECTS, enums.Function.COWORKING, enums.Function.FABLAB],
            ),
        ],
        ["caf", "france_travail"],
    ),
]

ACCOUNTS: list[tuple[str, str, str, str | None]] = [
    # (email local part, role, scope key, partner code)
    ("admin", Role.ADMINISTRATOR, "", None),
    ("coordination", Role.NETWORK_COORDINATOR, "union", None),
    ("responsable", Role.STRUCTURE_MANAGER, "pimms-lyon", None),
    ("mediateur", Role.MEDIATOR, "pimms-lyon", None),
    ("mediateur.villeurbanne", Role.MEDIATOR, "pimms-villeurbanne", None),
    ("partenaire.caf", Role.PARTNER_VIEWER, "", "caf"),
]


class DemoError(Exception):
    pass


def _commune(key: tuple[str, str]) -> Commune:
    name, dep = key
    commune = Commune.objects.filter(search_name=normalise_name(name), departement_id=dep).first()
    if commune is None:
        raise DemoError(f"Commune {name} ({dep}) introuvable : chargez d'abord la géographie (maillage geo load).")
    return commune


@transaction.atomic
def build_demo() -> dict[str, int]:
    seed_partners(Partner)
    partners = {p.code: p for p in Partner.objects.all()}
    networks = {
        "union": Network.objects.update_or_create(
            name="Union des PIMMS Auvergne-Rhône-Alpes",
            defaults={
                "kind": enums.NetworkKind.PIMMS_UNION,
                "description": "Réseau régional de démonstration.",
            },
        )[0],
        "fs": Network.objects.update_or_create(
            name="France Services Loire et Rhône",
            defaults={
                "kind": enums.NetworkKind.FRANCE_SERVICES,
                "description": "Réseau départemental de démonstration.",
            },
        )[0],
    }
    structures: dict[str, Structure] = {}
    places = 0
    for index, spec in enumerate(STRUCTURES, start=1):
        # Keyed on the demo address, not the SIRET: demo SIRETs changed when SIREN keys became checked.
        structure, _ = Structure.objects.update_or_create(
            email=f"contact@{spec.key}.{DEMO_DOMAIN}",
            defaults={
                "pivot": fake_siret(index),
                "name": spec.name,
                "typology": spec.typology,
                "network": networks[spec.network],
                "chain_roles": [str(r) for r in spec.chain_roles],
            },
        )
        structures[spec.key] = structure
        for place_spec in spec.places:
            commune = _commune(place_spec.commune)
            postcode = place_spec.postcode or (
                commune.postcodes.order_by("code").values_list("code", flat=True).first() or ""
            )
            defaults = {
                "commune": commune,
                "postcode": postcode,
                "address": place_spec.address,
                "lat": place_spec.lat,
                "lon": place_spec.lon,
                "opening_hours": place_spec.hours,
                "typology": spec.typology,
                "services": [str(s) for s in place_spec.services],
                "languages": place_spec.languages,
                "functions": [str(f) for f in place_spec.functions],
                "fees": [enums.Fees.FREE],
                "access_modes": [enums.AccessMode.WALK_IN, enums.AccessMode.PHONE],
                "support_modes": [enums.SupportMode.INDIVIDUAL],
                "phone": "+33400000000",
                "summary": f"Accueil gratuit et sans rendez-vous : {spec.name}.",
                "accessibility_notes": "Accès de plain-pied, boucle magnétique à l'accueil.",
                "how_to_come": "Arrêt de transport en commun à proximité.",
                "source": "demo",
                "mobility": enums.Mobility.FIXED,
                "confirmed_at": timezone.now() - dt.timedelta(days=30 if index % 3 else 250),
                **place_spec.extra,
            }
            if "France Services" in place_spec.name:
                defaults["programmes"] = [enums.NationalProgramme.FRANCE_SERVICES]
            place, _ = Place.objects.update_or_create(structure=structure, name=place_spec.name, defaults=defaults)
            place.partners.set([partners[code] for code in place_spec.partners])
            places += 1
            if place_spec.stops:
                place.stops.all().delete()
                for position, (key, lat, lon, address, hours) in enumerate(place_spec.stops):
                    stop_commune = _commune(key)
                    OutreachStop.objects.create(
                        place=place,
                        commune=stop_commune,
                        lat=lat,
                        lon=lon,
                        address=address,
                        opening_hours=hours,
                        position=position,
                    )
        for code in spec.partners:
            agreement, _ = Agreement.objects.update_or_create(
                partner=partners[code],
                structure=structure,
                start=dt.date(2026, 1, 1),
                defaults={"end": dt.date(2026, 12, 31), "domains": partners[code].domains},
            )
            agreement.places.set(structure.places.filter(partners=partners[code]))
    users = _accounts(networks, structures, partners)
    return {"structures": len(structures), "places": places, "accounts": users}


def _accounts(networks: dict[str, Network], structures: dict[str, Structure], partners: dict[str, Partner]) -> int:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    for local, role, scope, partner in ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=f"{local}@{DEMO_DOMAIN}",
            defaults={"first_name": local.split(".")[0].capitalize(), "last_name": "Démo"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        if role == Role.ADMINISTRATOR:
            user.is_staff = user.is_superuser = True
        user.save()
        Membership.objects.get_or_create(
            user=user,
            role=role,
            structure=structures.get(scope) if role in {Role.MEDIATOR, Role.STRUCTURE_MANAGER} else None,
            network=networks.get(scope) if role == Role.NETWORK_COORDINATOR else None,
            partner=partners.get(partner) if partner else None,
        )
        if (
            user.needs_second_factor
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            TOTP.activate(user, DEMO_TOTP_SECRET)
    return len(ACCOUNTS)
