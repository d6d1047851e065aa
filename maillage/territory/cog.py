"""Load the official geography (COG) from @etalab/decoupage-administratif, and commune centres."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction

from maillage.lib.geo import coordinates_error
from maillage.lib.text import normalise_name
from maillage.territory.enums import CommuneAliasKind
from maillage.territory.models import Commune, CommuneAlias, Departement, Epci, PostalCode, Region

KEPT_COMMUNE_TYPES = {"commune-actuelle"}
# Centres and cantons of every commune, shipped with the code (ODbL 1.0: see data/README.md beside it).
DEFAULT_CENTRES = Path(__file__).resolve().parent / "data" / "commune-centres.csv"
ALIAS_TYPES = {
    "commune-deleguee": CommuneAliasKind.DELEGATED,
    "commune-associee": CommuneAliasKind.ASSOCIATED,
    "arrondissement-municipal": CommuneAliasKind.MUNICIPAL_DISTRICT,
}


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
    rejected: list[tuple[int, str]] = field(default_factory=list)
    without_centre: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


def import_centres(path: Path) -> CentresReport:
    """Read `code,lat,lon[,canton]`; reject the whole file when any row is bad (nothing half-written)."""
    report = CentresReport()
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise GeoDataError(f"Impossible de lire {path} : {exc.strerror}.") from exc
    with handle:
        reader = csv.DictReader(handle)
        missing = {"code", "lat", "lon"} - set(reader.fieldnames or [])
        if missing:
            raise GeoDataError(f"{path} : colonnes manquantes : {', '.join(sorted(missing))}.")
        has_canton = "canton" in (reader.fieldnames or [])
        parsed: dict[str, tuple[float, float, str | None]] = {}
        for line, row in enumerate(reader, start=2):
            code = (row.get("code") or "").strip()
            if not code:
                report.rejected.append((line, f"{path.name}, ligne {line} : code INSEE manquant."))
                continue
            if not (row.get("lat") or "").strip() and not (row.get("lon") or "").strip():
                report.without_centre.append(code)
                continue
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except (TypeError, ValueError):
                report.rejected.append((line, f"{path.name}, ligne {line} : latitude ou longitude non numérique."))
                continue
            error = coordinates_error(lat, lon)
            if error:
                report.rejected.append((line, f"{path.name}, ligne {line} : {error}"))
                continue
            parsed[code] = (lat, lon, (row.get("canton") or "").strip() if has_canton else None)
    known = set(Commune.objects.filter(code__in=list(parsed)).values_list("code", flat=True))
    report.unknown = sorted(set(parsed) - known)
    if report.rejected:
        return report
    table = connection.ops.quote_name(Commune._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        with_canton = [
            (lat, lon, canton, code)
            for code, (lat, lon, canton) in parsed.items()
            if code in known and canton is not None
        ]
        without = [(lat, lon, code) for code, (lat, lon, canton) in parsed.items() if code in known and canton is None]
        if with_canton:
            cursor.executemany(f"UPDATE {table} SET lat = %s, lon = %s, canton = %s WHERE code = %s", with_canton)  # noqa: S608
        if without:
            cursor.executemany(f"UPDATE {table} SET lat = %s, lon = %s WHERE code = %s", without)  # noqa: S608
    report.updated = len(with_canton) + len(without)
    return report
