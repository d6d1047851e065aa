"""Published places as data·inclusion v1 `structures` and `services` (docs/data-inclusion.md).

One data·inclusion structure per published place (the schema's structure is an establishment with
an address and opening hours, see docs/adr/0010-data-inclusion-mapping.md), and one service per
place and Maillage service. Every row is checked by the `data-inclusion-schema` models, warnings
included, before it is published: a row the schema refuses is left out and reported in French,
never published broken. Only the place's public contact is exported, never a person's. Text is kept
as written, as in the national-standard JSON: JSON has no cells, and a quote added for spreadsheets
would corrupt the data data·inclusion stores.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pydantic
from data_inclusion.schema.v1 import Frais, ModeAccueil, Public
from data_inclusion.schema.v1 import Service as DiService
from data_inclusion.schema.v1 import Structure as DiStructure
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from maillage.exchange import datainclusion_vocabulary as vocabulary
from maillage.exchange.datainclusion_errors import french_reason
from maillage.exchange.lieux_export import LICENCE_NAME, LICENCE_URL
from maillage.lib.opening_hours import hours_error
from maillage.network import enums
from maillage.network.models import Place
from maillage.network.presentation import MIN_LENGTH, presentation

# The same licence as the national-standard files.
LICENCE = LICENCE_NAME
__all__ = ["LICENCE", "LICENCE_URL", "build", "gaps", "last_modified", "published_places"]
NAME_LENGTH = (3, 150)
DESCRIPTION_MAX = 10_000  # the schema's limit on `description`

Row = dict[str, Any]

_email = pydantic.TypeAdapter(pydantic.EmailStr)
_url = pydantic.TypeAdapter(pydantic.HttpUrl)


@dataclass
class Export:
    structures: list[Row] = field(default_factory=list)
    services: list[Row] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # French, one line per place or row left out

    def summary(self) -> str:
        return (
            f"{len(self.structures)} structure(s) et {len(self.services)} service(s) data·inclusion, "
            f"{len(self.left_out)} élément(s) écarté(s)."
        )


def published_places() -> QuerySet[Place]:
    return Place.objects.public().select_related("structure__network", "commune").order_by("pk")


def last_modified(places: Iterable[Place]) -> dt.date | None:
    return max((place.updated_on for place in places), default=None)


def build(places: Iterable[Place], *, base_url: str = "") -> Export:
    """Rows for these places; `base_url` ("https://maillage.example.org") fills `lien_source`."""
    source = settings.DATA_INCLUSION_SOURCE
    export = Export()
    for place in places:
        name = _name(place.name)
        if not NAME_LENGTH[0] <= len(name) <= NAME_LENGTH[1]:
            export.left_out.append(f"{place.name} : nom de {len(name)} caractère(s), 3 à 150 attendus.")
            continue
        structure = _structure_row(place, source=source, name=name, base_url=base_url)
        if not _accepted(DiStructure, structure, place, export):
            continue
        export.structures.append(structure)
        text = presentation(place.summary, place.description)
        if place.services and not text:
            export.left_out.append(
                f"{place.name} : services non publiés, présentation du lieu absente (au moins {MIN_LENGTH} caractères)."
            )
            continue
        for code in place.services:
            service = _service_row(place, enums.Service(code), structure=structure, description=text)
            if _accepted(DiService, service, place, export):
                export.services.append(service)
    return export


def gaps(place: Place) -> list[str]:
    """What keeps a published place, or its services, out of the data·inclusion files, in French
    (the checks `build` makes before the schema's own; the schema may still refuse a row)."""
    if not place.is_published:
        return []
    found = []
    length = len(_name(place.name))
    if not NAME_LENGTH[0] <= length <= NAME_LENGTH[1]:
        found.append(
            f"Nom : {NAME_LENGTH[0]} à {NAME_LENGTH[1]} caractères ({length} saisis), sinon le lieu est absent."
        )
        return found
    text = presentation(place.summary, place.description)
    if place.services and not text:
        found.append(
            f"Présentation courte ou détaillée : à renseigner (au moins {MIN_LENGTH} caractères), "
            "sinon ses services ne sont pas publiés."
        )
    elif len(text) > DESCRIPTION_MAX:
        found.append(
            f"Présentation détaillée : {DESCRIPTION_MAX} caractères au plus ({len(text)} saisis), "
            "sinon le lieu est absent."
        )
    return found


def _accepted(model: type[pydantic.BaseModel], row: Row, place: Place, export: Export) -> bool:
    try:
        model.model_validate(row, context={"ignore_warnings": False})
    except pydantic.ValidationError as error:
        reasons = "; ".join(french_reason(e) for e in error.errors())
        export.left_out.append(f"{place.name} : refusé par le schéma data·inclusion ({reasons}).")
        return False
    return True


def _name(value: str) -> str:
    name = value.strip()
    while name.endswith(".") and not name.endswith("etc."):
        name = name[:-1].rstrip()
    return name


def _text(value: str) -> str | None:
    return value.strip() or None


def _checked(adapter: pydantic.TypeAdapter[Any], value: str) -> str | None:
    if not value:
        return None
    try:
        adapter.validate_python(value)
    except pydantic.ValidationError:
        return None
    return value


def _contact(place: Place) -> Row:
    emails = [e.strip() for e in place.emails.split(",")]
    return {
        "telephone": place.phone or None,
        "courriel": next((e for e in emails if _checked(_email, e)), None),
        "site_web": _checked(_url, place.website) or _checked(_url, place.structure.website),
    }


def _place_fields(place: Place) -> Row:
    return {
        "commune": place.commune.name,
        "code_postal": place.postcode,
        "code_insee": place.commune_id,
        "adresse": _text(place.address),
        "complement_adresse": _text(place.address_complement),
        "longitude": place.lon,
        "latitude": place.lat,
        "horaires_accueil": place.opening_hours
        if place.opening_hours and not hours_error(place.opening_hours)
        else None,
        **_contact(place),
    }


def _networks(place: Place) -> list[str] | None:
    found = {vocabulary.PROGRAMMES[enums.NationalProgramme(code)] for code in place.programmes}
    network = place.structure.network
    if network is not None:
        found.add(vocabulary.NETWORK_KINDS[enums.NetworkKind(network.kind)])
    return sorted(str(value) for value in found if value is not None) or None


def _structure_row(place: Place, *, source: str, name: str, base_url: str) -> Row:
    pivot = place.structure.pivot
    return {
        "source": source,
        "id": f"{source}--{place.uuid}",
        "nom": name,
        "date_maj": min(place.updated_on, timezone.localdate()).isoformat(),
        "description": _text(presentation(place.summary, place.description)) or None,
        "lien_source": f"{base_url.rstrip('/')}{place.get_absolute_url()}" if base_url else None,
        "siret": pivot if pivot.isdigit() else None,
        **_place_fields(place),
        "accessibilite_lieu": _checked(_url, place.accessibility_url),
        "reseaux_porteurs": _networks(place),
    }


def _fees(place: Place) -> tuple[str | None, str | None]:
    fees = [enums.Fees(code) for code in place.fees]
    found = {vocabulary.FEES[fee] for fee in fees}
    if not found:
        return None, None
    if found == {Frais.GRATUIT}:
        return str(Frais.GRATUIT), None
    details = None if fees == [enums.Fees.PAID] else ", ".join(fee.label for fee in fees)
    return str(Frais.PAYANT), details


def _publics(place: Place) -> tuple[list[str], str | None]:
    publics = sorted(str(vocabulary.PUBLICS[enums.Public(code)]) for code in place.publics)
    support = [enums.SpecificSupport(code).label for code in place.specific_support]
    details = f"Prise en charge spécifique : {', '.join(support)}." if support else None
    return publics or [str(Public.TOUS_PUBLICS)], details


def _reception(place: Place) -> list[str] | None:
    modes = {vocabulary.SUPPORT_MODES[enums.SupportMode(code)] for code in place.support_modes}
    if not modes and enums.AccessMode.NO_PUBLIC not in place.access_modes:
        modes = {ModeAccueil.EN_PRESENTIEL}
    return sorted(str(mode) for mode in modes) or None


def _mobilisation(place: Place, contact: Row) -> tuple[list[str] | None, list[str] | None]:
    reachable = {
        enums.AccessMode.WALK_IN: True,
        enums.AccessMode.PHONE: bool(contact["telephone"]),
        enums.AccessMode.EMAIL: bool(contact["courriel"]),
        enums.AccessMode.ONLINE_APPOINTMENT: bool(_checked(_url, place.appointment_url)),
        enums.AccessMode.PRESCRIPTION: bool(contact["courriel"]),
    }
    modes, who = set(), set()
    for code in place.access_modes:
        access = enums.AccessMode(code)
        mode, person = vocabulary.ACCESS_MODES[access]
        if mode is not None and reachable.get(access):
            modes.add(str(mode))
            who.add(str(person))
    return sorted(modes) or None, sorted(who) or None


def _service_row(place: Place, service: enums.Service, *, structure: Row, description: str) -> Row:
    themes, kind = vocabulary.SERVICES[service]
    frais, frais_precisions = _fees(place)
    publics, publics_precisions = _publics(place)
    contact = {key: structure[key] for key in ("telephone", "courriel")}
    modes, who = _mobilisation(place, contact)
    return {
        "source": structure["source"],
        "structure_id": structure["id"],
        "id": f"{structure['id']}--{service.value}",
        "nom": service.label,
        "description": _text(description),
        "lien_source": structure["lien_source"],
        "date_maj": structure["date_maj"],
        "type": str(kind),
        "thematiques": sorted(str(theme) for theme in themes),
        "frais": frais,
        "frais_precisions": frais_precisions,
        "publics": publics,
        "publics_precisions": publics_precisions,
        **{key: structure[key] for key in ("commune", "code_postal", "code_insee", "adresse", "complement_adresse")},
        "longitude": place.lon,
        "latitude": place.lat,
        **contact,
        "modes_accueil": _reception(place),
        "lien_mobilisation": _checked(_url, place.appointment_url),
        "modes_mobilisation": modes,
        "mobilisable_par": who,
        "horaires_accueil": structure["horaires_accueil"],
    }
