"""Rows of the people figures for the indicators page and its CSV (written by `lib/spreadsheet.py`,
formula-safe: place and partner names come from users)."""

from __future__ import annotations

from typing import Any

from maillage.lib.spreadsheet import CellValue
from maillage.people.reading import NetworkPeople

HEADER = ["perimetre", "periode", "tableau", "lieu", "partenaire", "demandes", "part_des_demandes", "competences"]
HEADER += ["personnes_affectees", "annee", "mobilites_structures", "mobilites_lieux", "remarque"]


def _share(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def skilled_label(skilled: int | None, note: str) -> str:
    if skilled is None:
        return note
    return f"{skilled} personne{'s' if skilled > 1 else ''} formée{'s' if skilled > 1 else ''}"


def people_rows(people: NetworkPeople, scope: str, period: str) -> list[list[CellValue]]:
    rows: list[list[CellValue]] = [list(HEADER)]

    def row(table: str, **cells: Any) -> None:
        rows.append([scope, period, table, *[cells.get(name, "") for name in HEADER[3:]]])

    for line in people.places:
        if not line.partners:
            row("lieux", lieu=line.place, demandes=line.requests, personnes_affectees=line.assigned, remarque=line.note)
        for p in line.partners:
            row(
                "lieux",
                lieu=line.place,
                partenaire=p.partner,
                demandes=p.requests,
                part_des_demandes=_share(p.share),
                competences="" if p.skilled is None else p.skilled,
                personnes_affectees=line.assigned,
                remarque=line.note,
            )
    for need in people.needs:
        row("besoins_de_formation", lieu=need.place, partenaire=need.partner, demandes=need.requests, competences=0)
    for year, counts in people.per_year.items():
        row("mobilites", annee=year, mobilites_structures=counts["structure"], mobilites_lieux=counts["place"])
    return rows
