"""Who handles vouchers: staff of a structure issue and redeem; managers (and network coordinators,
administrators) run its series, ledger and claims. Each helper refuses in French (403) otherwise."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from maillage.accounts.enums import Role
from maillage.accounts.scoping import managed_structure_filter
from maillage.network.models import Network, Structure
from maillage.vouchers.models import staff_structure_ids


def user_of(request: HttpRequest) -> Any:
    return request.user


def staff_ids(request: HttpRequest) -> set[int]:
    """The structures whose vouchers the user issues and redeems; 403 for anyone else."""
    ids = staff_structure_ids(user_of(request))
    if not ids:
        raise PermissionDenied("Les bons sont réservés aux équipes des structures.")
    return ids


def managed_structures(request: HttpRequest) -> list[Structure]:
    """Structures whose series, ledger and claims the user runs; 403 for anyone else."""
    structures = list(Structure.objects.filter(managed_structure_filter(user_of(request))).distinct().order_by("name"))
    if not structures:
        raise PermissionDenied("Le suivi des bons est réservé aux responsables de structure et à la coordination.")
    return structures


def coordinated_networks(request: HttpRequest) -> list[Network]:
    user = user_of(request)
    if user.is_administrator:
        return list(Network.objects.order_by("name"))
    ids = user.memberships.filter(role=Role.NETWORK_COORDINATOR).values_list("network_id", flat=True)
    return list(Network.objects.filter(pk__in=ids).order_by("name"))
