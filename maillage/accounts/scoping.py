"""One place that says what a user may reach: the `for_user` filters of every scoped model."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from maillage.accounts.enums import STRUCTURE_ROLES, Role

if TYPE_CHECKING:
    from maillage.accounts.models import User

NOTHING = Q(pk__in=[])


def structure_filter(user: User, *, prefix: str, roles: set[Role] | None = None) -> Q:
    """Q object limiting a query to structures the user works for (prefix leads to the Structure).

    Administrators reach everything; structure staff reach their structures; network coordinators
    reach the structures of their networks; partner viewers reach no structure data (aggregates only).
    """
    if not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.is_administrator:
        return Q()
    wanted = roles or (STRUCTURE_ROLES | {Role.NETWORK_COORDINATOR})
    memberships = list(user.memberships.filter(role__in=wanted).values_list("role", "structure_id", "network_id"))
    structure_ids = [s for role, s, _ in memberships if role in STRUCTURE_ROLES and s]
    network_ids = [n for role, _, n in memberships if role == Role.NETWORK_COORDINATOR and n]
    query = NOTHING
    if structure_ids:
        query |= Q(**{f"{prefix}id__in" if prefix else "id__in": structure_ids})
    if network_ids:
        query |= Q(**{f"{prefix}network_id__in": network_ids})
    return query


def managed_structure_filter(user: User, *, prefix: str = "") -> Q:
    """Structures the user may edit: managers of the structure, coordinators of its network, admins."""
    return structure_filter(user, prefix=prefix, roles={Role.STRUCTURE_MANAGER, Role.NETWORK_COORDINATOR})
