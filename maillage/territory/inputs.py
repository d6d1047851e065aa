"""Read and check the CSV files given to the coverage and siting commands (pure, no Django).

Every problem is reported in French with the file, the line and the column, so that the person
who prepared the file can fix it. Nothing is returned when any line is wrong: a partial answer
computed on the good lines only would be silently wrong.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy and scipy load with the engine, once the files are read
    from maillage.territory.coverage import Demand, Places

MAX_REPORTED_ERRORS = 10
# Sane bounds: more people than this at one demand point, or a wider radius, is a mistake in the file
# or the option (and would overflow the 64-bit counts of the engine).
MAX_POPULATION = 100_000_000
MAX_RADIUS_KM = 1000.0


class InputError(Exception):
    """One or more unusable inputs; `str()` is a French message for the person running the command."""

    def __init__(self, messages: list[str]) -> None:
        self.messages = messages
        super().__init__("\n".join(messages))


@dataclass
class _Table:
    ids: list[str] = field(default_factory=list)
    lat: list[float] = field(default_factory=list)
    lon: list[float] = field(default_factory=list)
    population: list[int] = field(default_factory=list)


def _where(path: Path, line: int, column: int | None = None, name: str | None = None) -> str:
    place = f"{path}, ligne {line}"
    if column is not None:
        place += f", colonne {column} (« {name} »)"
    return place


def _parse_float(raw: str) -> float | None:
    try:
        value = float(raw.replace(",", ".")) if raw.count(",") == 1 and "." not in raw else float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _parse_population(raw: str) -> int | None:
    try:
        return int(raw)
    except ValueError:
        value = _parse_float(raw)
        if value is None or not value.is_integer():
            return None
        return int(value)


def _short(raw: str, limit: int = 20) -> str:
    """A value as typed, cut when very long (a 400-digit number is not worth printing)."""
    return raw if len(raw) <= limit else f"{raw[:limit]}… ({len(raw)} caractères)"


def _read_table(path: Path, *, with_population: bool, allow_empty: bool) -> _Table:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError([f"{path} : fichier introuvable."]) from None
    except UnicodeDecodeError:
        raise InputError([f"{path} : le fichier n'est pas encodé en UTF-8."]) from None
    except OSError as exc:
        raise InputError([f"{path} : lecture impossible ({exc.strerror})."]) from None
    table = _Table()
    if not text.strip():
        if allow_empty:
            return table
        raise InputError([f"{path} : le fichier est vide, il faut au moins une ligne de données."])
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(text.splitlines(), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader)]
    required = ["id", "lat", "lon"] + (["population"] if with_population else [])
    missing = [name for name in required if name not in header]
    if missing:
        names = ", ".join(f"« {name} »" for name in missing)
        raise InputError([f"{path}, ligne 1 : colonne(s) obligatoire(s) absente(s) : {names}."])
    position = {name: header.index(name) for name in required}
    errors: list[str] = []
    first_seen: dict[str, int] = {}

    def cell(row: list[str], name: str) -> str:
        index = position[name]
        return row[index].strip() if index < len(row) else ""

    def error(line: int, name: str, message: str) -> None:
        errors.append(f"{_where(path, line, position[name] + 1, name)} : {message}")

    # A well-formed row (the usual case: 35,000 communes) is taken in one go; any doubt goes
    # through the checks below, which name the line, the column and the problem.
    id_at, lat_at, lon_at = position["id"], position["lat"], position["lon"]
    population_at = position.get("population", id_at)
    width = max(position.values()) + 1
    for row in reader:
        line = reader.line_num
        if len(row) >= width:
            identifier = row[id_at].strip()
            try:
                lat, lon = float(row[lat_at]), float(row[lon_at])
                population = int(row[population_at]) if with_population else 0
            except ValueError:
                pass
            else:
                if (
                    identifier
                    and identifier not in first_seen
                    and -90.0 <= lat <= 90.0
                    and -180.0 <= lon <= 180.0
                    and 0 <= population <= MAX_POPULATION
                ):
                    first_seen[identifier] = line
                    table.ids.append(identifier)
                    table.lat.append(lat)
                    table.lon.append(lon)
                    table.population.append(population)
                    continue
        if not any(value.strip() for value in row):
            continue
        ok = True
        identifier = cell(row, "id")
        if not identifier:
            error(line, "id", "identifiant manquant.")
            ok = False
        elif identifier in first_seen:
            error(
                line,
                "id",
                f"identifiant « {identifier} » en double (déjà vu ligne {first_seen[identifier]}).",
            )
            ok = False
        else:
            first_seen[identifier] = line
        coordinates: dict[str, float] = {}
        for name, limit in (("lat", 90.0), ("lon", 180.0)):
            raw = cell(row, name)
            value = _parse_float(raw) if raw else None
            if not raw:
                error(line, name, "valeur manquante.")
            elif value is None:
                error(line, name, f"« {_short(raw)} » n'est pas un nombre.")
            elif not -limit <= value <= limit:
                what = "la latitude" if name == "lat" else "la longitude"
                error(line, name, f"{value:g} est impossible : {what} va de {-limit:g} à {limit:g}.")
            else:
                coordinates[name] = value
                continue
            ok = False
        population = 0
        if with_population:
            raw = cell(row, "population")
            parsed = _parse_population(raw) if raw else None
            if not raw:
                error(line, "population", "valeur manquante.")
                ok = False
            elif parsed is None:
                error(line, "population", f"« {_short(raw)} » n'est pas un nombre entier d'habitants.")
                ok = False
            elif parsed < 0:
                error(line, "population", f"population négative ({_short(raw)}).")
                ok = False
            elif parsed > MAX_POPULATION:
                millions = MAX_POPULATION // 1_000_000
                error(
                    line,
                    "population",
                    f"population de {_short(raw)} impossible pour un point ({millions} millions au plus).",
                )
                ok = False
            else:
                population = parsed
        if ok:
            table.ids.append(identifier)
            table.lat.append(coordinates["lat"])
            table.lon.append(coordinates["lon"])
            table.population.append(population)
        if len(errors) >= MAX_REPORTED_ERRORS:
            errors.append(f"{path} : arrêt après {MAX_REPORTED_ERRORS} erreurs, corrigez-les d'abord.")
            break
    if errors:
        raise InputError(errors)
    if not table.ids and not allow_empty:
        raise InputError([f"{path} : aucune ligne de données après l'en-tête."])
    return table


def read_demand(path: Path) -> Demand:
    """Demand points: columns id, lat, lon, population (at least one row)."""
    import numpy as np

    from maillage.territory.coverage import Demand

    table = _read_table(path, with_population=True, allow_empty=False)
    return Demand(
        ids=tuple(table.ids),
        lat=np.array(table.lat, dtype=np.float64),
        lon=np.array(table.lon, dtype=np.float64),
        population=np.array(table.population, dtype=np.int64),
    )


def read_places(path: Path, *, allow_empty: bool = True) -> Places:
    """Places or candidate sites: columns id, lat, lon. An empty file (or header only) means none."""
    import numpy as np

    from maillage.territory.coverage import Places

    table = _read_table(path, with_population=False, allow_empty=allow_empty)
    return Places(
        ids=tuple(table.ids),
        lat=np.array(table.lat, dtype=np.float64),
        lon=np.array(table.lon, dtype=np.float64),
    )


def parse_radius(raw: str) -> float:
    """The --radius-km option: a positive number of kilometres."""
    value = _parse_float(raw.strip())
    if value is None or value <= 0:
        raise InputError(
            [f"--radius-km : le rayon doit être un nombre de kilomètres positif (reçu « {_short(raw)} »)."]
        )
    if value > MAX_RADIUS_KM:
        raise InputError([f"--radius-km : {_short(raw)} km est trop grand (au plus {MAX_RADIUS_KM:g} km)."])
    return value


def parse_site_count(raw: str, candidates: int, candidates_label: str) -> int:
    """The --add option: a whole number of sites, at least 1 and at most the number of candidates."""
    try:
        count = int(raw.strip())
    except ValueError:
        raise InputError([f"--add : nombre entier de sites attendu (reçu « {raw} »)."]) from None
    if count < 1:
        raise InputError([f"--add : le nombre de sites à ajouter doit être au moins 1 (reçu {count})."])
    if count > candidates:
        raise InputError(
            [
                f"--add : {count} sites demandés mais {candidates_label} n'en propose que {candidates} ; "
                "réduisez --add ou ajoutez des candidats."
            ]
        )
    return count
