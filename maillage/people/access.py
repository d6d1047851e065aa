"""Who reaches whose profile.

- A person of a structure (mediator or manager) reads their own profile and proposes additions.
- A manager of structure A reads and edits the profile of anyone who works in A (mediator or manager
  membership). The person-wide entries (skills, trainings, habilitations, languages) are shown whole;
  employment periods and assignments only those of A (a period in B, an assignment at a place of B
  stay B's business, even when the manager can see the person).
- Administrators reach every profile and every entry. Network coordinators, partners and the public
  reach no profile (coordinators see the network figures on the indicators page).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from maillage.accounts.enums import STRUCTURE_ROLES, Role
from maillage.accounts.models import User
from maillage.network.models import Structure

STAFF_ONLY = "Les profils sont réservés aux équipes des structures."
MANAGERS_ONLY = "Seuls les responsables de la structure gèrent les profils de son équipe."


def staff_user(request: HttpRequest) -> Any:
    """The signed-in user when they work for a structure (or administer the platform); 403 otherwise."""
    user: Any = request.user
    if not user.roles() & (STRUCTURE_ROLES | {Role.ADMINISTRATOR}):
        raise PermissionDenied(STAFF_ONLY)
    return user


def managed_structures(user: Any) -> QuerySet[Structure]:
    if user.is_administrator:
        return Structure.objects.all()
    return Structure.objects.filter(memberships__user=user, memberships__role=Role.STRUCTURE_MANAGER).distinct()


def manager_user(request: HttpRequest) -> Any:
    user = staff_user(request)
    if not user.is_administrator and not managed_structures(user).exists():
        raise PermissionDenied(MANAGERS_ONLY)
    return user


def team_of(user: Any) -> QuerySet[User]:
    """People working in the structures this manager manages (administrators: every structure's staff)."""
    staff = User.objects.filter(memberships__role__in=list(STRUCTURE_ROLES))
    if not user.is_administrator:
        staff = staff.filter(memberships__structure__in=managed_structures(user))
    return staff.distinct().order_by("last_name", "first_name", "pk")


def get_member_for_manager(request: HttpRequest, uuid: Any) -> tuple[Any, User, QuerySet[Structure]]:
    """(manager, person, structures they share): 404 for a person outside the manager's structures."""
    manager = manager_user(request)
    person = get_object_or_404(team_of(manager), uuid=uuid)
    return manager, person, shared_structures(manager, person)


def shared_structures(manager: Any, person: User) -> QuerySet[Structure]:
    """The structures whose periods and assignments of `person` the manager sees and edits."""
    structures = managed_structures(manager)
    if manager.is_administrator:
        return structures
    return structures.filter(memberships__user=person, memberships__role__in=list(STRUCTURE_ROLES)).distinct()
