"""The social value's tables in the activity report: an estimate, titled as such and kept after the
observed counts, with its formulas, parameters and sources in every format (page, CSV, XLSX, PDF, JSON)."""

from __future__ import annotations

from typing import Any

from maillage.reports.compute import SMALL, Report
from maillage.reports.masking import MASK
from maillage.reports.tables import Money, Table, Value

TITLE = "Valeur sociale (estimation)"
HEADER = [
    "Demandes",
    "Demandes valorisées",
    "Déplacements évités",
    "Kilomètres évités (aller-retour)",
    "Coût des déplacements évité (€)",
    "CO2 évité (kg CO2e)",
    "Visites ou appels au guichet évités (€)",
    "Droits ouverts (€ par an)",
]
FORMULAS = [
    (
        "Nature",
        "Estimation calculée à partir des demandes observées et des paramètres du réseau ; "
        "distincte des chiffres observés, jamais extrapolée aux demandes non valorisées.",
    ),
    (
        "Demandes valorisées",
        "demandes dont la commune de résidence et un guichet (ou une distance) du partenaire sont connus ; "
        "les déplacements, kilomètres, coûts et CO2 ne portent que sur elles",
    ),
    ("Déplacements évités", "demandes valorisées × part des demandes ayant évité un recours au guichet"),
    (
        "Kilomètres évités",
        "déplacements évités × 2 (aller-retour) × distance. Distance : ligne droite (formule de haversine) du "
        "centre de la commune de résidence au guichet le plus proche du partenaire × coefficient de détour ; "
        "à défaut de fichier des guichets, la distance aller fixée par le réseau pour ce partenaire",
    ),
    ("Coût des déplacements évité", "kilomètres évités × barème kilométrique (€/km)"),
    ("CO2 évité", "kilomètres évités × facteur d'émission (kg CO2e/km)"),
    (
        "Visites ou appels au guichet évités",
        "demandes du partenaire × part des demandes ayant évité un recours au guichet × coût unitaire fixé "
        "par le réseau ; non calculé quand le coût unitaire n'est pas renseigné",
    ),
    ("Droits ouverts", "somme des montants des droits suivis ouverts dans la période, annualisés (mensuel × 12)"),
    ("Demandes non valorisées", "comptées à part avec leur raison (tableau « demandes non valorisées »)"),
]


NOT_VALUED = "non calculé : aucune demande valorisée (voir « demandes non valorisées »)"


def _row(r: Any) -> list[Value]:
    rights: Value = MASK if r.rights_masked else (Money(r.rights_amount) if r.rights_amount else None)
    if r.masked:
        return [r.label, MASK, MASK, MASK, MASK, MASK, MASK, MASK, rights]
    visits: Value = r.visits_note if r.visits_cost is None else Money(r.visits_cost)
    trips: list[Value] = (
        [NOT_VALUED] * 4  # a partner whose trips cannot be valued shows no zero as if it were measured
        if r.requests and not r.valued
        else [round(float(r.trips), 1), round(r.km, 1), Money(r.cost), round(float(r.co2_kg), 1)]
    )
    return [r.label, r.requests, r.valued, *trips, visits, rights]


def social_value_tables(report: Report) -> list[Table]:
    figures = report.social_value
    if figures is None:
        return []
    value = figures.value
    result = [
        Table(
            "socialvalue_partner",
            f"{TITLE} par partenaire",
            ["Partenaire", *HEADER],
            [_row(r) for r in value.by_partner],
        ),
        Table("socialvalue_total", f"{TITLE}, ensemble", ["Ensemble", *HEADER], [_row(value.total)]),
    ]

    def count(n: int) -> Value:
        return MASK if report.masked and 0 < n < SMALL else n

    missing: list[list[Value]] = [["Ensemble", count(value.missing), value.headline_for(masked=report.masked)]]
    missing += [
        [reason, count(n), ", ".join(value.not_computed_partners.get(reason, []))]
        for reason, n in value.not_computed.items()
    ]
    if value.unit_cost_missing:
        missing.append(
            [
                "visites ou appels évités non calculés : coût unitaire non renseigné",
                None,
                ", ".join(value.unit_cost_missing),
            ]
        )
    result.append(
        Table(
            "socialvalue_missing",
            f"{TITLE} : demandes non valorisées",
            ["Raison", "Demandes", "Détail (partenaires)"],
            missing,
        )
    )
    result.append(
        Table("socialvalue_formulas", f"{TITLE} : formules", ["Chiffre", "Formule"], list(map(list, FORMULAS)))
    )
    result.append(
        Table(
            "socialvalue_parameters",
            f"{TITLE} : paramètres et sources",
            ["Paramètre", "Valeur", "Unité", "Source", "Renseigné par, le"],
            [[p.label, p.value, p.unit, p.source, p.set_by] for p in figures.parameters],
        )
    )
    return result
