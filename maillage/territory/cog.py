"""Load the official geography (COG) from @etalab/decoupage-administratif, and commune centres."""

from __future__ import annotations

import csv
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction

from maillage.lib.geo import coordinates_error
from maillage.lib.text import normalise_name
from maillage.lib.textfile import UnreadableFile, csv_records, read_text
from maillage.territory.enums import CommuneAliasKind
from maillage.territory.models import Commune, CommuneAlias, Departement, Epci, PostalCode, Region
from maillage.territory.rejections import Rejection, stored_text_errors

KEPT_COMMUNE_TYPES = {"commune-actuelle"}
# Centres and cantons of every commune, shipped with the code (ODbL 1.0: see data/README.md beside it).
DEFAULT_CENTRES = Path(__file__).resolve().parent / "data" / "commune-centres.csv"
ALIAS_TYPES = {
    "commune-deleguee": CommuneAliasKind.DELEGATED,
    "commune-associee": CommuneAliasKind.ASSOCIATED,
    "arrondissement-municipal": CommuneAliasKind.MUNICIPAL_DISTRICT,
}
COMMUNE_CODE = re.compile(r"\d[\dAB]\d{3}")
# Département (2 or 3 characters) and number: 0108, 2A01, 97101.
CANTON_CODE = re.compile(r"\d[\dAB]\d{2,3}")


class GeoDataError(Exception):
    """A reference file is missing or malformed; the message is for the person running the command."""


@dataclass
class LoadReport:
    regions: int = 0
    departements: int = 0
    epci: int = 0
    communes: int = 0
    aliases: int = 0
    postcodes: int = 0


def _read(directory: Path, name: str) -> list[dict]:
    path = directory / name
    if not path.exists():
        raise GeoDataError(f"Fichier introuvable : {path}. Lancez « make install » pour le télécharger.")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise GeoDataError(f"{path} : JSON illisible ({exc}).") from exc
    if not isinstance(data, list):
        raise GeoDataError(f"{path} : une liste était attendue.")
    return data


@transaction.atomic
def load_cog(data_dir: Path) -> LoadReport:
    """Insert or update régions, départements, EPCI and communes (idempotent, all or nothing)."""
    regions = _read(data_dir, "regions.json")
    departements = _read(data_dir, "departements.json")
    epcis = _read(data_dir, "epci.json")
    communes = _read(data_dir, "communes.json")
    report = LoadReport()

    Region.objects.bulk_create(
        [Region(code=r["code"], name=r["nom"]) for r in regions],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name"],
    )
    report.regions = len(regions)
    Departement.objects.bulk_create(
        [Departement(code=d["code"], name=d["nom"], region_id=d["region"]) for d in departements],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "region"],
    )
    report.departements = len(departements)
    epci_of: dict[str, str] = {}
    for e in epcis:
        for member in e.get("membres", []):
            epci_of[member["code"]] = e["code"]
    Epci.objects.bulk_create(
        [
            Epci(
                code=e["code"],
                name=e["nom"],
                kind=e.get("type", ""),
                population=e.get("populationMunicipale") or 0,
            )
            for e in epcis
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "kind", "population"],
    )
    report.epci = len(epcis)
    known_departements = {d["code"] for d in departements}
    rows = []
    postcodes: list[tuple[str, str]] = []
    for c in communes:
        if c.get("type") not in KEPT_COMMUNE_TYPES or c.get("departement") not in known_departements:
            continue
        rows.append(
            Commune(
                code=c["code"],
                name=c["nom"],
                search_name=normalise_name(c["nom"]),
                departement_id=c["departement"],
                epci_id=epci_of.get(c["code"]),
                population=c.get("population") or 0,
            )
        )
        postcodes += [(code, c["code"]) for code in c.get("codesPostaux", [])]
    Commune.objects.bulk_create(
        rows,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "search_name", "departement", "epci", "population"],
    )
    report.communes = len(rows)
    PostalCode.objects.bulk_create(
        [PostalCode(code=code, commune_id=commune) for code, commune in postcodes],
        batch_size=5000,
        ignore_conflicts=True,
    )
    report.postcodes = len(postcodes)
    report.aliases = _load_aliases(communes, {row.code for row in rows})
    return report


def _load_aliases(communes: list[dict], current: set[str]) -> int:
    """Former communes and municipal districts, each pointing at the current commune holding it.

    A commune déléguée often keeps the code of its commune nouvelle (the chef-lieu): that code is
    already a current commune and needs no alias.
    """
    aliases = {}
    for c in communes:
        kind = ALIAS_TYPES.get(c.get("type", ""))
        holder = c.get("chefLieu") or c.get("commune")
        if kind is None or c["code"] in current or holder not in current:
            continue
        aliases[c["code"]] = CommuneAlias(
            code=c["code"], name=c["nom"], search_name=normalise_name(c["nom"]), kind=kind, commune_id=holder
        )
    CommuneAlias.objects.bulk_create(
        list(aliases.values()),
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "search_name", "kind", "commune"],
    )
    return len(aliases)


