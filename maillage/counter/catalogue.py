"""The procedure catalogue as the counter screen needs it, cached until a procedure or partner changes."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from maillage.counter.models import Procedure
from maillage.network.models import Partner

KEY = "counter:catalogue:v1"
TIMEOUT = 300  # in the shared cache: every server process sees the invalidation at once
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
    value = cache.get(KEY)
    if value is None:
        value = _build()
        cache.set(KEY, value, TIMEOUT)
    return value


@receiver([post_save, post_delete], sender=Procedure)
@receiver([post_save, post_delete], sender=Partner)
def _forget(**kwargs: Any) -> None:
    cache.delete(KEY)
