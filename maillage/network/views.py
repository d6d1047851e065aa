"""Back office for structure managers: places, hours, partners, agreements, staff."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import ProtectedError
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from maillage.accounts.enums import Role
from maillage.accounts.models import Invitation, Membership
from maillage.navigation import reach_for
from maillage.network import geocoding
from maillage.network.access import (
    can_manage,
    get_agreement_for_user,
    get_place_for_user,
    get_structure_for_user,
    require_partner_editor,
)
from maillage.network.forms import (
    AgreementForm,
    InvitationForm,
    OutreachStopFormSet,
    PartnerForm,
    PlaceForm,
    StructureForm,
)
from maillage.network.models import Partner, Place, Structure
from maillage.network.tasks import send_invitation_email
from maillage.territory.picking import commune_label, find_communes


def _user(request: HttpRequest) -> Any:
    return request.user


def dashboard(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    structures = Structure.objects.for_user(user).select_related("network").order_by("name")
    page = Paginator(structures, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "network/dashboard.html",
        {
            "page": page,
            "is_partner_viewer": Role.PARTNER_VIEWER in user.roles(),
            "can_export": bool(user.roles() & {Role.STRUCTURE_MANAGER, Role.NETWORK_COORDINATOR, Role.ADMINISTRATOR}),
        },
    )


def structure_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    structure = get_structure_for_user(request, uuid)
    places = structure.places.select_related("commune").order_by("name")
    return render(
        request,
        "network/structure_detail.html",
        {
            "structure": structure,
            "places": places,
            "agreements": structure.agreements.select_related("partner").order_by("-start"),
            "members": structure.memberships.select_related("user").order_by("user__email"),
            "invitations": structure.invitations.pending(),
            "can_manage": can_manage(request, structure),
            "can_read_access_log": reach_for(_user(request)).manages(structure.pk),
        },
    )


def _edit(request: HttpRequest, form: Any, *, message: str, title: str, back: Structure | None) -> HttpResponse:
    """The shared shape of simple edit pages: save on a valid POST, else show the form."""
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, message)
        return redirect("network:structure", uuid=back.uuid) if back else redirect("network:partners")
    return render(request, "network/form.html", {"form": form, "title": title, "back": back})


def structure_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    structure = get_structure_for_user(request, uuid, manage=True)
    form = StructureForm(request.POST or None, instance=structure)
    return _edit(
        request, form, message="La structure a été mise à jour.", title=f"Modifier {structure.name}", back=structure
    )


def _save_place(request: HttpRequest, form: PlaceForm, stops: Any) -> Place | None:
    if not (form.is_valid() and stops.is_valid()):
        return None
    if form.has_changed() or stops.has_changed():
        form.instance.mark_updated()  # the `date_maj` of the national file and data·inclusion
    with transaction.atomic():
        place = form.save()
        stops.instance = place
        stops.save()
    return place


def _place_page(request: HttpRequest, structure: Structure, place: Place | None) -> HttpResponse:
    """Create or edit a place. "Trouver l'adresse" (action=locate) fills the form from the geocoder
    and shows it again unsaved; a geocoder failure is a note on the page, never a refusal to save."""
    instance = place or Place(structure=structure)
    data: QueryDict | None = request.POST if request.method == "POST" else None
    form = PlaceForm(data, instance=instance)
    geocoder_note = None
    if data is not None and request.POST.get("action") == "locate":
        data, text, found = form.located()
        form = PlaceForm(data, instance=instance)
        geocoder_note = {"text": text, "found": found}
    stops = OutreachStopFormSet(data, instance=instance if place else None, prefix="stops")
    if data is not None and geocoder_note is None:
        saved = _save_place(request, form, stops)
        if saved:
            if place:
                messages.success(request, "Le lieu a été mis à jour.")
            else:
                messages.success(request, f"Le lieu « {saved.name} » a été créé.")
            return redirect("network:place_edit", uuid=saved.uuid)
        if place:
            messages.error(request, "Les modifications n'ont pas été enregistrées : corrigez les champs signalés.")
        else:
            messages.error(request, "Le lieu n'a pas été enregistré : corrigez les champs signalés.")
    context = {
        "form": form,
        "stops": stops,
        "structure": structure,
        "place": place,
        "geocoder": geocoding.is_configured(),
        "geocoder_note": geocoder_note,
        "tiles_url": settings.MAP_TILES_URL,
        "tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
    }
    return render(request, "network/place_form.html", context)


def place_create(request: HttpRequest, uuid: str) -> HttpResponse:
    return _place_page(request, get_structure_for_user(request, uuid, manage=True), None)


def place_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    place = get_place_for_user(request, uuid, manage=True)
    return _place_page(request, place.structure, place)


@require_GET
def commune_suggestions(request: HttpRequest, uuid: str) -> JsonResponse:
    """Communes for the place form's commune box, for those who may add places to this structure."""
    get_structure_for_user(request, uuid, manage=True)
    text = request.GET.get("q", "").strip()[:100]
    communes = find_communes(text) if len(text) >= 2 else []
    results = [{"code": c.code, "label": commune_label(c), "lat": c.lat, "lon": c.lon} for c in communes]
    return JsonResponse({"results": results})


