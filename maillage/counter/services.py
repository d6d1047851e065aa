"""Counter use cases that span several models: record a request (once per phone uuid), the mediator's shortcuts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from maillage.counter import catalogue
from maillage.counter.models import PinnedShortcut, Procedure, Request, Visit

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.network.models import Place

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
SUGGESTION_COUNT = 4
SHORTCUT_ACTIONS = {"pin", "unpin", "up", "down"}


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


def _pinned_ids(user: User, known: dict[str, Any] | None = None) -> list[int]:
    """The mediator's pinned procedures in their order; national defaults until they pin their own."""
    pinned = list(
        PinnedShortcut.objects.filter(mediator=user).order_by("position").values_list("procedure_id", flat=True)
    )
    if pinned:
        return pinned
    by_code = catalogue.codes(known)
    return [by_code[code] for code in DEFAULT_SHORTCUTS if code in by_code]


def shortcuts_for(user: User, *, known: dict[str, Any] | None = None) -> list[Shortcut]:
    """Keys 1 to 8: what the mediator pinned, in their order. Usage never renumbers them.

    `known` is the catalogue when the caller has read it already (procedures come from it)."""
    ids = _pinned_ids(user, known)[:SHORTCUT_COUNT]
    procedures = catalogue.procedures(ids, known)
    return [Shortcut(key=i, procedure=procedures[pk]) for i, pk in enumerate((p for p in ids if p in procedures), 1)]


def suggested_shortcuts(
    user: User,
    *,
    shortcuts: list[Shortcut] | None = None,
    limit: int = SUGGESTION_COUNT,
    known: dict[str, Any] | None = None,
) -> list[Procedure]:
    """The mediator's most used procedures of late that are not pinned: offered, never applied."""
    recent = (
        Request.objects.filter(mediator=user, procedure__isnull=False)
        .order_by("-occurred_at")
        .values_list("procedure_id", flat=True)[:RECENT_WINDOW]
    )
    pinned = {s.procedure.pk for s in (shortcuts_for(user, known=known) if shortcuts is None else shortcuts)}
    ranked = [pk for pk, _ in Counter(recent).most_common() if pk not in pinned][:limit]
    procedures = catalogue.procedures(ranked, known)
    return [procedures[pk] for pk in ranked if pk in procedures]


@transaction.atomic
def change_shortcuts(*, mediator: User, procedure: Procedure, action: str) -> str:
    """Pin, unpin, move up or down one procedure; returns a French message for the mediator.

    The first change starts from what the keys show (the national defaults), so nothing moves
    that the mediator did not touch."""
    ids = _pinned_ids(mediator)[:SHORTCUT_COUNT]
    if action == "pin":
        if procedure.pk in ids:
            return "Cette démarche est déjà épinglée."
        if len(ids) >= SHORTCUT_COUNT:
            return f"Huit raccourcis au plus : retirez-en un avant d'épingler « {procedure.name} »."
        ids.append(procedure.pk)
        message = f"« {procedure.name} » est épinglée sur la touche {len(ids)}."
    elif procedure.pk not in ids:
        return "Cette démarche n'est pas épinglée."
    elif action == "unpin":
        ids.remove(procedure.pk)
        message = f"« {procedure.name} » n'est plus épinglée."
    else:
        index = ids.index(procedure.pk)
        other = index - 1 if action == "up" else index + 1
        if not 0 <= other < len(ids):
            return "Ce raccourci est déjà à cette place."
        ids[index], ids[other] = ids[other], ids[index]
        message = f"« {procedure.name} » est maintenant sur la touche {other + 1}."
    PinnedShortcut.objects.filter(mediator=mediator).delete()
    PinnedShortcut.objects.bulk_create(
        [PinnedShortcut(mediator=mediator, procedure_id=pk, position=i) for i, pk in enumerate(ids, 1)]
    )
    return message


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


UUID_TAKEN = "Cet identifiant de demande est déjà utilisé par une autre personne ou pour un autre lieu."


def _replayed(client_uuid: UUID, mediator: User, place: Place) -> Request | None:
    stored = Request.objects.filter(client_uuid=client_uuid).first()
    if stored is None:
        return None
    if stored.mediator_id != mediator.pk or stored.place_id != place.pk:
        raise ValidationError(UUID_TAKEN)
    return stored


def record_request_once(*, client_uuid: UUID, mediator: User, place: Place, **fields: Any) -> tuple[Request, bool]:
    """Store a request made on a phone (a new visit of its own), once per `client_uuid`.

    Returns the request and whether it was stored now: the same uuid again from the same mediator for
    the same place returns the stored request (a replayed queue); from anyone else, or for another
    place, it is refused in French. Two copies racing are settled by the unique index."""
    stored = _replayed(client_uuid, mediator, place)
    if stored is not None:
        return stored, False
    request = Request(
        client_uuid=client_uuid, mediator=mediator, place=place, structure_id=place.structure_id, **fields
    )
    request.full_clean(exclude=["client_uuid", "visit"])  # the unique uuid is settled by the database below
    try:
        with transaction.atomic():
            request.visit = Visit.objects.create()
            request.save()
    except IntegrityError:
        stored = _replayed(client_uuid, mediator, place)
        if stored is None:
            raise
        return stored, False
    return request, True
