"""Co-financing: split a yearly budget between partners in proportion to their measured activity."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING

from maillage.reports.activity import Activity, collect
from maillage.reports.labels import resolve
from maillage.reports.period import Period
from maillage.reports.scope import Scope

if TYPE_CHECKING:
    from maillage.network.models import Partner

KEYS = {"requests": "nombre de demandes", "time": "temps passé"}
CENT = Decimal("0.01")


@dataclass
class Share:
    code: str
    label: str
    activity: int  # requests or minutes, following the key
    share: Decimal  # 0..1
    amount: Decimal


@dataclass
class Cofinancing:
    budget: Decimal
    key: str
    shares: list[Share]
    total_activity: int

    @property
    def key_label(self) -> str:
        return KEYS[self.key]


def split(budget: Decimal, weights: dict[str, int]) -> dict[str, Decimal]:
    """Amounts in cents proportional to the weights, summing exactly to the budget (largest remainder)."""
    total = sum(weights.values())
    if total <= 0:
        return {code: Decimal(0) for code in weights}
    cents = int((budget / CENT).to_integral_value(rounding=ROUND_DOWN))
    exact = {code: Decimal(cents) * w / total for code, w in weights.items()}
    floors = {code: int(v.to_integral_value(rounding=ROUND_DOWN)) for code, v in exact.items()}
    left = cents - sum(floors.values())
    for code in sorted(weights, key=lambda c: (-(exact[c] - floors[c]), c))[:left]:
        floors[code] += 1
    return {code: Decimal(n) * CENT for code, n in floors.items()}


def cofinancing_for(
    scope: Scope,
    period: Period,
    budget: Decimal,
    key: str,
    *,
    partner: Partner | None = None,
    activity: Activity | None = None,
) -> Cofinancing:
    """Shares of every partner of the scope; a partner's own report keeps only its line."""
    if key not in KEYS:
        raise ValueError(f"Clé de répartition « {key} » inconnue : « requests » ou « time ».")
    if budget < 0:
        raise ValueError("Le budget ne peut pas être négatif.")
    if activity is None:  # the report's own activity serves when it is not limited to one partner
        activity = collect(scope, period, None, people_cells=False)
    cells = activity.cells["partner"]
    weights = {code: (c.requests if key == "requests" else c.minutes) for code, c in cells.items()}
    amounts = split(budget, weights)
    total = sum(weights.values())
    names = resolve({"partner": cells})
    shares = [
        Share(
            code=code,
            label=names.get(("partner", code), code),
            activity=weights[code],
            share=(Decimal(weights[code]) / total) if total else Decimal(0),
            amount=amounts[code],
        )
        for code in sorted(weights, key=lambda c: (-weights[c], c))
    ]
    if partner is not None:
        shares = [s for s in shares if s.code == str(partner.pk)]
    return Cofinancing(budget=budget, key=key, shares=shares, total_activity=total)
