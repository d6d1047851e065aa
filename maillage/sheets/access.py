"""Who reaches which practice sheet, read from the user's memberships in one query.

Readers: a published sheet kept to a structure is read by that structure's staff; a sheet shared with
the network by the staff of every structure of the network; coordinators read their network's sheets.
Working copies (drafts, reviews, reports, history) are for the author and the reviewers: managers of
the author's structure, and the network's coordinators for sheets shared with the network.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from maillage.accounts.enums import STRUCTURE_ROLES, Role
from maillage.sheets.enums import SheetScope

if TYPE_CHECKING:
    from maillage.accounts.models import User

NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class SheetAccess:
    user_id: int | None
    admin: bool = False
    staff: frozenset[int] = frozenset()  # structures the user works for
    managed: frozenset[int] = frozenset()  # structures the user manages
    coordinated: frozenset[int] = frozenset()  # networks the user coordinates

    @property
    def opens_sheets(self) -> bool:
        return self.admin or bool(self.staff or self.coordinated)

    def reviews(self, sheet: Any) -> bool:
        if self.admin or sheet.structure_id in self.managed:
            return True
        return sheet.scope == SheetScope.NETWORK and sheet.structure.network_id in self.coordinated

    def works_on(self, sheet: Any) -> bool:
        return (self.user_id is not None and sheet.author_id == self.user_id) or self.reviews(sheet)

    def working(self) -> Q:
        if self.admin:
            return Q()
        if self.user_id is None:
            return NOTHING
        return (
            Q(author_id=self.user_id)
            | Q(structure_id__in=self.managed)
            | Q(scope=SheetScope.NETWORK, structure__network_id__in=self.coordinated)
        )

    def readable(self) -> Q:
        if self.admin:
            return Q()
        from maillage.network.models import Structure

        staff_networks = Structure.objects.filter(pk__in=self.staff).values("network_id")
        reach = (
            Q(structure_id__in=self.staff)
            | Q(structure__network_id__in=self.coordinated)
            | Q(scope=SheetScope.NETWORK, structure__network_id__in=staff_networks)
        )
        return (Q(published_version__isnull=False) & reach) | self.working()


def access_for(user: User) -> SheetAccess:
    """Read once per request (cached on the user object)."""
    cached: SheetAccess | None = getattr(user, "_sheet_access", None)
    if cached is not None:
        return cached
    if not user.is_authenticated or not user.is_active:
        return SheetAccess(user_id=None)
    rows = list(user.memberships.values_list("role", "structure_id", "network_id"))
    access = SheetAccess(
        user_id=user.pk,
        admin=user.is_superuser or any(role == Role.ADMINISTRATOR for role, _, _ in rows),
        staff=frozenset(s for role, s, _ in rows if role in STRUCTURE_ROLES and s),
        managed=frozenset(s for role, s, _ in rows if role == Role.STRUCTURE_MANAGER and s),
        coordinated=frozenset(n for role, _, n in rows if role == Role.NETWORK_COORDINATOR and n),
    )
    user._sheet_access = access  # type: ignore[attr-defined]
    return access
