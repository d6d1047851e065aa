"""Counter use cases that span several models: record a request, the mediator's shortcuts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q

from maillage.counter.models import Procedure, Request, Visit

if TYPE_CHECKING:
    from maillage.accounts.models import User

DEFAULT_SHORTCUTS = [
    "ants_carte_identite",
    "caf_prime_activite",
    "cpam_carte_vitale",
    "dgfip_declaration_revenus",
    "cnav_retraite",
    "ft_actualisation",
    "email_creation",
    "understand_letter",
]
SHORTCUT_COUNT = 8
RECENT_WINDOW = 300


@dataclass(frozen=True)
class Shortcut:
    key: int
    procedure: Procedure

    @property
    def value(self) -> str:
        return f"{self.procedure.partner_id or ''}:{self.procedure.pk}"

    @property
    def label(self) -> str:
        procedure = self.procedure
        return f"{procedure.partner.name.split(' (')[0]} · {procedure.name}" if procedure.partner else procedure.name


def shortcuts_for(user: User) -> list[Shortcut]:
    """The mediator's most used procedures among their last requests, completed by national defaults."""
    recent = (
        Request.objects.filter(mediator=user, procedure__isnull=False)
        .order_by("-occurred_at")
        .values_list("procedure_id", flat=True)[:RECENT_WINDOW]
    )
    ranked = [pk for pk, _ in Counter(recent).most_common(SHORTCUT_COUNT)]
    wanted = Procedure.objects.filter(Q(pk__in=ranked) | Q(code__in=DEFAULT_SHORTCUTS), is_active=True)
    procedures = {p.pk: p for p in wanted.select_related("partner")}
    by_code = {p.code: p.pk for p in procedures.values()}
    for code in DEFAULT_SHORTCUTS:
        if len(ranked) >= SHORTCUT_COUNT:
            break
        pk = by_code.get(code)
        if pk is not None and pk not in ranked:
            ranked.append(pk)
    return [Shortcut(key=i, procedure=procedures[pk]) for i, pk in enumerate(ranked, start=1) if pk in procedures]


@transaction.atomic
def record_request(*, form: Any, mediator: User, visit: Visit | None) -> Request:
    """Save a valid request form in a visit (a new one unless continuing the same person's visit)."""
    request: Request = form.save(commit=False)
    request.mediator = mediator
    request.structure_id = request.place.structure_id
    request.visit = visit or Visit.objects.create()
    request.save()
    if request.person_id:
        request.person.touch()  # type: ignore[union-attr]
    return request
