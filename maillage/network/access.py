"""Load objects "as this user": 404 when out of reach, 403 when visible but not editable."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from maillage.accounts.enums import Role
from maillage.accounts.scoping import managed_structure_filter
from maillage.network.models import Agreement, Place, Structure


def _user(request: HttpRequest) -> Any:
    return request.user


def get_structure_for_user(request: HttpRequest, uuid: Any, *, manage: bool = False) -> Structure:
    structure = get_object_or_404(Structure.objects.for_user(_user(request)), uuid=uuid)
    if manage and not can_manage(request, structure):
        raise PermissionDenied("Seuls les responsables de la structure peuvent faire cette modification.")
    return structure


def get_place_for_user(request: HttpRequest, uuid: Any, *, manage: bool = False) -> Place:
    place = get_object_or_404(Place.objects.for_user(_user(request)).select_related("structure"), uuid=uuid)
    if manage and not can_manage(request, place.structure):
        raise PermissionDenied("Seuls les responsables de la structure peuvent modifier ce lieu.")
    return place


def get_agreement_for_user(request: HttpRequest, uuid: Any) -> Agreement:
    agreement = get_object_or_404(Agreement.objects.for_user(_user(request)).select_related("structure"), uuid=uuid)
    if not can_manage(request, agreement.structure):
        raise PermissionDenied("Seuls les responsables de la structure peuvent modifier cette convention.")
    return agreement


def can_manage(request: HttpRequest, structure: Structure) -> bool:
    return Structure.objects.filter(managed_structure_filter(_user(request)), pk=structure.pk).exists()


def require_partner_editor(request: HttpRequest) -> None:
    user = _user(request)
    if not (user.is_administrator or Role.NETWORK_COORDINATOR in user.roles()):
        raise PermissionDenied("La liste des partenaires est gérée par la coordination et l'administration.")


def not_found() -> Http404:
    return Http404("Introuvable.")
