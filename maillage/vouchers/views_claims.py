"""The money side of vouchers, for managers: the ledger, redeemed-but-unpaid vouchers, monthly claims
(drafted, their CSV/XLSX file, sent, paid)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.vouchers.access import managed_structures, user_of
from maillage.vouchers.claim_file import claim_response
from maillage.vouchers.forms import ClaimForm, PaidForm
from maillage.vouchers.ledger import ledger
from maillage.vouchers.models import Claim, Redemption, VoucherSeries
from maillage.vouchers.services import draft_claim

PER_PAGE = 25


def ledger_view(request: HttpRequest) -> HttpResponse:
    """All time by default; `?annee=2026` for one calendar year."""
    structures = managed_structures(request)
    today = timezone.localdate()
    years = list(range(today.year, today.year - 6, -1))
    year = int(request.GET["annee"]) if request.GET.get("annee", "") in {str(y) for y in years} else None
    period = {"start": dt.date(year, 1, 1), "end": dt.date(year, 12, 31)} if year else {}
    book = ledger(structure_ids={s.pk for s in structures}, **period)
    return render(request, "vouchers/ledger.html", {"ledger": book, "years": years, "year": year})


def unpaid_list(request: HttpRequest) -> HttpResponse:
    """Vouchers redeemed at the user's structures and not paid yet, oldest first, with their claim."""
    structures = managed_structures(request)
    redemptions = (
        Redemption.objects.filter(structure__in=structures)
        .unpaid()
        .select_related("voucher", "voucher__series", "voucher__series__funder_partner", "place", "claim")
        .order_by("redeemed_at", "pk")
    )
    page = Paginator(redemptions, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "vouchers/unpaid.html", {"page": page})


def _funders(structure_ids: set[int]) -> list[tuple[str, str]]:
    """Funders with redemptions not claimed yet at these structures."""
    keys = set(
        Redemption.objects.filter(structure_id__in=structure_ids, claim__isnull=True).values_list(
            "voucher__series__funder_key", flat=True
        )
    )
    series = VoucherSeries.objects.filter(funder_key__in=keys).select_related("funder_partner").order_by("funder_key")
    return sorted({(s.funder_key, s.funder_label) for s in series}, key=lambda pair: pair[1])


def claim_list(request: HttpRequest) -> HttpResponse:
    structures = managed_structures(request)
    form = ClaimForm(request.POST or None, structures=structures, funders=_funders({s.pk for s in structures}))
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                claim = draft_claim(
                    structure=data["structure"], funder_key=data["funder"], month=data["month"], user=user_of(request)
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"Demande préparée : {claim.count} bons, à vérifier puis envoyer.")
                return redirect("vouchers:claim_detail", uuid=claim.uuid)
        messages.error(request, "La demande n'a pas été préparée : corrigez les champs signalés.")
    claims = Claim.objects.filter(structure__in=structures).select_related("structure")
    page = Paginator(claims, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "vouchers/claims.html", {"page": page, "form": form})


def _claim_for_user(request: HttpRequest, uuid: str) -> Claim:
    return get_object_or_404(
        Claim.objects.for_user(user_of(request)).select_related("structure"),
        uuid=uuid,
    )


def claim_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    claim = _claim_for_user(request, uuid)
    redemptions = claim.redemptions.select_related("voucher", "voucher__series", "place").order_by("redeemed_at", "pk")
    page = Paginator(redemptions, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "vouchers/claim_detail.html", {"claim": claim, "page": page, "paid_form": PaidForm()})


def claim_file(request: HttpRequest, uuid: str, fmt: str) -> HttpResponse:
    claim = _claim_for_user(request, uuid)
    return claim_response(claim, fmt)


@require_POST
def claim_sent(request: HttpRequest, uuid: str) -> HttpResponse:
    claim = _claim_for_user(request, uuid)
    try:
        claim.mark_sent()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "La demande est notée comme envoyée au financeur.")
    return redirect("vouchers:claim_detail", uuid=claim.uuid)


@require_POST
def claim_paid(request: HttpRequest, uuid: str) -> HttpResponse:
    claim = _claim_for_user(request, uuid)
    form = PaidForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("vouchers:claim_detail", uuid=claim.uuid)
    try:
        claim.mark_paid(form.cleaned_data["paid_at"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"La demande est payée : ses {claim.count} bons sont remboursés.")
    return redirect("vouchers:claim_detail", uuid=claim.uuid)
