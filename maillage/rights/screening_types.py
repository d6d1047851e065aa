"""What a screening sends to OpenFisca and what it gets back: plain dataclasses (rights from `enums.Right`).

A household is described as a mediator can gather it at the counter: its members (role, age,
monthly resources by kind over the last three months, a disability rate when the person has
one), the housing (status, rent, zone or commune). An unknown input is `None`, never zero: the
rights that need it come back "à vérifier" with what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from maillage.rights.enums import Right

MemberRole = Literal["applicant", "partner", "child"]
Status = Literal["probable", "not_eligible", "to_check", "not_computable"]
AmountPeriod = Literal["month", "year"]

# The seven rights screened, with the French labels of the followed rights (one vocabulary).
RIGHT_LABELS: dict[str, str] = {str(code): str(label) for code, label in Right.choices}
STATUS_LABELS = {
    "probable": "Probable",
    "not_eligible": "Non probable",
    "to_check": "À vérifier",
    "not_computable": "Non calculable",
}
# Kinds of resources, as the screening form asks them (net monthly amounts).
RESOURCE_LABELS = {
    "salary": "salaires",
    "unemployment": "allocations chômage",
    "pension": "retraites",
    "invalidity_pension": "pensions d'invalidité",
    "sickness_allowance": "indemnités journalières",
    "alimony": "pensions alimentaires reçues",
}
HOUSING_LABELS = {
    "tenant": "Locataire (logement vide)",
    "furnished_tenant": "Locataire (meublé)",
    "social_tenant": "Locataire HLM",
    "residence": "Logement-foyer, résidence",
    "owner": "Propriétaire",
    "first_time_buyer": "Accédant à la propriété",
    "hosted_free": "Hébergé gratuitement",
    "homeless": "Sans domicile",
}
RENTING = {"tenant", "furnished_tenant", "social_tenant", "residence"}


@dataclass(frozen=True)
class Member:
    role: MemberRole
    age: int
    # kind (RESOURCE_LABELS) → the last three months, oldest first; None: resources not asked yet.
    resources: dict[str, tuple[Decimal, Decimal, Decimal]] | None = None
    disability_rate: Decimal | None = None  # 0.5 for 50 %, as the MDPH decision says; None: unknown

    def as_json(self) -> dict[str, object]:
        return {
            "role": self.role,
            "age": self.age,
            "resources": {kind: [float(value) for value in months] for kind, months in (self.resources or {}).items()},
            "disability_rate": None if self.disability_rate is None else float(self.disability_rate),
        }


@dataclass(frozen=True)
class Household:
    members: tuple[Member, ...]
    housing_status: str | None = None  # a key of HOUSING_LABELS
    rent: Decimal | None = None  # monthly, charges excluded
    zone: int | None = None  # zone APL 1, 2 or 3; None: from the commune
    commune_code: str = ""  # INSEE code
    postcode: str = ""
    reference: str = ""  # the caller's own id, returned untouched

    def as_json(self) -> dict[str, object]:
        return {
            "members": [member.as_json() for member in self.members],
            "housing_status": self.housing_status,
            "rent": None if self.rent is None else float(self.rent),
            "zone": self.zone,
            "commune_code": self.commune_code,
        }

    def missing_for(self, right: str) -> list[str]:
        """French names of the inputs this right needs and the household does not give."""
        missing = [f"ressources d'un membre de {member.age} ans" for member in self.members if member.resources is None]
        if not any(member.role == "applicant" for member in self.members):
            missing.insert(0, "demandeur du foyer")
        if right in {"apl", "cheque_energie"} and self.housing_status is None:
            missing.append("statut d'occupation du logement")
        if right == "apl" and self.housing_status in RENTING:
            if self.rent is None:
                missing.append("montant du loyer")
            if self.zone is None and not self.commune_code:
                missing.append("commune du logement")
        if right == "aah":
            adults = [member for member in self.members if member.role != "child"]
            if all(member.disability_rate is None for member in adults):
                missing.append("taux d'incapacité reconnu par la MDPH")
        return missing


@dataclass(frozen=True)
class RightOutcome:
    right: str  # a key of RIGHT_LABELS
    status: Status
    amount: Decimal | None = None  # the right's amount for `period`; None unless probable
    period: AmountPeriod = "month"
    missing: tuple[str, ...] = ()
    detail: str = ""  # French, shown beside the status

    @property
    def label(self) -> str:
        return RIGHT_LABELS[self.right]

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class ScreeningResult:
    household: Household
    period: str  # YYYY-MM computed
    openfisca_version: str  # openfisca-france's version, kept with every result
    rights: dict[str, RightOutcome] = field(default_factory=dict)

    def probable(self) -> list[RightOutcome]:
        return [outcome for outcome in self.rights.values() if outcome.status == "probable"]
