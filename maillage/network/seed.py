"""The seeded, editable list of partners (operators whose procedures mediators help with)."""

from __future__ import annotations

from typing import Any

PARTNERS: list[dict[str, Any]] = [
    {
        "code": "caf",
        "name": "CAF (Caisse d'allocations familiales)",
        "kind": "public",
        "france_services": True,
        "domains": ["family_school", "social_health", "housing"],
    },
    {
        "code": "cpam",
        "name": "CPAM / Assurance maladie",
        "kind": "public",
        "france_services": True,
        "domains": ["social_health"],
    },
    {
        "code": "cnav",
        "name": "CNAV / Assurance retraite",
        "kind": "public",
        "france_services": True,
        "domains": ["social_health", "work_training"],
    },
    {
        "code": "msa",
        "name": "MSA (Mutualité sociale agricole)",
        "kind": "public",
        "france_services": True,
        "domains": ["social_health", "family_school"],
    },
    {
        "code": "france_travail",
        "name": "France Travail",
        "kind": "public",
        "france_services": True,
        "domains": ["work_training"],
    },
    {
        "code": "dgfip",
        "name": "DGFiP / Impôts",
        "kind": "public",
        "france_services": True,
        "domains": ["money_tax"],
    },
    {
        "code": "ants",
        "name": "ANTS / France Titres (ministère de l'Intérieur)",
        "kind": "public",
        "france_services": True,
        "domains": ["papers_citizenship", "transport", "foreigners_europe"],
    },
    {
        "code": "justice",
        "name": "Ministère de la Justice",
        "kind": "public",
        "france_services": True,
        "domains": ["justice"],
    },
    {
        "code": "la_poste",
        "name": "La Poste",
        "kind": "public",
        "france_services": True,
        "domains": ["money_tax"],
    },
    {
        "code": "edf",
        "name": "EDF",
        "kind": "private",
        "france_services": False,
        "domains": ["housing", "money_tax"],
    },
    {"code": "enedis", "name": "Enedis", "kind": "private", "france_services": False, "domains": ["housing"]},
    {
        "code": "engie",
        "name": "Engie",
        "kind": "private",
        "france_services": False,
        "domains": ["housing", "money_tax"],
    },
    {"code": "grdf", "name": "GRDF", "kind": "private", "france_services": False, "domains": ["housing"]},
    {"code": "sncf", "name": "SNCF", "kind": "private", "france_services": False, "domains": ["transport"]},
    {
        "code": "keolis",
        "name": "Keolis (transports urbains)",
        "kind": "private",
        "france_services": False,
        "domains": ["transport"],
    },
    {
        "code": "veolia_eau",
        "name": "Veolia Eau",
        "kind": "private",
        "france_services": False,
        "domains": ["housing", "money_tax"],
    },
    {
        "code": "suez_eau",
        "name": "Suez Eau France",
        "kind": "private",
        "france_services": False,
        "domains": ["housing", "money_tax"],
    },
    {
        "code": "bailleur_social",
        "name": "Bailleurs sociaux",
        "kind": "other",
        "france_services": False,
        "domains": ["housing"],
    },
    {
        "code": "prefecture",
        "name": "Préfecture (titres de séjour)",
        "kind": "public",
        "france_services": False,
        "domains": ["foreigners_europe", "papers_citizenship"],
    },
    {
        "code": "departement",
        "name": "Conseil départemental (RSA, APA)",
        "kind": "public",
        "france_services": False,
        "domains": ["social_health"],
    },
]


def seed_partners(partner_model: Any) -> int:
    """Create the seeded partners that do not exist yet; never overwrite a local edit."""
    created = 0
    for row in PARTNERS:
        _, was_created = partner_model.objects.get_or_create(code=row["code"], defaults=row)
        created += was_created
    return created
