"""Reading a file of places: CSV (`,` `;` or tab) or JSON (a list of v1 or v0 records), any common encoding.

Every record comes out as a flat v1 record (see `lieux_v0` for the older layout) with its position
in the file (line of a CSV, rank of a JSON element) and the warnings of its v0 conversion. A file
that is not a list of places at all raises `ImportRefused` with one French sentence.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from typing import Any

from maillage.exchange import lieux_v0
from maillage.lib.spreadsheet import restore
from maillage.lib.textfile import UnreadableFile, csv_records, decode_text

REQUIRED_COLUMNS = ("id", "nom", "adresse", "code_postal")
DELIMITERS = (",", ";", "\t")


class ImportRefused(Exception):
    """The whole file is refused and nothing is written; the message is for the person importing."""


@dataclass(frozen=True, order=True)
class Issue:
    """A rejected row or a warning: where (line of a CSV, element of a JSON), which field, why."""

    position: int
    field: str
    reason: str
    unit: str = "ligne"

    def __str__(self) -> str:
        where = f"{self.unit} {self.position}"
        return f"{where}, champ {self.field} : {self.reason}" if self.field else f"{where} : {self.reason}"


@dataclass
class Record:
    position: int
    values: dict[str, Any]
    unit: str = "ligne"
    version: str = "v1"
    warnings: list[Issue] = field(default_factory=list)


@dataclass
class RawFile:
    records: list[Record] = field(default_factory=list)
    broken: list[Issue] = field(default_factory=list)
    kind: str = "csv"


def _delimiter(text: str) -> str:
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    return max(DELIMITERS, key=header.count)


def _csv(text: str, name: str) -> RawFile:
    raw = RawFile(kind="csv")
    header, records = csv_records(text, delimiter=_delimiter(text))
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ImportRefused(
            f"{name} : colonnes manquantes : {', '.join(missing)} (le fichier suit-il le standard des lieux de "
            "médiation numérique, avec des colonnes séparées par des virgules ou des points-virgules ?)."
        )
    try:
        for line, values in records:
            if isinstance(values, str):
                raw.broken.append(Issue(line, "", values))
            else:
                # a file this instance exported: text it quoted against formulas comes back as stored
                raw.records.append(Record(line, {key: restore(value) for key, value in values.items()}))
    except csv.Error as exc:
        raise ImportRefused(f"{name} : fichier CSV illisible ({exc}).") from exc
    return raw


def _json(text: str, name: str) -> RawFile:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportRefused(f"{name} : JSON illisible (ligne {exc.lineno}, colonne {exc.colno}).") from exc
    if not isinstance(data, list):
        raise ImportRefused(f"{name} : le JSON doit être une liste de lieux ([{{...}}, {{...}}]), pas {_kind(data)}.")
    raw = RawFile(kind="json")
    for rank, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raw.broken.append(Issue(rank, "", f"un lieu est attendu (objet JSON), pas {_kind(item)}.", "élément"))
        elif lieux_v0.is_v0(item):
            values, warnings = lieux_v0.to_v1(item)
            issues = [Issue(rank, name, reason, "élément") for name, reason in warnings]
            raw.records.append(Record(rank, values, "élément", "v0", issues))
        else:
            raw.records.append(Record(rank, item, "élément"))
    if data and not raw.records:
        raise ImportRefused(f"{name} : le JSON ne contient aucun lieu (objets JSON attendus).")
    return raw


def _kind(value: Any) -> str:
    kinds = {dict: "un objet", list: "une liste", str: "un texte", bool: "un booléen", type(None): "null"}
    return kinds.get(type(value), "un nombre")


def read_places(data: bytes, name: str) -> RawFile:
    """The records of a CSV or JSON file (told apart by their first character, not their name)."""
    try:
        text = decode_text(data, name)
    except UnreadableFile as exc:
        raise ImportRefused(str(exc)) from exc
    if not text.strip():
        raise ImportRefused(f"{name} est vide.")
    if text.lstrip("\ufeff \r\n\t")[:1] in "[{":
        return _json(text, name)
    return _csv(text, name)
