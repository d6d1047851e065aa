"""Referrals: create from a request, follow them, answer on the platform or through a signed link."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from maillage.accounts.enums import STRUCTURE_ROLES
from maillage.accounts.scoping import structure_filter
from maillage.counter.models import Request
from maillage.lib.params import uuid_param
from maillage.lib.text import normalise_name
from maillage.navigation import reach_for
from maillage.network.models import Place, Structure
from maillage.ratelimit import check, too_many_page
from maillage.referrals.forms import CloseForm, ReferralForm, RefuseForm
from maillage.referrals.links import LinkError, read_token
from maillage.referrals.models import Referral, ReferralAttachment, TransitionError
from maillage.referrals.tasks import notify_referral


def _user(request: HttpRequest) -> Any:
    return request.user


def referral_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    box = request.GET.get("boite", "recues")
    base = Referral.objects.received_by(user) if box == "recues" else Referral.objects.sent_by(user)
    rows = base.select_related("from_structure", "to_structure", "to_place").order_by("-created_at")
    page = Paginator(rows, 25).get_page(request.GET.get("page"))
    context = {"page": page, "box": box, "can_see_chain": reach_for(user).chain}
    return render(request, "referrals/list.html", context)


def referral_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    source = get_object_or_404(
        Request.objects.for_user(user).select_related("structure"), uuid=uuid_param(request.GET, "demande")
    )
    form = ReferralForm(
        request.POST or None,
        request.FILES or None,
        instance=Referral(
            request=source,
            from_structure=source.structure,
            campaign_id=source.campaign_id,  # tagged as its request
        ),
    )
    if request.method == "POST" and form.is_valid():
        referral = form.save(commit=False)
        referral.created_by = user
        referral.save()
        upload = form.cleaned_data.get("attachment")
        if upload:
            ReferralAttachment.objects.create(referral=referral, file=upload, name=upload.name, size=upload.size)
        notify_referral.enqueue(referral.pk, request.build_absolute_uri("/"))
        messages.success(request, f"Orientation envoyée à {referral.target_name}.")
        return redirect("referrals:detail", uuid=referral.uuid)
    return render(request, "referrals/create.html", {"form": form, "source": source})


@require_GET
def place_options(request: HttpRequest) -> HttpResponse:
    """Options of the destination select, for the text typed in the search box (htmx)."""
    text = request.GET.get("q", "").strip()
    places: list[Place] = []
    if len(text) >= 2:
        key = normalise_name(text)
        places = list(
            Place.objects.public()
            .filter(Q(name__icontains=text) | Q(commune__search_name__startswith=key) | Q(postcode=text))
            .select_related("commune", "structure")
            .order_by("name")[:30]
        )
    return render(request, "referrals/_place_options.html", {"places": places, "text": text})


def _can_answer(request: HttpRequest, referral: Referral) -> bool:
    roles = set(STRUCTURE_ROLES)
    if referral.to_structure_id is None:
        return False
    return Structure.objects.filter(
        structure_filter(_user(request), prefix="", roles=roles), pk=referral.to_structure_id
    ).exists()


def referral_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    referral = get_object_or_404(
        Referral.objects.for_user(_user(request)).select_related("from_structure", "to_structure", "to_place"),
        uuid=uuid,
    )
    can_answer = _can_answer(request, referral)
    if request.method == "POST":
        if not can_answer:
            raise PermissionDenied("Seule la structure destinataire répond à une orientation.")
        return _answer(request, referral, via="platform", back=redirect("referrals:detail", uuid=referral.uuid))
    return render(request, "referrals/detail.html", _detail_context(referral, can_answer=can_answer))


def _detail_context(referral: Referral, *, can_answer: bool) -> dict[str, Any]:
    return {
        "referral": referral,
        "events": referral.events.select_related("user"),
        "can_answer": can_answer,
        "refuse_form": RefuseForm(),
        "close_form": CloseForm(),
    }


def _answer(request: HttpRequest, referral: Referral, *, via: str, back: HttpResponse) -> HttpResponse:
    action = request.POST.get("action")
    user = _user(request) if request.user.is_authenticated else None
    try:
        if action == "accept":
            referral.accept(user=user, via=via)
            messages.success(request, "Orientation acceptée : la structure d'origine est prévenue.")
        elif action == "refuse":
            form = RefuseForm(request.POST)
            if not form.is_valid():
                raise TransitionError("Indiquez le motif du refus.")
            referral.refuse(user=user, reason=form.cleaned_data["reason"], via=via)
            messages.success(request, "Orientation refusée.")
        elif action == "close":
            close = CloseForm(request.POST)
            if not close.is_valid():
                raise TransitionError("Choisissez la suite donnée.")
            if close.cleaned_data["outcome"] == "done":
                referral.complete(user=user, feedback=close.cleaned_data["feedback"], via=via)
            else:
                referral.mark_no_show(user=user, via=via)
            messages.success(request, "Orientation clôturée : merci pour votre retour.")
        else:
            raise TransitionError("Action inconnue.")
    except TransitionError as exc:
        messages.error(request, str(exc))
    return back


def _link_referral(request: HttpRequest, token: str) -> Referral | HttpResponse:
    """The referral a signed link names, or the French page saying why the link cannot be used.

    Views and attachments through links share one limit per address (REFERRAL_LINK_RATE_LIMIT).
    """
    verdict = check(request, "referral-link", "REFERRAL_LINK_RATE_LIMIT")
    if not verdict.allowed:
        return too_many_page(request, verdict)
    try:
        return read_token(token)
    except LinkError as exc:
        return render(request, "referrals/link_error.html", {"message": str(exc)}, status=400)


def _closed_page(request: HttpRequest, referral: Referral) -> HttpResponse:
    """A closed or expired referral: its status only, no person, reason or attachment."""
    return render(request, "referrals/link_closed.html", {"referral": referral}, status=410)


@login_not_required
def answer_by_link(request: HttpRequest, token: str) -> HttpResponse:
    referral = _link_referral(request, token)
    if isinstance(referral, HttpResponse):
        return referral
    if not referral.is_external:
        return render(
            request,
            "referrals/link_error.html",
            {"message": "Cette orientation se traite sur la plateforme : connectez-vous."},
            status=400,
        )
    if request.method == "POST":
        return _answer(request, referral, via="link", back=redirect("referrals:answer", token=token))
    if referral.is_closed_for_link:
        return _closed_page(request, referral)
    context = _detail_context(referral, can_answer=True)
    context["external"] = True
    context["token"] = token
    return render(request, "referrals/detail.html", context)


def _chain_scope(request: HttpRequest) -> Any:
    """Structures whose chain the user may see: their own, or their networks' for coordinators."""
    from maillage.accounts.enums import Role

    roles = set(STRUCTURE_ROLES) | {Role.NETWORK_COORDINATOR}
    return Structure.objects.filter(structure_filter(_user(request), prefix="", roles=roles))


