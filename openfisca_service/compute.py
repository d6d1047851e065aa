"""Many households in one OpenFisca simulation, with the tax-benefit system built once."""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

import numpy
from openfisca_core.simulation_builder import SimulationBuilder
from openfisca_france import CountryTaxBenefitSystem
from openfisca_france.model.prestations import aides_logement

from openfisca_service.situation import Situation

# Variable → (entity whose value answers for the household, period kind).
VARIABLES = {
    "rsa": ("famille", "month"),
    "ppa": ("famille", "month"),
    "aide_logement": ("famille", "month"),
    "cmu_c": ("famille", "month"),
    "css_participation_forfaitaire": ("famille", "month"),
    "cheque_energie": ("menage", "year"),
    "aspa": ("famille", "month"),
    "aah": ("individu", "month"),
}
OPENFISCA_FRANCE_VERSION = version("openfisca-france")
WARM_UP_HOUSEHOLD = {
    "members": [{"role": "applicant", "age": 40, "resources": {"salary": [900, 1000, 1100]}}],
    "housing_status": "tenant",
    "rent": 500,
    "zone": 2,
}


class Engine:
    """The warm part: the tax-benefit system, built once per process (a few seconds)."""

    def __init__(self) -> None:
        self.system = CountryTaxBenefitSystem()
        self.version = OPENFISCA_FRANCE_VERSION
        aides_logement.preload_zone_apl()
        self.zone_of_commune: dict[str, int] = dict(aides_logement.zone_apl_by_depcom or {})
        # OpenFisca loads parameters and formulas lazily: one throwaway computation before the first request.
        self.compute([WARM_UP_HOUSEHOLD], "2025-01")

    def compute(self, households: list[dict[str, Any]], period: str) -> list[dict[str, Any]]:
        """Amounts per household; when one household spoils the batch (an error, or a right OpenFisca
        cannot compute for the whole simulation), each is computed alone so the others keep theirs."""
        try:
            results = self._compute_together(households, period)
        except Exception:
            results = []
        if results and (len(households) == 1 or not any(result["errors"] for result in results)):
            return results
        return [self._compute_alone(household, period) for household in households]

    def _compute_alone(self, household: dict[str, Any], period: str) -> dict[str, Any]:
        try:
            return self._compute_together([household], period)[0]
        except Exception as error:
            return {"amounts": {}, "errors": {}, "error": f"{type(error).__name__}: {error}"}

    def _compute_together(self, households: list[dict[str, Any]], period: str) -> list[dict[str, Any]]:
        situation = Situation(households, period, self.zone_of_commune)
        simulation = SimulationBuilder().build_from_entities(self.system, situation.structure)
        for inputs in (situation.person_inputs, situation.famille_inputs, situation.menage_inputs):
            for variable, by_period in inputs.items():
                for input_period, values in by_period.items():
                    simulation.set_input(variable, input_period, numpy.array(values))
        year = period[:4]
        per_household: list[dict[str, Any]] = [{"amounts": {}, "errors": {}} for _ in households]
        for name, (entity, kind) in VARIABLES.items():
            try:
                values = simulation.calculate(name, year if kind == "year" else period)
            except Exception as error:
                for result in per_household:
                    result["errors"][name] = f"{type(error).__name__}: {error}"
                continue
            for index, value in enumerate(household_values(simulation, entity, values, len(households))):
                per_household[index]["amounts"][name] = value
        return per_household


def household_values(simulation: Any, entity: str, values: Any, count: int) -> list[Any]:
    """One value per household: the household's own entity, or the sum over its individuals."""
    if entity != "individu":
        return [as_json(value) for value in values]
    famille = simulation.populations["famille"]
    sums = famille.sum(values)
    return [as_json(value) for value in sums[:count]]


def as_json(value: Any) -> Any:
    if hasattr(value, "item"):
        value = value.item()
    return round(value, 2) if isinstance(value, float) else value
