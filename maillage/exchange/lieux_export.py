"""A place as a row of the national standard "lieux de médiation numérique" v1.0.2, or what it lacks.

The 32 columns come in the schema's order. Every row is checked against the official schema's own
constraints (required, pattern, maxLength; a copy ships in `exchange/data/`): a place that cannot
satisfy them is never written half right, it comes back with what to fill in. Choices made where
the standard leaves room (see docs/adr/0009-places-out-national-standard.md):

- `id` is the place's UUID, always: unique in the file, stable across edits; an identifier from an
  imported file (`external_id`) is only unique within its own source, the origin stays in `source`;
- `pivot` is the structure's SIRET or RNA, or `00000000000000` (the standard's "no SIRET", used by
  regional files) for the structure gathering imported places without one; `structure_parente` is
  the structure's name;
- `formations_labels` holds the labels of the standard's list found in the free text we store
  (matched without case, accents or spacing); any other label goes to `autres_formations_labels`;
- `typologie` is the place's, or its structure's when the place has none.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from maillage.lib.spreadsheet import is_dangerous
from maillage.network import enums
from maillage.network.models import Place

SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "lieux-mediation-numerique.schema.json"
SCHEMA_VERSION = "1.0.2"
NO_PIVOT = "00000000000000"
LICENCE_NAME = "Licence Ouverte 2.0 (etalab-2.0)"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence"

# The standard's list of formations and labels, as its pattern spells them ("numériques(La Poste)").
STANDARD_LABELS = (
    "Formé à « Mon Espace Santé »",
    "Formé à « DUPLEX » (illettrisme)",
    "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
    "Collectif ressources et acteurs réemploi (Normandie)",
    "Étapes numériques(La Poste)",
    "Fabriques de Territoire",
    "Les Éclaireurs du numérique (Drôme)",
    "Mes Papiers (Métropole de Lyon)",
    "ORDI 3.0",
    "SUD LABS (PACA)",
)

# What to tell a manager about each column, in the words of the place form.
FIELD_NAMES = {
    "id": "Identifiant",
    "pivot": "SIRET ou RNA de la structure",
    "nom": "Nom",
    "commune": "Commune",
    "code_postal": "Code postal",
    "code_insee": "Commune (code INSEE)",
    "adresse": "Adresse",
    "telephone": "Téléphone",
    "presentation_resume": "Présentation courte",
    "date_maj": "Date de mise à jour",
}
PATTERN_HINTS = {
    "pivot": "14 chiffres (SIRET) ou W suivi de 9 chiffres (RNA)",
    "code_postal": "5 chiffres",
    "code_insee": "un code commune officiel",
    "telephone": "un numéro français au format international, ex. +33478000000",
}


@cache
def schema_fields() -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))["fields"])


def columns() -> list[str]:
    return [field["name"] for field in schema_fields()]


@dataclass(frozen=True)
class Problem:
    """One thing to fix before a place can be exported: the field, in French, and what it needs."""

    column: str
    message: str

    def __str__(self) -> str:
        return f"{FIELD_NAMES.get(self.column, self.column)} : {self.message}"


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum())


_LABELS_BY_KEY = {_fold(label): label for label in STANDARD_LABELS}


def split_labels(stored: str, other: str) -> tuple[str, str]:
    """(formations_labels, autres_formations_labels) from the two free texts a place stores."""
    known: list[str] = []
    unknown: list[str] = []
    for part in (p.strip() for p in re.split(r"[|;,\n]", stored)):
        if not part:
            continue
        label = _LABELS_BY_KEY.get(_fold(part))
        if label is None:
            unknown.append(part)
        elif label not in known:
            known.append(label)
    others = [text for text in (other.strip(), *unknown) if text]
    return "|".join(known), ", ".join(others)


def _labels(codes: list[str], vocabulary: Any) -> str:
    mapping = dict(vocabulary.choices)
    return "|".join(mapping[code] for code in codes if code in mapping)


def _emails(text: str) -> str:
    return "|".join(part for part in re.split(r"[,;\s|]+", text) if part)


def standard_values(place: Place) -> dict[str, Any]:
    """The place's values under the standard's column names (text, floats for coordinates)."""
    structure = place.structure
    trainings, other_trainings = split_labels(place.labels, place.other_labels)
    return {
        "id": str(place.uuid),
        "pivot": structure.pivot or NO_PIVOT,
        "nom": place.name.strip(),
        "commune": place.commune.name,
        "code_postal": place.postcode,
        "code_insee": place.commune_id,
        "adresse": place.address.strip(),
        "complement_adresse": place.address_complement.strip(),
        "latitude": place.lat,
        "longitude": place.lon,
        "typologie": "|".join(place.typology or structure.typology),
        "telephone": place.phone,
        "courriels": _emails(place.emails),
        "site_web": place.website,
        "horaires": place.opening_hours,
        "presentation_resume": place.summary.strip(),
        "presentation_detail": place.description.strip(),
        "source": place.source or structure.name,
        "itinerance": enums.Mobility(place.mobility).label,
        "structure_parente": structure.name,
        "date_maj": place.updated_on.isoformat(),
        "services": _labels(place.services, enums.Service),
        "publics_specifiquement_adresses": _labels(place.publics, enums.Public),
        "prise_en_charge_specifique": _labels(place.specific_support, enums.SpecificSupport),
        "frais_a_charge": _labels(place.fees, enums.Fees),
        "dispositif_programmes_nationaux": _labels(place.programmes, enums.NationalProgramme),
        "formations_labels": trainings,
        "autres_formations_labels": other_trainings,
        "modalites_acces": _labels(place.access_modes, enums.AccessMode),
        "modalites_accompagnement": _labels(place.support_modes, enums.SupportMode),
        "fiche_acces_libre": place.accessibility_url,
        "prise_rdv": place.appointment_url,
    }


def _problem(field: dict[str, Any], value: Any, *, extra_length: int) -> Problem | None:
    name, constraints = field["name"], field.get("constraints", {})
    if value is None or value == "":
        return Problem(name, "à renseigner.") if constraints.get("required") else None
    if not isinstance(value, str):
        return None
    pattern = constraints.get("pattern")
    if pattern and not re.compile(f"^{pattern}$").match(value):
        hint = PATTERN_HINTS.get(name, "une valeur du vocabulaire du standard")
        return Problem(name, f"« {value} » ne convient pas au standard ({hint}).")
    limit = constraints.get("maxLength")
    if limit and len(value) + extra_length > limit:
        return Problem(name, f"{limit - extra_length} caractères au plus ({len(value)} saisis).")
    return None


def check(values: dict[str, Any]) -> list[Problem]:
    """What keeps these values from a valid row; a text that a spreadsheet would run as a formula
    is written with a leading quote in CSV, so it must leave room for it under a length limit."""
    problems = []
    for field in schema_fields():
        value = values.get(field["name"])
        extra = 1 if isinstance(value, str) and is_dangerous(value) else 0
        problem = _problem(field, value, extra_length=extra)
        if problem:
            problems.append(problem)
    return problems


@dataclass(frozen=True)
class Skipped:
    place: Place
    problems: list[Problem]

    def __str__(self) -> str:
        return f"« {self.place.name} » ({self.place.uuid}) : " + " ; ".join(map(str, self.problems))


def place_row(place: Place) -> dict[str, Any] | Skipped:
    """The standard row of `place`, or the reasons it cannot be exported."""
    values = standard_values(place)
    problems = check(values)
    return Skipped(place, problems) if problems else values