def place_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    place = get_place_for_user(request, uuid, manage=True)
    if request.method == "POST":
        structure = place.structure
        name = place.name
        try:
            place.delete()
        except ProtectedError:  # requests recorded there keep their place: statistics must not lose them
            messages.error(
                request,
                f"Le lieu « {name} » a des demandes enregistrées et ne peut pas être supprimé : "
                "retirez-le plutôt de l'annuaire (case « publié »).",
            )
            return redirect("network:place_edit", uuid=place.uuid)
        messages.success(request, f"Le lieu « {name} » a été supprimé.")
        return redirect("network:structure", uuid=structure.uuid)
    return render(request, "network/confirm_delete.html", {"object": place, "back": place.structure})


@require_POST
def place_confirm(request: HttpRequest, uuid: str) -> HttpResponse:
    place = get_place_for_user(request, uuid, manage=True)
    place.confirm()
    messages.success(request, f"Les informations de « {place.name} » sont confirmées à jour.")
    return redirect("network:structure", uuid=place.structure.uuid)


def partner_list(request: HttpRequest) -> HttpResponse:
    partners = Partner.objects.order_by("name")
    user = _user(request)
    can_edit = user.is_administrator or Role.NETWORK_COORDINATOR in user.roles()
    return render(request, "network/partner_list.html", {"partners": partners, "can_edit": can_edit})


def partner_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    require_partner_editor(request)
    partner = get_object_or_404(Partner, code=code) if code else Partner()
    form = PartnerForm(request.POST or None, instance=partner)
    title = f"Modifier {partner.name}" if code else "Nouveau partenaire"
    return _edit(request, form, message="Le partenaire a été enregistré.", title=title, back=None)


def agreement_create(request: HttpRequest, uuid: str) -> HttpResponse:
    structure = get_structure_for_user(request, uuid, manage=True)
    form = AgreementForm(request.POST or None, structure=structure)
    return _edit(request, form, message="La convention a été enregistrée.", title="Nouvelle convention", back=structure)


def agreement_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    agreement = get_agreement_for_user(request, uuid)
    form = AgreementForm(request.POST or None, instance=agreement, structure=agreement.structure)
    return _edit(
        request,
        form,
        message="La convention a été mise à jour.",
        title=f"Convention {agreement.partner.name}",
        back=agreement.structure,
    )


def agreement_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    agreement = get_agreement_for_user(request, uuid)
    if request.method == "POST":
        structure = agreement.structure
        agreement.delete()
        messages.success(request, "La convention a été supprimée.")
        return redirect("network:structure", uuid=structure.uuid)
    return render(request, "network/confirm_delete.html", {"object": agreement, "back": agreement.structure})


def staff_invite(request: HttpRequest, uuid: str) -> HttpResponse:
    structure = get_structure_for_user(request, uuid, manage=True)
    form = InvitationForm(request.POST or None, structure=structure)
    if request.method == "POST" and form.is_valid():
        invitation = form.save(commit=False)
        invitation.structure = structure
        invitation.invited_by = _user(request)
        invitation.save()
        send_invitation_email.enqueue(invitation.pk, request.build_absolute_uri("/"))
        messages.success(request, f"Invitation envoyée à {invitation.email}.")
        return redirect("network:structure", uuid=structure.uuid)
    return render(
        request,
        "network/form.html",
        {"form": form, "title": "Inviter un membre de l'équipe", "back": structure},
    )


@require_POST
def invitation_revoke(request: HttpRequest, uuid: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation, uuid=uuid)
    structure = get_structure_for_user(request, invitation.structure.uuid, manage=True)
    invitation.revoke()
    messages.success(request, f"L'invitation de {invitation.email} est annulée.")
    return redirect("network:structure", uuid=structure.uuid)


@require_POST
def membership_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        Membership.objects.select_related("structure", "user"), pk=pk, structure__isnull=False
    )
    structure = get_structure_for_user(request, membership.structure.uuid, manage=True)  # type: ignore[union-attr]
    if membership.user_id == _user(request).pk:
        messages.error(request, "Vous ne pouvez pas retirer votre propre accès.")
    else:
        membership.delete()
        messages.success(request, f"{membership.user} n'a plus accès à {structure.name}.")
    return redirect("network:structure", uuid=structure.uuid)
