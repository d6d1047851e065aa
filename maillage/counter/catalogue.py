"""The procedure catalogue as the counter screen needs it, cached until a procedure or partner changes."""

from __future__ import annotations

from typing import Any

from maillage import cache_versions
from maillage.counter.models import Procedure
from maillage.counter.widgets import FastSelect, options
from maillage.network.models import Partner

NAME = "counter:catalogue:v3"  # v3: the value's shape changed (options_html, procedures, active_partners)
TIMEOUT = 300  # in the shared cache under a version every server process sees change (cache_versions)
COMMON = "Démarches numériques courantes"


def _build() -> dict[str, Any]:
    groups: dict[str, list[tuple[int, str]]] = {}
    partners: dict[str, str] = {}
    procedures: dict[int, tuple[str, str, str, int | None, str | None]] = {}
    for procedure in (
        Procedure.objects.filter(is_active=True).select_related("partner").order_by("partner__name", "name")
    ):
        label = procedure.partner.name if procedure.partner else COMMON
        groups.setdefault(label, []).append((procedure.pk, procedure.name))
        if procedure.partner_id:
            partners[str(procedure.pk)] = str(procedure.partner_id)
        partner_name = procedure.partner.name if procedure.partner else None
        procedures[procedure.pk] = (
            procedure.code,
            procedure.name,
            procedure.domain,
            procedure.partner_id,
            partner_name,
        )
    common = groups.pop(COMMON, [])
    choices = [("", "— Choisir une démarche —"), (COMMON, common), *groups.items()]
    return {
        "choices": choices,
        # the select's options rendered once per catalogue version, nothing selected (counter/widgets.py)
        "options_html": options(FastSelect(choices=choices).optgroups("procedure", [])),
        "partners": partners,
        "procedures": procedures,
        "active_partners": list(Partner.objects.filter(is_active=True).order_by("name").values_list("pk", "name")),
    }


def catalogue() -> dict[str, Any]:
    """`choices` for the procedure select (grouped by partner) and its `options_html`, `partners`
    (procedure id → partner id), `procedures` (active ones: id → code, name, domain, partner id and name)
    and `active_partners` ([(id, name)] by name, as the partner selects list them)."""
    return cache_versions.cached(NAME, _build, timeout=TIMEOUT)


cache_versions.bump_on_change(NAME, Procedure, Partner)


def procedures(ids: Any, known: dict[str, Any] | None = None) -> dict[int, Procedure]:
    """The active procedures among `ids`, with their partner's name, read from the catalogue: what
    `Procedure.objects.filter(pk__in=ids, is_active=True).select_related("partner").in_bulk()` gives
    the counter screen (code, name, domain, partner), without a query."""
    table = (known or catalogue())["procedures"]
    found = {}
    for pk in ids:
        if pk not in table:
            continue
        code, name, domain, partner_id, partner_name = table[pk]
        procedure = Procedure(pk=pk, code=code, name=name, domain=domain, partner_id=partner_id, is_active=True)
        procedure._state.adding = False
        if partner_id is not None:
            procedure.partner = Partner(pk=partner_id, name=partner_name)
            procedure.partner._state.adding = False
        found[pk] = procedure
    return found


def codes(known: dict[str, Any] | None = None) -> dict[str, int]:
    """Active procedure codes → ids."""
    return {row[0]: pk for pk, row in (known or catalogue())["procedures"].items()}
