"""The file of a partner's counters (guichets) a network imports: one row per counter, placed by its
latitude/longitude or else by the centre of its commune (INSEE code).

Columns: partenaire (the partner's code), guichet (its name), commune (INSEE code), latitude,
longitude; separated by « ; » or « , ». The import is all or nothing: every rejected row is listed
with its French reason and nothing is saved while one remains.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field

from maillage.lib.geo import coordinates_error
from maillage.lib.textfile import UnreadableFile, csv_records, decode_text
from maillage.network.models import Partner
from maillage.socialvalue.models import PartnerCounter
from maillage.territory.models import Commune

COLUMNS = ["partenaire", "guichet", "commune", "latitude", "longitude"]
MAX_ROWS = 5000


@dataclass
class CountersFile:
    counters: list[PartnerCounter] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # « Ligne 4 : ... »

    def by_partner(self) -> dict[str, int]:
        result: dict[str, int] = {}
        for counter in self.counters:
            result[counter.partner.name] = result.get(counter.partner.name, 0) + 1
        return result


def _number(text: str) -> float | None:
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return None


def _row(values: dict[str, str], partners: dict[str, Partner], communes: dict[str, Commune]) -> PartnerCounter | str:
    code = values["partenaire"].strip().lower()
    name = values["guichet"].strip()
    insee = values["commune"].strip().upper()
    lat_text, lon_text = values["latitude"].strip(), values["longitude"].strip()
    if code not in partners:
        return (
            f"partenaire « {code} » inconnu (code attendu, par exemple caf)."
            if code
            else "code du partenaire manquant."
        )
    if not name:
        return "nom du guichet manquant."
    commune = communes.get(insee) if insee else None
    if insee and commune is None:
        return f"code INSEE « {insee} » inconnu."
    if lat_text or lon_text:
        lat, lon = _number(lat_text), _number(lon_text)
        if lat is None or lon is None:
            return "latitude et longitude doivent être deux nombres (par exemple 45,76 et 4,84)."
        problem = coordinates_error(lat, lon)
        if problem:
            return problem
    elif commune is None:
        return "ni code INSEE de commune ni latitude/longitude : le guichet ne peut pas être placé."
    elif commune.lat is None or commune.lon is None:
        return f"le centre de la commune {commune.name} est inconnu : donnez la latitude et la longitude du guichet."
    else:
        lat, lon = commune.lat, commune.lon
    return PartnerCounter(partner=partners[code], name=name[:200], commune=commune, lat=lat, lon=lon)


def read_counters(data: bytes, filename: str) -> CountersFile:
    result = CountersFile()
    try:
        text = decode_text(data, filename)
    except UnreadableFile as error:
        result.errors.append(str(error))
        return result
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    header, records = csv_records(text.lstrip("\ufeff"), delimiter=";" if first.count(";") > first.count(",") else ",")
    wanted = [h.strip().lower() for h in header]
    missing = [c for c in COLUMNS if c not in wanted]
    if missing:
        result.errors.append(f"Colonnes manquantes : {', '.join(missing)} (attendues : {', '.join(COLUMNS)}).")
        return result
    try:
        rows = [
            (line, {k.strip().lower(): v for k, v in r.items()} if isinstance(r, dict) else r) for line, r in records
        ]
    except csv.Error as error:
        result.errors.append(f"Fichier CSV illisible : {error}.")
        return result
    if len(rows) > MAX_ROWS:
        result.errors.append(f"Trop de lignes ({len(rows)}) : au plus {MAX_ROWS} guichets par import.")
        return result
    if not rows:
        result.errors.append("Le fichier ne contient aucun guichet.")
        return result
    partners = {p.code: p for p in Partner.objects.all()}
    codes = {r["commune"].strip().upper() for _, r in rows if isinstance(r, dict) and r["commune"].strip()}
    communes = {c.code: c for c in Commune.objects.filter(code__in=codes)}
    for line, values in rows:
        outcome = values if isinstance(values, str) else _row(values, partners, communes)
        if isinstance(outcome, str):
            result.errors.append(f"Ligne {line} : {outcome}")
        else:
            result.counters.append(outcome)
    return result
