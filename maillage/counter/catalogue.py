"""The procedure catalogue as the counter screen needs it, cached until a procedure or partner changes."""

from __future__ import annotations

from typing import Any

from maillage import cache_versions
from maillage.counter.models import Procedure
from maillage.network.models import Partner

NAME = "counter:catalogue"
TIMEOUT = 300  # in the shared cache under a version every server process sees change (cache_versions)
COMMON = "Démarches numériques courantes"


def _build() -> dict[str, Any]:
    groups: dict[str, list[tuple[int, str]]] = {}
    partners: dict[str, str] = {}
    for procedure in (
        Procedure.objects.filter(is_active=True).select_related("partner").order_by("partner__name", "name")
    ):
        label = procedure.partner.name if procedure.partner else COMMON
        groups.setdefault(label, []).append((procedure.pk, procedure.name))
        if procedure.partner_id:
            partners[str(procedure.pk)] = str(procedure.partner_id)
    common = groups.pop(COMMON, [])
    choices = [("", "— Choisir une démarche —"), (COMMON, common), *groups.items()]
    return {"choices": choices, "partners": partners}


def catalogue() -> dict[str, Any]:
    """`choices` for the procedure select (grouped by partner) and `partners` (procedure id → partner id)."""
    return cache_versions.cached(NAME, _build, timeout=TIMEOUT)


cache_versions.bump_on_change(NAME, Procedure, Partner)
