"""Back office: the places a manager or a coordinator may edit, in the national standard, and those
the standard or data·inclusion would refuse, with what to fill in. Mediators and partner viewers get 403; a structure
or network out of the user's reach is 404."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from maillage.accounts.enums import Role
from maillage.accounts.scoping import managed_structure_filter
from maillage.exchange.forms import may_import
from maillage.exchange.lieux_export import SCHEMA_VERSION
from maillage.exchange.lieux_files import FILE_STEM, PlacesFile, incomplete
from maillage.exchange.views_open_data import file_response
from maillage.network.access import get_structure_for_user
from maillage.network.models import Network, Place, Structure

EXPORT_ROLES = {Role.STRUCTURE_MANAGER, Role.NETWORK_COORDINATOR, Role.ADMINISTRATOR}


def can_export(user: Any) -> bool:
    return bool(user.roles() & EXPORT_ROLES)


def _exporter(request: HttpRequest) -> Any:
    user = request.user
    if not can_export(user):
        raise PermissionDenied("L'export des lieux est réservé aux responsables de structure et à la coordination.")
    return user


def coordinated_networks(user: Any) -> QuerySet[Network]:
    if user.is_administrator:
        return Network.objects.all()
    return Network.objects.filter(pk__in=user.memberships.filter(role=Role.NETWORK_COORDINATOR).values("network_id"))


def _managed_places(user: Any) -> QuerySet[Place]:
    return Place.objects.filter(managed_structure_filter(user, prefix="structure__"))


@require_GET
def structure_places(request: HttpRequest, uuid: str, file_format: str) -> StreamingHttpResponse:
    _exporter(request)
    structure = get_structure_for_user(request, uuid, manage=True)
    name = f"{FILE_STEM}-{slugify(structure.name)}"
    return file_response(PlacesFile(structure.places.all()), file_format, name)


@require_GET
def network_places(request: HttpRequest, uuid: str, file_format: str) -> StreamingHttpResponse:
    network = get_object_or_404(coordinated_networks(_exporter(request)), uuid=uuid)
    name = f"{FILE_STEM}-{slugify(network.name)}"
    places = Place.objects.filter(structure__network=network)
    return file_response(PlacesFile(places), file_format, name)


@require_GET
def exports(request: HttpRequest) -> HttpResponse:
    user = _exporter(request)
    structures = Structure.objects.filter(managed_structure_filter(user)).select_related("network").order_by("name")
    return render(
        request,
        "exchange/places_export.html",
        {
            "networks": coordinated_networks(user).order_by("name"),
            "page": Paginator(structures, 25).get_page(request.GET.get("page")),
            "incomplete": incomplete(_managed_places(user)),
            "schema_version": SCHEMA_VERSION,
            "may_import": may_import(user),
        },
    )


@require_GET
def incomplete_places(request: HttpRequest) -> HttpResponse:
    user = _exporter(request)
    found = incomplete(_managed_places(user))
    page = Paginator(found.items, 50).get_page(request.GET.get("page"))
    return render(request, "exchange/places_incomplete.html", {"page": page, "incomplete": found})