@dataclass
class CentresReport:
    updated: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    without_centre: list[str] = field(default_factory=list)


@dataclass
class _Centre:
    line: int
    code: str
    lat: float | None
    lon: float | None
    canton: str | None


def _coordinate(raw: str, column: str, rejected: list[Rejection], line: int) -> float | None:
    text = raw.strip().replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if math.isfinite(value):
        return value
    rejected.append(Rejection(line, column, f"« {raw.strip()} » n'est pas un nombre." if text else "valeur manquante."))
    return None


def _centre(line: int, values: dict[str, str], has_canton: bool) -> _Centre | list[Rejection]:
    """One row as a commune centre, or every reason it cannot be one."""
    rejected: list[Rejection] = []
    code = values["code"].strip().upper()
    canton = values["canton"].strip().upper() if has_canton else None
    stored = stored_text_errors(Commune, {"code": code, "canton": canton or ""})
    rejected += [Rejection(line, name, reason) for name, reason in stored.items()]
    if not code:
        rejected.append(Rejection(line, "code", "code INSEE manquant."))
    elif "code" not in stored and not COMMUNE_CODE.fullmatch(code):
        rejected.append(
            Rejection(line, "code", f"code commune « {code} » invalide (5 caractères attendus, ex. 01033).")
        )
    if canton and "canton" not in stored and not CANTON_CODE.fullmatch(canton):
        rejected.append(
            Rejection(line, "canton", f"code canton « {canton} » invalide (4 ou 5 caractères, ex. 0108 ou 97101).")
        )
    lat = lon = None
    if values["lat"].strip() or values["lon"].strip():
        lat = _coordinate(values["lat"], "lat", rejected, line)
        lon = _coordinate(values["lon"], "lon", rejected, line)
        error = coordinates_error(lat, lon) if lat is not None and lon is not None else None
        if error:
            rejected.append(Rejection(line, "lat, lon", error))
    return rejected or _Centre(line, code, lat, lon, canton)


def read_centres(path: Path) -> tuple[list[_Centre], list[Rejection]]:
    """Every row of a `code,lat,lon[,canton]` file checked, without the database; GeoDataError when the
    file itself is unusable (missing, not text, columns missing)."""
    try:
        header, records = csv_records(read_text(path))
        missing = sorted({"code", "lat", "lon"} - set(header))
        if missing:
            raise GeoDataError(f"{path.name} : colonnes manquantes : {', '.join(missing)}.")
        has_canton = "canton" in header
        centres: list[_Centre] = []
        rejected: list[Rejection] = []
        for line, values in records:
            result = Rejection(line, "", values) if isinstance(values, str) else _centre(line, values, has_canton)
            if isinstance(result, _Centre):
                centres.append(result)
            else:
                rejected += [result] if isinstance(result, Rejection) else result
    except UnreadableFile as exc:
        raise GeoDataError(str(exc)) from exc
    except csv.Error as exc:
        raise GeoDataError(f"{path.name} : fichier CSV illisible ({exc}).") from exc
    lines_of: dict[str, list[int]] = defaultdict(list)
    for centre in centres:
        lines_of[centre.code].append(centre.line)
    for code, lines in lines_of.items():
        if len(lines) > 1:
            listed = ", ".join(map(str, lines))
            rejected += [
                Rejection(line, "code", f"code « {code} » présent plusieurs fois (lignes {listed}).") for line in lines
            ]
    return centres, rejected


def import_centres(path: Path) -> CentresReport:
    """Read `code,lat,lon[,canton]`; reject the whole file when any row is bad (nothing half-written).

    Rows with neither latitude nor longitude leave their commune as it is (counted, not rejected).
    """
    centres, rejected = read_centres(path)
    known = set(Commune.objects.filter(code__in=[centre.code for centre in centres]).values_list("code", flat=True))
    for centre in centres:
        if centre.code not in known:
            reason = f"code commune « {centre.code} » inconnu de la géographie officielle (commune fusionnée ?)."
            rejected.append(Rejection(centre.line, "code", reason))
    report = CentresReport(rejected=sorted(rejected))
    if report.rejected:
        return report
    located = [centre for centre in centres if centre.lat is not None]
    report.without_centre = [centre.code for centre in centres if centre.lat is None]
    table = connection.ops.quote_name(Commune._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        with_canton = [(c.lat, c.lon, c.canton, c.code) for c in located if c.canton is not None]
        without = [(c.lat, c.lon, c.code) for c in located if c.canton is None]
        if with_canton:
            cursor.executemany(f"UPDATE {table} SET lat = %s, lon = %s, canton = %s WHERE code = %s", with_canton)  # noqa: S608
        if without:
            cursor.executemany(f"UPDATE {table} SET lat = %s, lon = %s WHERE code = %s", without)  # noqa: S608
    report.updated = len(located)
    return report
