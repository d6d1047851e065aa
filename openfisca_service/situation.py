"""Households as Maillage sends them → one OpenFisca situation holding all of them.

A household is plain JSON (see `maillage/rights/screening_types.py` for the sending side):
    {"members": [{"role": "applicant"|"partner"|"child", "age": 34,
                  "disability_rate": 0.8 | null,
                  "resources": {"salary": [m-3, m-2, m-1], "unemployment": [...], ...}}],
     "housing_status": "tenant", "rent": 520.0, "zone": 1|2|3|null, "commune_code": "75056"|null}

Resources are known for the last three months only. Rights that look further back (housing
benefits over 12 months, chèque énergie on the tax income of year N-2) see the average of those
three months repeated over the 60 months before the period: the screening's stated assumption.
"""

from __future__ import annotations

import datetime
from typing import Any

RESOURCE_VARIABLES = {
    "salary": "salaire_net",
    "unemployment": "chomage_net",
    "pension": "retraite_nette",
    "invalidity_pension": "pensions_invalidite",
    "sickness_allowance": "indemnites_journalieres",
    "alimony": "pensions_alimentaires_percues",
}
# The taxable counterparts are set to the net amounts: OpenFisca would otherwise rebuild them from
# gross pay through the whole social-contribution chain, month by month (seconds per household),
# for a difference of a few per cent the screening does not need.
TAXABLE_VARIABLES = {
    "salaire_net": "salaire_imposable",
    "chomage_net": "chomage_imposable",
    "retraite_nette": "retraite_imposable",
}
# Benefits the household did not receive before the period: screening looks for rights not claimed,
# and OpenFisca would otherwise simulate each of them over the past 12 to 30 months (for the
# complémentaire santé solidaire's and the AAH's resources), several times the cost of the screening.
PAST_FAMILY_BENEFITS = ("rsa", "ppa", "aide_logement", "aspa", "af", "cf", "asf", "paje_base")
PAST_PERSON_BENEFITS = ("aah", "caah", "asi", "ass")
HOUSING_STATUSES = {
    "tenant": "locataire_vide",
    "furnished_tenant": "locataire_meuble",
    "social_tenant": "locataire_hlm",
    "residence": "locataire_foyer",
    "owner": "proprietaire",
    "first_time_buyer": "primo_accedant",
    "hosted_free": "loge_gratuitement",
    "homeless": "sans_domicile",
}
ZONES = {1: "zone_1", 2: "zone_2", 3: "zone_3"}
DEFAULT_ZONE = 2
HISTORY_MONTHS = 60


def months_before(period: str, count: int) -> list[str]:
    """The `count` months before `period` (YYYY-MM), oldest first."""
    year, month = (int(part) for part in period.split("-"))
    months = []
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        months.append(f"{year:04d}-{month:02d}")
    return list(reversed(months))


def birth_date(period: str, age: int) -> str:
    """A birth date giving `age` full years on the first day of `period` (born on the 1st of the month before)."""
    year, month = (int(part) for part in period.split("-"))
    born = datetime.date(year - age, month, 1) - datetime.timedelta(days=1)
    return born.replace(day=1).isoformat()


def resource_series(period: str, last_three: list[float]) -> dict[str, float]:
    """Monthly values: the last three months as given, the average of them before and in `period`."""
    average = sum(last_three) / len(last_three) if last_three else 0.0
    history = months_before(period, HISTORY_MONTHS)
    series = dict.fromkeys(history, average)
    series.update(dict(zip(history[-len(last_three) :], last_three, strict=True)) if last_three else {})
    series[period] = average
    return series


class Situation:
    """The entity structure for OpenFisca's builder, and the inputs as one column per variable and period.

    Inputs go in as arrays (`simulation.set_input`), not inside the entity dicts: the builder parses
    dict inputs person by person, which costs more than the computation for a batch.
    """

    def __init__(self, households: list[dict[str, Any]], period: str, zone_of_commune: dict[str, int]) -> None:
        self.period = period
        self.zone_of_commune = zone_of_commune
        self.structure: dict[str, Any] = {"individus": {}, "familles": {}, "foyers_fiscaux": {}, "menages": {}}
        # variable → period → one value per person (or per ménage), in entity order.
        self.person_inputs: dict[str, dict[str, list[Any]]] = {}
        self.famille_inputs: dict[str, dict[str, list[Any]]] = {}
        self.menage_inputs: dict[str, dict[str, list[Any]]] = {}
        self.past_months = months_before(period, HISTORY_MONTHS)
        for index, household in enumerate(households):
            self.add_household(index, household)

    def add_household(self, index: int, household: dict[str, Any]) -> None:
        period = self.period
        if not any(member["role"] != "child" for member in household["members"]):
            raise ValueError("household without an adult")
        parents: list[str] = []
        children: list[str] = []
        for number, member in enumerate(household["members"]):
            person_id = f"h{index}_p{number}"
            self.structure["individus"][person_id] = {}
            self.person_value("date_naissance", "ETERNITY", birth_date(period, int(member["age"])))
            resources = member.get("resources") or {}
            for kind, variable in RESOURCE_VARIABLES.items():
                series = resource_series(period, [float(value) for value in resources.get(kind) or []])
                for month, value in series.items():
                    self.person_value(variable, month, value)
                    if variable in TAXABLE_VARIABLES:
                        self.person_value(TAXABLE_VARIABLES[variable], month, value)
            rate = member.get("disability_rate")
            self.person_value("taux_incapacite", period, float(rate or 0))
            self.person_value("handicap", period, rate is not None and float(rate) >= 0.5)
            for variable in PAST_PERSON_BENEFITS:
                for month in self.past_months:
                    self.person_value(variable, month, 0.0)
            (children if member["role"] == "child" else parents).append(person_id)
        self.structure["familles"][f"f{index}"] = {"parents": parents, "enfants": children}
        for variable in PAST_FAMILY_BENEFITS:
            for month in self.past_months:
                self.famille_inputs.setdefault(variable, {}).setdefault(month, []).append(0.0)
        self.structure["foyers_fiscaux"][f"ff{index}"] = {"declarants": parents, "personnes_a_charge": children}
        self.structure["menages"][f"m{index}"] = {
            "personne_de_reference": parents[:1],
            "conjoint": parents[1:2],
            "enfants": children,
        }
        status = HOUSING_STATUSES.get(household.get("housing_status") or "", "non_renseigne")
        # The housing as it is now, assumed the same over the months before (RSA and prime d'activité read
        # the reference quarter, the chèque énergie the year's first month).
        for month in [*self.past_months, period]:
            self.menage_value("statut_occupation_logement", month, status)
        self.menage_value("loyer", period, float(household.get("rent") or 0))
        commune = str(household.get("commune_code") or "")
        self.menage_value("depcom", period, commune)
        # The zone given wins; else the commune's in OpenFisca's own table; else its default, zone 2.
        zone = household.get("zone") or self.zone_of_commune.get(commune, DEFAULT_ZONE)
        self.menage_value("zone_apl", period, ZONES[int(zone)])

    def person_value(self, variable: str, period: str, value: Any) -> None:
        self.person_inputs.setdefault(variable, {}).setdefault(period, []).append(value)

    def menage_value(self, variable: str, period: str, value: Any) -> None:
        self.menage_inputs.setdefault(variable, {}).setdefault(period, []).append(value)
