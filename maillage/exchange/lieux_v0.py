"""The older v0 layout of lieux de médiation numérique, turned into a v1 record (pure, no Django).

Regional cartographies still publish JSON in the v0 layout: nested objects (`adresse`,
`localisation`, `contact`, `presentation`), lists or `;`-separated texts, and vocabularies that
v1 renamed or split (`publics_accueillis`, `conditions_acces`, `labels_nationaux`,
`modalites_accompagnement`, v0 `services`). `to_v1` gives the flat v1 record the importer reads
for every format, with one warning per v0 value that has no place in v1. The table below is the
only mapping; docs/import-lieux.md shows it to people.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from maillage.lib.text import normalise_name

# v0 value -> [(v1 field, v1 value)]. An empty list: a known value with no v1 equivalent (documented).
V0_VALUES: dict[str, dict[str, list[tuple[str, str]]]] = {
    "services": {
        "Devenir autonome dans les démarches administratives": [("services", "Aide aux démarches administratives")],
        "Réaliser des démarches administratives avec un accompagnement": [
            ("services", "Aide aux démarches administratives")
        ],
        "Accompagner les démarches de santé": [("services", "Aide aux démarches administratives")],
        "Prendre en main un smartphone ou une tablette": [("services", "Maîtrise des outils numériques du quotidien")],
        "Prendre en main un ordinateur": [("services", "Maîtrise des outils numériques du quotidien")],
        "Utiliser le numérique au quotidien": [("services", "Maîtrise des outils numériques du quotidien")],
        "Approfondir ma culture numérique": [("services", "Compréhension du monde numérique")],
        "Promouvoir la citoyenneté numérique": [("services", "Compréhension du monde numérique")],
        "Favoriser mon insertion professionnelle": [("services", "Insertion professionnelle via le numérique")],
        "Créer et développer mon entreprise": [("services", "Insertion professionnelle via le numérique")],
        "Accéder à une connexion internet": [("services", "Accès internet et matériel informatique")],
        "Accéder à du matériel": [("services", "Accès internet et matériel informatique")],
        "S'équiper en matériel informatique": [("services", "Acquisition de matériel informatique à prix solidaire")],
        "Créer avec le numérique": [("services", "Loisirs et créations numériques")],
        "Soutenir la parentalité et l'éducation avec le numérique": [
            ("services", "Parentalité et éducation avec le numérique")
        ],
    },
    "publics_accueillis": {
        "Seniors (+ 65 ans)": [("publics_specifiquement_adresses", "Seniors")],
        "Familles/enfants": [("publics_specifiquement_adresses", "Familles et/ou enfants")],
        "Adultes": [],
        "Jeunes (16-26 ans)": [("publics_specifiquement_adresses", "Jeunes")],
        "Étudiants": [("publics_specifiquement_adresses", "Étudiants")],
        "Uniquement femmes": [("publics_specifiquement_adresses", "Femmes")],
        "Public langues étrangères": [("prise_en_charge_specifique", "Langues étrangères (autres)")],
        "Déficience visuelle": [("prise_en_charge_specifique", "Déficience visuelle")],
        "Surdité": [("prise_en_charge_specifique", "Surdité")],
        "Handicaps psychiques": [("prise_en_charge_specifique", "Handicaps mentaux")],
        "Handicaps mentaux": [("prise_en_charge_specifique", "Handicaps mentaux")],
        "Handicaps moteurs": [("prise_en_charge_specifique", "Handicaps moteurs")],
        "Personnes en situation d'illettrisme": [("prise_en_charge_specifique", "Illettrisme")],
    },
    "conditions_acces": {
        "Gratuit": [("frais_a_charge", "Gratuit")],
        "Gratuit sous condition": [("frais_a_charge", "Gratuit sous condition")],
        "Payant": [("frais_a_charge", "Payant")],
        "Adhésion": [("frais_a_charge", "Payant")],
        "Accepte le Pass numérique": [("frais_a_charge", "Gratuit sous condition")],
    },
    "labels_nationaux": {
        "France Services": [("dispositif_programmes_nationaux", "France Services")],
        "CNFS": [("dispositif_programmes_nationaux", "Conseillers numériques")],
        "Conseillers numériques": [("dispositif_programmes_nationaux", "Conseillers numériques")],
        "Aidants Connect": [("dispositif_programmes_nationaux", "Aidants Connect")],
        "Grandes écoles du numérique": [("dispositif_programmes_nationaux", "Grande école du numérique")],
        "Grande école du numérique": [("dispositif_programmes_nationaux", "Grande école du numérique")],
        "Point relais CAF": [("dispositif_programmes_nationaux", "Point d'accès numérique CAF")],
        "Point numérique CAF": [("dispositif_programmes_nationaux", "Point d'accès numérique CAF")],
        "Fabriques de Territoire": [("formations_labels", "Fabriques de Territoire")],
        "APTIC": [("autres_formations_labels", "APTIC")],
        "Relais pôle emploi": [("autres_formations_labels", "Relais pôle emploi")],
        "French Tech": [("autres_formations_labels", "French Tech")],
        "Campus connecté": [("autres_formations_labels", "Campus connecté")],
    },
    "modalites_accompagnement": {
        "Seul": [("modalites_accompagnement", "En autonomie")],
        "Avec de l'aide": [("modalites_accompagnement", "Accompagnement individuel")],
        "Dans un atelier": [("modalites_accompagnement", "Dans un atelier collectif")],
        "À ma place": [("modalites_accompagnement", "Accompagnement individuel")],
    },
}
# Texts copied as they are: v0 key (or path in a nested object) -> v1 field.
V0_TEXTS: dict[tuple[str, ...], str] = {
    ("id",): "id",
    ("pivot",): "pivot",
    ("nom",): "nom",
    ("commune",): "commune",
    ("adresse", "commune"): "commune",
    ("code_postal",): "code_postal",
    ("adresse", "code_postal"): "code_postal",
    ("code_insee",): "code_insee",
    ("adresse", "code_insee"): "code_insee",
    ("adresse",): "adresse",
    ("adresse", "voie"): "adresse",
    ("complement_adresse",): "complement_adresse",
    ("adresse", "complement_adresse"): "complement_adresse",
    ("latitude",): "latitude",
    ("localisation", "latitude"): "latitude",
    ("longitude",): "longitude",
    ("localisation", "longitude"): "longitude",
    ("typologie",): "typologie",
    ("typologies",): "typologie",
    ("telephone",): "telephone",
    ("contact", "telephone"): "telephone",
    ("courriel",): "courriels",
    ("contact", "courriel"): "courriels",
    ("site_web",): "site_web",
    ("contact", "site_web"): "site_web",
    ("horaires",): "horaires",
    ("presentation_resume",): "presentation_resume",
    ("presentation", "resume"): "presentation_resume",
    ("presentation_detail",): "presentation_detail",
    ("presentation", "detail"): "presentation_detail",
    ("source",): "source",
    ("structure_parente",): "structure_parente",
    ("date_maj",): "date_maj",
    ("labels_autres",): "autres_formations_labels",
    ("accessibilite",): "fiche_acces_libre",
    ("prise_rdv",): "prise_rdv",
}
# Keys only v0 has: one of them (or a nested `adresse`) marks a record as v0.
V0_MARKERS = frozenset({"publics_accueillis", "conditions_acces", "labels_nationaux", "labels_autres", "courriel"})


def _key(value: str) -> str:
    """Values compared without accents, case, punctuation, and without a ' : explanation' tail."""
    return normalise_name(value.split(" : ")[0])


_LOOKUP = {field: {_key(v0): v1 for v0, v1 in table.items()} for field, table in V0_VALUES.items()}


def is_v0(record: Mapping[str, Any]) -> bool:
    return isinstance(record.get("adresse"), dict) or bool(V0_MARKERS & set(record))


def items(value: Any) -> list[str]:
    """A v0 list: a JSON list, or a text separated by `;` (v0) or `|` (files half-migrated to v1)."""
    if value is None:
        return []
    parts = value if isinstance(value, list) else str(value).replace("|", ";").split(";")
    return [" ".join(str(part).split()) for part in parts if str(part).strip()]


def _get(record: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = record
    for name in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(name)
    return None if isinstance(value, Mapping) else value


def to_v1(record: Mapping[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The v1 record for a v0 one, and (v0 field, French warning) for each value dropped."""
    flat: dict[str, Any] = {}
    for path, field in V0_TEXTS.items():
        value = _get(record, path)
        if value is not None and field not in flat:
            flat[field] = "|".join(items(value)) if isinstance(value, list) else value
    warnings: list[tuple[str, str]] = []
    mapped: dict[str, list[str]] = {}
    for v0_field, lookup in _LOOKUP.items():
        for value in items(record.get(v0_field)):
            targets = lookup.get(_key(value))
            if targets is None:
                warnings.append((v0_field, f"valeur « {value} » inconnue du format v0, ignorée."))
                continue
            for field, v1_value in targets:
                mapped.setdefault(field, [])
                if v1_value not in mapped[field]:
                    mapped[field].append(v1_value)
    for field, values in mapped.items():
        flat[field] = "|".join([*items(flat.get(field)), *values])
    return flat, warnings