def chain_view(request: HttpRequest) -> HttpResponse:
    from maillage.referrals.chain import build_chain

    scope = _chain_scope(request)
    if not scope.exists():
        raise PermissionDenied("La chaîne des orientations est réservée aux structures et à la coordination.")
    chain = build_chain(scope)
    if request.GET.get("format") == "csv":
        return _chain_csv(chain)
    return render(request, "referrals/chain.html", {"chain": chain, "scope": scope})


def chain_svg_view(request: HttpRequest) -> HttpResponse:
    from maillage.referrals.chain import build_chain
    from maillage.referrals.chart import chain_svg

    scope = _chain_scope(request)
    if not scope.exists():
        raise PermissionDenied("La chaîne des orientations est réservée aux structures et à la coordination.")
    return HttpResponse(chain_svg(build_chain(scope)), content_type="image/svg+xml")


def _chain_csv(chain: Any) -> HttpResponse:
    from maillage.lib.spreadsheet import CellValue, csv_text

    rows: list[list[CellValue]] = [
        [
            "Structure d'origine",
            "Destinataire",
            "Orientations envoyées",
            "Acceptées",
            "Réalisées",
            "Refusées",
            "Expirées",
            "Taux d'acceptation",
            "Taux de réalisation",
            "Délai médian de clôture (heures)",
            "Personnes adressées (demandes enregistrées)",
        ]
    ]
    for link in chain.links:
        rows.append(
            [
                link.source,
                link.target,
                link.sent,
                link.accepted,
                link.done,
                link.refused,
                link.expired,
                _pct(link.acceptance_rate),
                _pct(link.completion_rate),
                "" if link.median_close_hours is None else f"{link.median_close_hours:.1f}".replace(".", ","),
                link.upstream,
            ]
        )
    response = HttpResponse(csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="chaine-orientations.csv"'
    return response


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f} %"


def _attachment_response(referral: Referral, pk: int) -> FileResponse:
    attachment = get_object_or_404(referral.attachments, pk=pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:  # deleted from the storage (retention, restore without files)
        raise Http404("Cette pièce jointe n'est plus disponible.") from exc
    return FileResponse(handle, as_attachment=True, filename=attachment.name)


def attachment_download(request: HttpRequest, uuid: str, pk: int) -> FileResponse:
    referral = get_object_or_404(Referral.objects.for_user(_user(request)), uuid=uuid)
    return _attachment_response(referral, pk)


@login_not_required
def attachment_by_link(request: HttpRequest, token: str, pk: int) -> HttpResponseBase:
    """Only an open external referral's link opens its attachments; internal ones go through the platform."""
    referral = _link_referral(request, token)
    if isinstance(referral, HttpResponse):
        return referral
    if not referral.is_external:
        raise Http404("Pièce jointe introuvable.")
    if referral.is_closed_for_link:
        return _closed_page(request, referral)
    return _attachment_response(referral, pk)
