"""Builders shared by the practice sheet tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from maillage.counter.models import Procedure
from maillage.sheets.enums import SheetScope
from maillage.sheets.models import PracticeSheet


def procedure(code: str = "caf_prime_activite") -> Procedure:
    return Procedure.objects.get(code=code)


def make_sheet(author: Any, structure: Any, *, code: str = "caf_prime_activite", **fields: Any) -> PracticeSheet:
    values: dict[str, Any] = {
        "procedure": procedure(code),
        "structure": structure,
        "author": author,
        "title": "Demander la prime d'activité",
        "scope": SheetScope.NETWORK,
        "steps": "Se connecter sur caf.fr\nFaire la simulation\nDéposer la demande",
        "documents": "Trois derniers bulletins de salaire\nRIB",
        "pitfalls": "Déclarer les revenus du trimestre, pas du mois.",
        "links": "https://www.caf.fr Site de la CAF",
        "expires_on": timezone.localdate() + dt.timedelta(days=200),
    }
    values.update(fields)
    return PracticeSheet.objects.create(**values)


def published_sheet(cast: Any, *, structure: Any = None, author: Any = None, **fields: Any) -> PracticeSheet:
    """A sheet written in structure A (by default) and published by its manager."""
    structure = structure or cast.structure_a
    author = author or (cast.mediator_a if structure == cast.structure_a else cast.mediator_b)
    reviewer = cast.manager_a if structure == cast.structure_a else cast.manager_b
    sheet = make_sheet(author, structure, **fields)
    sheet.submit(author)
    sheet.approve(reviewer)
    return sheet
