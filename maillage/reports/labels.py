"""French labels for the codes and ids of report cells."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from maillage.counter import enums
from maillage.counter.models import Procedure
from maillage.network.enums import Language, ProcedureDomain
from maillage.network.models import Partner, Place, Structure
from maillage.reports.period import MONTHS

CHOICES: dict[str, dict[str, str]] = {
    "domain": dict(ProcedureDomain.choices),
    "channel": dict(enums.Channel.choices),
    "help_level": dict(enums.HelpLevel.choices),
    "outcome": dict(enums.Outcome.choices),
    "autonomy": dict(enums.Autonomy.choices),
    "language": dict(Language.choices),
    "referred_by": dict(enums.ReferredBy.choices),
}
MODELS: dict[str, Any] = {"partner": Partner, "procedure": Procedure, "place": Place, "structure": Structure}
NONE_LABELS = {
    "partner": "Sans partenaire (démarches communes)",
    "procedure": "Démarche non précisée",
}


def month_label(code: str) -> str:
    day = dt.date.fromisoformat(code)
    return f"{MONTHS[day.month - 1]} {day.year}"


def resolve(*cell_sets: Mapping[str, Mapping[str, Any]]) -> dict[tuple[str, str], str]:
    """(dimension, code) -> label for every cell of the given activities (one query per model)."""
    wanted: dict[str, set[str]] = {}
    for cells in cell_sets:
        for dimension, values in cells.items():
            wanted.setdefault(dimension, set()).update(values)
    names: dict[tuple[str, str], str] = {}
    for dimension, codes in wanted.items():
        if dimension in CHOICES:
            names.update({(dimension, c): CHOICES[dimension].get(c, c) for c in codes})
        elif dimension == "month":
            names.update({(dimension, c): month_label(c) for c in codes})
        elif dimension in MODELS:
            ids = [int(c) for c in codes if c]
            field = "name"
            for pk, name in MODELS[dimension].objects.filter(pk__in=ids).values_list("pk", field):
                names[(dimension, str(pk))] = name
            if "" in codes:
                names[(dimension, "")] = NONE_LABELS.get(dimension, "Non renseigné")
    return names
