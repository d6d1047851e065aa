"""Import of the national France Services list (one CSV row per France Services) into places.

Every row is read and checked first; rejected rows are listed with their line and column and
skipped; the valid ones are written in batches, each batch in one transaction. Rows are matched on
`id_fs` (stored as `Place.external_id` with `source="france-services"`), so a second run updates.
See docs/adr/0004-france-services-import.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from maillage.lib.geo import coordinates_error
from maillage.lib.opening_hours import Slot, WeekGrid, grid_to_osm, merge_slots
from maillage.lib.phone import international_phone
from maillage.lib.text import normalise_name
from maillage.lib.textfile import UnreadableFile, csv_records, read_text
from maillage.network import enums
from maillage.network.models import Partner, Place, Structure
from maillage.territory.models import Commune
from maillage.territory.rejections import Rejection, stored_text_errors

SOURCE = "france-services"
BATCH_SIZE = 500
DAY_COLUMNS = ("h_lundi", "h_mardi", "h_mercredi", "h_jeudi", "h_vendredi", "h_samedi")
REQUIRED_COLUMNS = (
    "id_fs",
    "lib_fs",
    "adresse",
    "complement_adresse",
    "insee_com",
    "code_postal",
    "latitude",
    "longitude",
    "mail",
    "telephone",
    *DAY_COLUMNS,
    "format_fs",
)
# The nine national partners every France Services handles procedures for (seeded by network/0002).
PARTNER_CODES = ("caf", "cpam", "cnav", "msa", "france_travail", "dgfip", "ants", "justice", "la_poste")
# format_fs, compared without case or accents. A multi-site France Services is several fixed sites.
MOBILITY = {
    "": enums.Mobility.FIXED,
    "fixe": enums.Mobility.FIXED,
    "fixe antenne s": enums.Mobility.FIXED,
    "multisites": enums.Mobility.FIXED,
    "bus equivalent": enums.Mobility.ITINERANT,
    "itinerant": enums.Mobility.ITINERANT,
    "itinerante": enums.Mobility.ITINERANT,
}
FS_SLOT = re.compile(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})")
HOURS_FORMAT = "« 09:00 - 12:00 / 13:30 - 17:00 »"
# Fields the file owns: overwritten on every import. Lists are merged instead (see `_merged`).
FILE_FIELDS = (
    "name",
    "commune_id",
    "postcode",
    "address",
    "address_complement",
    "lat",
    "lon",
    "phone",
    "emails",
    "opening_hours",
    "mobility",
)
# The column of the file each stored text comes from, to name it when the value cannot be stored.
COLUMN_OF = {
    "external_id": "id_fs",
    "name": "lib_fs",
    "postcode": "code_postal",
    "address": "adresse",
    "address_complement": "complement_adresse",
    "phone": "telephone",
    "emails": "mail",
    "opening_hours": f"{DAY_COLUMNS[0]} à {DAY_COLUMNS[-1]}",
    "mobility": "format_fs",
}
LIST_FIELDS = {
    "programmes": enums.NationalProgramme.FRANCE_SERVICES.value,
    "services": enums.Service.ADMIN_PROCEDURES.value,
    "typology": enums.Typology.RFS.value,
}


class ImportRefused(Exception):
    """The whole file is refused and nothing is written; the message is for the person importing."""


@dataclass
class PlaceRow:
    line: int
    external_id: str
    name: str
    commune_id: str
    postcode: str
    address: str
    address_complement: str
    lat: float
    lon: float
    phone: str
    emails: str
    opening_hours: str
    mobility: str

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in FILE_FIELDS}


@dataclass
class ParsedFile:
    rows: list[PlaceRow] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        return (
            f"{_count(self.created, 'lieu créé', 'lieux créés')}, {self.updated} mis à jour, "
            f"{_count(self.unchanged, 'inchangé', 'inchangés')}, "
            f"{_count(len(self.rejected), 'ligne rejetée', 'lignes rejetées')}."
        )


def _count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number < 2 else plural}"


# --- Reading the file (no database) -----------------------------------------------------------------


class _RowError(Exception):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column, self.reason = column, reason


@lru_cache(maxsize=4096)
def parse_day(text: str) -> tuple[Slot, ...]:
    """'09:00 - 12:00 / 13:30 - 17:00' -> slots; '00:00 - 00:00' (an empty slot) is dropped.

    Overlapping or repeated slots, which the national list has when it merges several desks, are
    joined. Raises ValueError with a French message for anything else.
    """
    slots: list[Slot] = []
    for part in (p.strip() for p in text.split("/")):
        if not part:
            continue
        match = FS_SLOT.fullmatch(part)
        try:
            if match is None:
                raise ValueError
            h1, m1, h2, m2 = (int(group) for group in match.groups())
            start, end = dt.time(h1, m1), dt.time(h2, m2)
        except ValueError:
            raise ValueError(f"horaires illisibles « {text.strip()} » : format attendu {HOURS_FORMAT}.") from None
        if end < start:
            raise ValueError(f"le créneau « {part} » se termine avant de commencer.")
        slots.append((start, end))
    return merge_slots(tuple(slots))


def current_commune_code(code: str) -> str:
    """The municipal arrondissements of Paris, Lyon and Marseille belong to their commune."""
    if re.fullmatch(r"751(0[1-9]|1\d|20)", code):
        return "75056"
    if re.fullmatch(r"6938[1-9]", code):
        return "69123"
    if re.fullmatch(r"132(0[1-9]|1[0-6])", code):
        return "13055"
    return code


def _text(values: dict[str, str], column: str, *, required: bool = True) -> str:
    """Spaces collapsed; the length is checked with every stored value (see `_storage_rejections`)."""
    text = " ".join(values[column].split())
    if required and not text:
        raise _RowError(column, "valeur manquante.")
    return text


def _commune(values: dict[str, str]) -> str:
    code = values["insee_com"].strip().upper()
    if not re.fullmatch(r"\d[\dAB]\d{3}", code):
        raise _RowError("insee_com", f"code commune « {code} » invalide (5 caractères attendus, ex. 01033).")
    return current_commune_code(code)


def _postcode(values: dict[str, str]) -> str:
    code = values["code_postal"].strip()
    if not re.fullmatch(r"\d{5}", code):
        raise _RowError("code_postal", f"code postal « {code} » invalide (5 chiffres attendus).")
    return code


def _coordinate(values: dict[str, str], column: str) -> float:
    text = values[column].strip().replace(",", ".")
    if not text:
        raise _RowError(column, "coordonnée manquante.")
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise _RowError(column, f"« {values[column].strip()} » n'est pas un nombre.")
    return value


def _position(lat: float, lon: float) -> tuple[float, float]:
    error = coordinates_error(lat, lon)
    if error:
        raise _RowError("latitude, longitude", error)
    return lat, lon


def _phone(values: dict[str, str]) -> str:
    text = values["telephone"].strip()
    normalised = international_phone(text) if text else ""
    if normalised is None:
        normalised = " ".join(text.split())
        if len(normalised) > 20:
            raise _RowError("telephone", f"numéro « {text} » illisible.")
    return normalised


def _emails(values: dict[str, str]) -> str:
    addresses = [part for part in re.split(r"[\s;,]+", values["mail"].strip()) if part and part != "-"]
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError:
            raise _RowError("mail", f"adresse « {address} » invalide.") from None
    return ", ".join(dict.fromkeys(addresses))


def _mobility(values: dict[str, str]) -> str:
    text = values["format_fs"].strip()
    mobility = MOBILITY.get(normalise_name(text))
    if mobility is None:
        raise _RowError("format_fs", f"format « {text} » inconnu (Fixe, Multisites, Itinérante, Bus_équivalent...).")
    return mobility.value


def _day(values: dict[str, str], column: str) -> tuple[Slot, ...]:
    try:
        return parse_day(values[column])
    except ValueError as exc:
        raise _RowError(column, str(exc)) from None


def parse_row(line: int, values: dict[str, str]) -> PlaceRow | list[Rejection]:
    """One row of the file as a place, or every reason it cannot be one."""
    rejections: list[Rejection] = []

    def read(reader: Any, *args: Any) -> Any:
        try:
            return reader(*args)
        except _RowError as exc:
            rejections.append(Rejection(line, exc.column, exc.reason))
            return None

    days = [read(_day, values, column) for column in DAY_COLUMNS]
    row = {
        "external_id": read(_text, values, "id_fs"),
        "name": read(_text, values, "lib_fs"),
        "commune_id": read(_commune, values),
        "postcode": read(_postcode, values),
        "address": read(_text, values, "adresse"),
        "address_complement": read(lambda: _text(values, "complement_adresse", required=False)),
        "lat": read(_coordinate, values, "latitude"),
        "lon": read(_coordinate, values, "longitude"),
        "phone": read(_phone, values),
        "emails": read(_emails, values),
        "opening_hours": None if None in days else grid_to_osm(WeekGrid(days=(*days, ()), closed_on_holidays=True)),
        "mobility": read(_mobility, values),
    }
    if row["lat"] is not None and row["lon"] is not None:
        read(_position, row["lat"], row["lon"])
    rejections += _storage_rejections(line, row)
    return rejections or PlaceRow(line=line, **row)


def _storage_rejections(line: int, row: dict[str, Any]) -> list[Rejection]:
    """NUL characters and overlong values, found on the place the row becomes, before any query."""
    errors = stored_text_errors(Place, {name: value for name, value in row.items() if value is not None})
    return [Rejection(line, COLUMN_OF.get(name, name), reason) for name, reason in errors.items()]


def _records(path: Path) -> Iterable[tuple[int, dict[str, str] | str]]:
    """(first line, values or what is wrong) of every non-blank record; values may span several lines."""
    try:
        header, records = csv_records(read_text(path))
    except UnreadableFile as exc:
        raise ImportRefused(str(exc)) from exc
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ImportRefused(f"{path.name} : colonnes manquantes : {', '.join(missing)}.")
    return records


def parse_file(path: Path) -> ParsedFile:
    """Read and check every row; raise ImportRefused when the file itself is unusable."""
    parsed = ParsedFile()
    lines_of: dict[str, list[int]] = defaultdict(list)
    try:
        for line, values in _records(path):
            if isinstance(values, str):
                parsed.rejected.append(Rejection(line, "", values))
                continue
            lines_of[values["id_fs"].strip()].append(line)
            result = parse_row(line, values)
            if isinstance(result, PlaceRow):
                parsed.rows.append(result)
            else:
                parsed.rejected.extend(result)
    except csv.Error as exc:
        raise ImportRefused(f"{path.name} : fichier CSV illisible ({exc}).") from exc
    duplicated = {ident: lines for ident, lines in lines_of.items() if ident and len(lines) > 1}
    for ident, lines in duplicated.items():
        listed = ", ".join(map(str, lines))
        parsed.rejected += [
            Rejection(line, "id_fs", f"identifiant « {ident} » présent plusieurs fois (lignes {listed}).")
            for line in lines
        ]
    parsed.rows = [row for row in parsed.rows if row.external_id not in duplicated]
    return parsed


# --- Writing places ---------------------------------------------------------------------------------


def france_services_partners() -> list[Partner]:
    partners = list(Partner.objects.filter(code__in=PARTNER_CODES))
    missing = sorted(set(PARTNER_CODES) - {p.code for p in partners})
    if missing:
        raise ImportRefused(f"Partenaires France Services introuvables : {', '.join(missing)}.")
    return partners


def _merged(current: list[str], code: str) -> list[str]:
    return current if code in current else [*current, code]


def _write_batch(rows: list[PlaceRow], structure: Structure, partners: list[Partner], report: ImportReport) -> None:
    existing = Place.objects.filter(source=SOURCE, external_id__in=[row.external_id for row in rows])
    by_id = {place.external_id: place for place in existing}
    created: list[Place] = []
    changed: list[Place] = []
    for row in rows:
        place = by_id.get(row.external_id)
        if place is None:
            place = Place(structure=structure, source=SOURCE, external_id=row.external_id, **row.values())
            for name, code in LIST_FIELDS.items():
                setattr(place, name, [code])
            place.set_indexes()
            created.append(place)
            continue
        wanted = row.values() | {name: _merged(getattr(place, name), code) for name, code in LIST_FIELDS.items()}
        if all(getattr(place, name) == value for name, value in wanted.items()):
            report.unchanged += 1
            continue
        for name, value in wanted.items():
            setattr(place, name, value)
        place.updated_on = timezone.localdate()
        place.set_indexes()
        changed.append(place)
    Place.objects.bulk_create(created)
    Place.objects.bulk_update(changed, [*FILE_FIELDS, *LIST_FIELDS, "services_index", "languages_index", "updated_on"])
    links = Place.partners.through
    present = set(
        links.objects.filter(place_id__in=[place.id for place in by_id.values()]).values_list("place_id", "partner_id")
    )
    pairs = ((place.id, partner.id) for place in (*by_id.values(), *created) for partner in partners)
    links.objects.bulk_create(
        [
            links(place_id=place_id, partner_id=partner_id)
            for place_id, partner_id in pairs
            if (place_id, partner_id) not in present
        ]
    )
    report.created += len(created)
    report.updated += len(changed)


def import_france_services(path: Path, *, structure: Structure, batch_size: int = BATCH_SIZE) -> ImportReport:
    """Create or update one place per valid row, attached to `structure` when created."""
    parsed = parse_file(path)
    partners = france_services_partners()
    report = ImportReport(rejected=parsed.rejected)
    current = Commune.objects.current_codes(row.commune_id for row in parsed.rows)
    rows = []
    for row in parsed.rows:
        if row.commune_id in current:
            row.commune_id = current[row.commune_id]  # a former commune's code: the commune holding it today
            rows.append(row)
        else:
            reason = f"code commune « {row.commune_id} » inconnu de la géographie officielle."
            report.rejected.append(Rejection(row.line, "insee_com", reason))
    for start in range(0, len(rows), batch_size):
        with transaction.atomic():
            _write_batch(rows[start : start + batch_size], structure, partners, report)
    report.rejected.sort()
    return report
