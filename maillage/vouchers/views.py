"""Vouchers at the counter: series, issue (to a person file or anonymously), the printable voucher,
cancel, redeem by code. Staff of the structures only; managers create series."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from maillage.counter.models import Person
from maillage.counter.views_persons import get_person_for_user
from maillage.vouchers.access import coordinated_networks, managed_structures, staff_ids, user_of
from maillage.vouchers.enums import VoucherStatus
from maillage.vouchers.forms import IssueForm, RedeemForm, SeriesForm
from maillage.vouchers.models import Voucher, VoucherSeries, staff_structure_ids

PER_PAGE = 25


def voucher_list(request: HttpRequest) -> HttpResponse:
    """Vouchers issued by the user's structures, newest first; no identity in the list."""
    ids = staff_ids(request)
    vouchers = Voucher.objects.filter(structure_id__in=ids).select_related("series", "structure")
    status = request.GET.get("etat", "")
    status = status if status in VoucherStatus.values else ""
    if status:
        vouchers = vouchers.shown_as(status, timezone.localdate())
    page = Paginator(vouchers, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "vouchers/list.html",
        {
            "page": page,
            "statuses": VoucherStatus.choices,
            "status": status,
            "query": f"etat={status}" if status else "",
        },
    )


def series_list(request: HttpRequest) -> HttpResponse:
    """Series the user's structures distribute (staff), or run (managers, coordinators of their network)."""
    ids = staff_structure_ids(user_of(request))
    can_create = True
    try:
        ids |= {s.pk for s in managed_structures(request)}
    except PermissionDenied:
        can_create = False
    if not ids:
        raise PermissionDenied("Les bons sont réservés aux équipes des structures.")
    series = VoucherSeries.objects.usable_by(ids).select_related("structure", "network", "funder_partner")
    page = Paginator(series, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "vouchers/series_list.html", {"page": page, "can_create": can_create})


def series_create(request: HttpRequest) -> HttpResponse:
    structures = managed_structures(request)
    form = SeriesForm(request.POST or None, structures=structures, networks=coordinated_networks(request))
    if request.method == "POST":
        if form.is_valid():
            series = form.save(commit=False)
            series.created_by = user_of(request)
            series.save()
            messages.success(request, f"La série « {series.name} » a été créée.")
            return redirect("vouchers:series_list")
        messages.error(request, "La série n'a pas été créée : corrigez les champs signalés.")
    return render(
        request, "vouchers/form.html", {"form": form, "title": "Nouvelle série de bons", "back": "vouchers:series_list"}
    )


def voucher_issue(request: HttpRequest, uuid: str | None = None) -> HttpResponse:
    """Issue one voucher: anonymously, or to a person file (`uuid`) of the prescriber's structure."""
    person: Person | None = None
    ids = staff_ids(request)
    if uuid is not None:
        person = get_person_for_user(request, uuid, screen="voucher_issue")
        ids = {person.structure_id}
    form = IssueForm(request.POST or None, structure_ids=ids)
    if request.method == "POST":
        if form.is_valid():
            try:
                voucher = form.cleaned_data["series"].issue(
                    structure=form.cleaned_data["structure"], issued_by=user_of(request), person=person
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"Bon émis : {voucher.printed_code}. Imprimez-le pour la personne.")
                return redirect("vouchers:detail", uuid=voucher.uuid)
        messages.error(request, "Le bon n'a pas été émis : corrigez les champs signalés.")
    title = "Émettre un bon nominatif" if person else "Émettre un bon"
    return render(request, "vouchers/issue.html", {"form": form, "title": title, "person": person})


def _voucher_for_user(request: HttpRequest, uuid: str) -> Voucher:
    """A voucher of the user's structures (404 otherwise)."""
    return get_object_or_404(
        Voucher.objects.filter(structure_id__in=staff_ids(request)).select_related(
            "series", "series__funder_partner", "structure", "person"
        ),
        uuid=uuid,
    )


def voucher_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    """The printable voucher: code, value, validity, funder; the name only on a voucher issued to a person file."""
    voucher = _voucher_for_user(request, uuid)
    if voucher.person is not None:
        voucher.person.log_access(user_of(request), "voucher_detail")
    return render(request, "vouchers/detail.html", {"voucher": voucher, "today": timezone.localdate()})


def voucher_cancel(request: HttpRequest, uuid: str) -> HttpResponse:
    voucher = _voucher_for_user(request, uuid)
    if request.method == "POST":
        try:
            voucher.cancel(by=user_of(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Le bon {voucher.printed_code} est annulé.")
        return redirect("vouchers:detail", uuid=voucher.uuid)
    return render(request, "vouchers/cancel.html", {"voucher": voucher})


def voucher_redeem(request: HttpRequest) -> HttpResponse:
    """Redeem by code at one of the user's places (phone-friendly: one short form)."""
    ids = staff_ids(request)
    form = RedeemForm(request.POST or None, structure_ids=ids, user=user_of(request))
    redemption = None
    if request.method == "POST" and form.is_valid():
        place = form.cleaned_data["place"]
        voucher = (
            Voucher.objects.filter(
                code=form.cleaned_data["code"], series__in=VoucherSeries.objects.usable_by({place.structure_id})
            )
            .select_related("series")
            .first()
        )
        if voucher is None:
            form.add_error(
                "code", "Aucun bon de vos séries ne porte ce code : vérifiez-le, ou l'organisme qui l'a remis."
            )
        else:
            try:
                redemption = voucher.redeem(
                    place=place,
                    redeemed_by=user_of(request),
                    kind=form.cleaned_data["kind"],
                    request=form.cleaned_data["request"],
                    workshop=form.cleaned_data["workshop"],
                )
            except ValidationError as exc:
                form.add_error("code", exc.messages)
    if redemption is not None:
        messages.success(request, f"Bon {redemption.voucher.printed_code} utilisé : {redemption.voucher.series}.")
        return redirect("vouchers:redeem")
    if request.method == "POST":
        messages.error(request, "Le bon n'a pas été utilisé : lisez le message sous le code.")
    return render(request, "vouchers/redeem.html", {"form": form})
