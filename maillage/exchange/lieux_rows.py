"""One v1 record (standard v1.x, CSV or JSON) checked and turned into the values of a place.

A row is rejected only when the standard's required data is unusable (id, nom, adresse, code
postal, commune) or would not fit the database. Anything else that is wrong (hours, coordinates
outside France, unknown vocabulary values, a bad telephone, e-mail or URL) is dropped with a
warning: the place is still imported. See docs/import-lieux.md.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models

from maillage.exchange.lieux_export import STANDARD_LABELS as TRAINING_LABELS  # the closed list of formations_labels
from maillage.exchange.lieux_read import Issue, Record
from maillage.lib import identifiers
from maillage.lib.geo import coordinates_error
from maillage.lib.opening_hours import hours_error
from maillage.lib.phone import international_phone
from maillage.lib.text import normalise_name
from maillage.network import enums
from maillage.network.models import Place
from maillage.territory.models import Commune
from maillage.territory.picking import by_code, named
from maillage.territory.rejections import stored_text_errors

NO_SIRET = "00000000000000"
# v1 column -> (Place field, vocabulary) for the lists of the standard.
VOCABULARIES: dict[str, tuple[str, type[models.TextChoices]]] = {
    "typologie": ("typology", enums.Typology),
    "services": ("services", enums.Service),
    "publics_specifiquement_adresses": ("publics", enums.Public),
    "prise_en_charge_specifique": ("specific_support", enums.SpecificSupport),
    "frais_a_charge": ("fees", enums.Fees),
    "dispositif_programmes_nationaux": ("programmes", enums.NationalProgramme),
    "modalites_acces": ("access_modes", enums.AccessMode),
    "modalites_accompagnement": ("support_modes", enums.SupportMode),
}
TEXTS = {
    "presentation_detail": "description",
    "complement_adresse": "address_complement",
}
URLS = {"fiche_acces_libre": "accessibility_url", "prise_rdv": "appointment_url"}
COLUMN_OF = {
    "name": "nom",
    "address": "adresse",
    "external_id": "id",
    "source": "source",
    "summary": "presentation_resume",
    "labels": "formations_labels",
    "other_labels": "autres_formations_labels",
    **{name: column for column, name in TEXTS.items()},
}
SUMMARY_MAX = 280


@dataclass
class PlaceRow:
    position: int
    unit: str
    external_id: str
    source: str
    pivot: str
    structure_name: str
    values: dict[str, Any]
    warnings: list[Issue] = field(default_factory=list)

    @property
    def address_key(self) -> str:
        return normalise_name(f"{self.values['address']} {self.values['postcode']}")


class _Rejected(Exception):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column, self.reason = column, reason


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(_text(item) for item in value if _text(item))
    return " ".join(str(value).split())


def _items(value: Any) -> list[str]:
    return [part.strip() for part in _text(value).split("|") if part.strip()]


@lru_cache(maxsize=16)
def _labels(vocabulary: type[models.TextChoices]) -> dict[str, str]:
    by_key = {normalise_name(label): code for code, label in vocabulary.choices}
    by_key.update({normalise_name(code): code for code in vocabulary.values})
    return by_key


@lru_cache(maxsize=4096)
def find_commune(code: str, postcode: str, name: str) -> Commune | None:
    """By INSEE code (former communes lead to the current one), else by postcode and name."""
    commune = Commune.objects.resolve_code(code) if code else None
    if commune is not None:
        return commune
    if not postcode:
        return None
    candidates = list(by_code(postcode).distinct())
    if name:
        named_codes = set(named(name).values_list("code", flat=True))
        same_name = [commune for commune in candidates if commune.code in named_codes]
        if len(same_name) == 1:
            return same_name[0]
    return candidates[0] if len(candidates) == 1 else None


class RowReader:
    """Reads one record; `warn` collects what is dropped, `_Rejected` what refuses the row."""

    def __init__(self, record: Record, default_source: str, today: dt.date) -> None:
        self.record, self.values = record, record.values
        self.default_source, self.today = default_source, today
        self.warnings: list[Issue] = list(record.warnings)
        self.place: dict[str, Any] = {}

    def warn(self, column: str, reason: str) -> None:
        self.warnings.append(Issue(self.record.position, column, reason, self.record.unit))

    def has(self, column: str) -> bool:
        return column in self.values

    def text(self, column: str, *, required: bool = False) -> str:
        text = _text(self.values.get(column))
        if required and not text:
            raise _Rejected(column, "valeur manquante (champ obligatoire du standard).")
        return text

    def read(self) -> PlaceRow:
        external_id = self.text("id", required=True)
        self.place["name"] = self.text("nom", required=True)
        self.place["address"] = self.text("adresse", required=True)
        postcode = self.text("code_postal", required=True)
        if not re.fullmatch(r"\d{5}", postcode):
            raise _Rejected("code_postal", f"code postal « {postcode} » invalide (5 chiffres attendus).")
        self.place["postcode"] = postcode
        self.place["commune_id"] = self.commune(postcode).code
        for column, name in TEXTS.items():
            if self.has(column):
                self.place[name] = self.text(column)
        self.summary()
        self.coordinates()
        self.hours()
        self.contact()
        self.lists()
        self.place["updated_on"] = self.date_maj()
        self.place["is_published"] = True
        pivot = identifiers.normalise_pivot(self.text("pivot"))
        if pivot != NO_SIRET and identifiers.pivot_error(pivot):
            if pivot:
                self.warn("pivot", f"« {pivot} » n'est ni un SIRET ni un RNA valide : lieu rattaché à la source.")
            pivot = ""
        source = (self.text("source") or self.default_source)[:100]
        parent = self.text("structure_parente")
        return PlaceRow(
            position=self.record.position,
            unit=self.record.unit,
            external_id=external_id,
            source=source,
            pivot="" if pivot == NO_SIRET else pivot,
            structure_name=(parent or self.place["name"])[:200],
            values=self.place,
            warnings=self.warnings,
        )

    def commune(self, postcode: str) -> Commune:
        code = self.text("code_insee").upper()
        name = self.text("commune")
        commune = find_commune(code, postcode, name)
        if commune is None:
            given = " ".join(
                part for part in (f"code INSEE « {code} »" if code else "", f"« {name} {postcode} »") if part
            )
            raise _Rejected("code_insee" if code else "commune", f"commune introuvable ({given}).")
        return commune

    def summary(self) -> None:
        if not self.has("presentation_resume"):
            return
        text = self.text("presentation_resume")
        if len(text) > SUMMARY_MAX:
            self.warn("presentation_resume", f"{len(text)} caractères, raccourci à {SUMMARY_MAX}.")
            if not self.place.get("description"):
                self.place["description"] = text
            text = text[: SUMMARY_MAX - 1].rstrip() + "…"
        self.place["summary"] = text

    def coordinates(self) -> None:
        if not (self.has("latitude") or self.has("longitude")):
            return
        lat, lon = self.number("latitude"), self.number("longitude")
        error = coordinates_error(lat, lon)
        if error:
            self.warn("latitude, longitude", f"{error} Lieu importé sans position.")
            lat = lon = None
        self.place["lat"], self.place["lon"] = lat, lon

    def number(self, column: str) -> float | None:
        text = self.text(column).replace(",", ".")
        try:
            value = float(text) if text else None
        except ValueError:
            value = math.nan
        return value if value is None or math.isfinite(value) else math.nan

    def hours(self) -> None:
        text = self.text("horaires")
        if not text:
            self.warn("horaires", "horaires absents : lieu importé avec des horaires inconnus.")
        elif hours_error(text) or len(text) > 500:
            self.warn("horaires", f"« {text[:80]} » n'est pas au format OpenStreetMap : horaires laissés vides.")
            text = ""
        if self.has("horaires"):
            self.place["opening_hours"] = text

    def contact(self) -> None:
        if self.has("telephone"):
            raw = self.text("telephone")
            phone = international_phone(raw) if raw else ""
            if phone is None:
                self.warn("telephone", f"numéro « {raw} » illisible, ignoré.")
            self.place["phone"] = phone or ""
        if self.has("courriels"):
            kept = []
            for address in re.split(r"[\s;,|]+", self.text("courriels")):
                if not address:
                    continue
                try:
                    validate_email(address)
                    kept.append(address)
                except ValidationError:
                    self.warn("courriels", f"adresse « {address} » invalide, ignorée.")
            self.place["emails"] = ", ".join(dict.fromkeys(kept))[:500]
        if self.has("site_web"):
            sites = [url for url in (self.url("site_web", item) for item in _items(self.values["site_web"])) if url]
            for extra in sites[1:]:
                self.warn("site_web", f"un seul site web est gardé : « {extra} » ignoré.")
            self.place["website"] = sites[0] if sites else ""
        for column, name in URLS.items():
            if self.has(column):
                self.place[name] = self.url(column, self.text(column))

    def url(self, column: str, text: str) -> str:
        if not text:
            return ""
        try:
            URLValidator(schemes=["http", "https"])(text)
        except ValidationError:
            self.warn(column, f"adresse web « {text[:80]} » invalide, ignorée.")
            return ""
        if len(text) > 200:
            self.warn(column, "adresse web de plus de 200 caractères, ignorée.")
            return ""
        return text

    def lists(self) -> None:
        for column, (name, vocabulary) in VOCABULARIES.items():
            if not self.has(column):
                continue
            codes: list[str] = []
            for value in _items(self.values[column]):
                code = _labels(vocabulary).get(normalise_name(value))
                if code is None:
                    self.warn(column, f"valeur « {value} » inconnue du standard, ignorée.")
                elif code not in codes:
                    codes.append(code)
            self.place[name] = codes
        if self.has("itinerance"):
            itinerant = "itinerant" in normalise_name(self.text("itinerance"))
            self.place["mobility"] = enums.Mobility.ITINERANT if itinerant else enums.Mobility.FIXED
        labels, others = [], _items(self.values.get("autres_formations_labels"))
        known = {normalise_name(label): label for label in TRAINING_LABELS}
        for value in _items(self.values.get("formations_labels")):
            label = known.get(normalise_name(value))
            if label is None:
                self.warn(
                    "formations_labels", f"« {value} » hors de la liste du standard : gardé dans les autres labels."
                )
                others.append(value)
            else:
                labels.append(label)
        if self.has("formations_labels") or self.has("autres_formations_labels"):
            self.place["labels"] = "|".join(dict.fromkeys(labels))
            self.place["other_labels"] = "|".join(dict.fromkeys(others))

    def date_maj(self) -> dt.date:
        text = self.text("date_maj")
        try:
            return dt.date.fromisoformat(text[:10])
        except ValueError:
            self.warn("date_maj", f"date « {text} » illisible (AAAA-MM-JJ attendu) : date du jour retenue.")
            return self.today


def parse_record(record: Record, *, default_source: str, today: dt.date) -> PlaceRow | Issue:
    reader = RowReader(record, default_source, today)
    try:
        row = reader.read()
    except _Rejected as exc:
        return Issue(record.position, exc.column, exc.reason, record.unit)
    if len(row.external_id) > 50:
        return Issue(record.position, "id", f"identifiant de {len(row.external_id)} caractères, 50 au plus.", row.unit)
    stored = {"external_id": row.external_id, "source": row.source, **row.values}
    for name, reason in stored_text_errors(Place, stored).items():
        return Issue(record.position, COLUMN_OF.get(name, name), reason, record.unit)
    return row
