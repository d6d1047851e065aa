"""What a report covers (a place, a structure, a network, a département or a partner's places) and
who may ask for it. The CLI passes no user: it reaches everything, like an administrator."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q

from maillage.accounts.enums import Role
from maillage.accounts.scoping import structure_filter
from maillage.network.models import Network, Partner, Place, Structure
from maillage.reports.period import Period
from maillage.territory.models import Departement

if TYPE_CHECKING:
    from maillage.accounts.models import User

KINDS = {
    "network": "réseau",
    "structure": "structure",
    "place": "lieu",
    "departement": "département",
    "partner": "partenaire",
}


class ScopeError(ValueError):
    """Unknown or forbidden scope: the French message says which."""


@dataclass(frozen=True)
class Scope:
    kind: str
    ident: str
    label: str
    structure_ids: frozenset[int]
    place_ids: frozenset[int] | None = None  # None: every place of the structures (the roll-up applies)
    network_id: int | None = None  # a whole network (its yearly footprint of people may apply)

    def request_filter(self) -> Q:
        query = Q(structure_id__in=self.structure_ids)
        if self.place_ids is not None:
            query &= Q(place_id__in=self.place_ids)
        return query

    def place_queryset(self) -> Q:
        query = Q(structure_id__in=self.structure_ids)
        return query & Q(pk__in=self.place_ids) if self.place_ids is not None else query


def _lookup(ident: str) -> Q:
    text = str(ident).strip()
    if text.isdigit():
        return Q(pk=int(text))
    try:
        return Q(uuid=uuid.UUID(text))
    except ValueError:
        raise ScopeError(f"« {text} » n'est pas un identifiant valide (nombre ou UUID).") from None


def reachable_structures(user: User | None) -> Q:
    return Q() if user is None else structure_filter(user, prefix="")


def viewer_partner(user: User | None) -> Partner | None:
    """The partner a partner viewer reads for, or None for every other role."""
    if user is None or user.is_administrator:
        return None
    if Role.PARTNER_VIEWER not in user.roles() or user.roles() - {Role.PARTNER_VIEWER}:
        return None
    membership = user.memberships.filter(role=Role.PARTNER_VIEWER).select_related("partner").first()
    return membership.partner if membership else None


def partner_scope(partner: Partner, period: Period) -> Scope:
    """A partner's figures come from the structures holding an agreement with it during the period."""
    ids = frozenset(
        partner.agreements.filter(Q(end__isnull=True) | Q(end__gte=period.start), start__lte=period.end).values_list(
            "structure_id", flat=True
        )
    )
    return Scope("partner", partner.code, "Structures conventionnées", ids)


def resolve_scope(kind: str, ident: str, *, user: User | None = None) -> Scope:
    """Find the scope and check the user may read it; raise ScopeError with a French message."""
    allowed = Structure.objects.filter(reachable_structures(user))
    if kind == "network":
        network = Network.objects.filter(_lookup(ident)).first()
        ids = frozenset(allowed.filter(network=network).values_list("pk", flat=True)) if network else frozenset()
        if network is None or not ids or (user is not None and not _covers_network(user, network)):
            raise ScopeError(f"Réseau « {ident} » introuvable ou hors de votre périmètre.")
        return Scope(kind, str(network.uuid), network.name, ids, network_id=network.pk)
    if kind == "structure":
        structure = allowed.filter(_lookup(ident)).first()
        if structure is None:
            raise ScopeError(f"Structure « {ident} » introuvable ou hors de votre périmètre.")
        return Scope(kind, str(structure.uuid), structure.name, frozenset({structure.pk}))
    if kind == "place":
        place = Place.objects.filter(_lookup(ident), structure__in=allowed).select_related("structure").first()
        if place is None:
            raise ScopeError(f"Lieu « {ident} » introuvable ou hors de votre périmètre.")
        return Scope(
            kind,
            str(place.uuid),
            f"{place.name} ({place.structure.name})",
            frozenset({place.structure_id}),
            frozenset({place.pk}),
        )
    if kind == "departement":
        departement = Departement.objects.filter(code=str(ident).strip().upper()).first()
        if departement is None:
            raise ScopeError(f"Département « {ident} » inconnu (code INSEE attendu, ex. 21 ou 2A).")
        places = Place.objects.filter(structure__in=allowed, commune__departement=departement)
        rows = list(places.values_list("pk", "structure_id"))
        if not rows:
            raise ScopeError(f"Aucun lieu de votre périmètre dans le département {departement.name}.")
        return Scope(
            kind,
            departement.code,
            f"{departement.name} ({departement.code})",
            frozenset(s for _, s in rows),
            frozenset(p for p, _ in rows),
        )
    raise ScopeError(f"Périmètre « {kind} » inconnu : choisissez parmi {', '.join(KINDS)}.")


def _covers_network(user: User, network: Network) -> bool:
    """A whole network is for its coordinators and administrators, not for one structure's staff."""
    if user.is_administrator:
        return True
    return user.memberships.filter(role=Role.NETWORK_COORDINATOR, network=network).exists()
