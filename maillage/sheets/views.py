"""Practice sheet pages under /fiches/: search, read, write, submit, review, report; the counter partial."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from maillage.network.models import Structure
from maillage.sheets.access import access_for
from maillage.sheets.enums import SheetStatus
from maillage.sheets.forms import EXPIRED, ListFilterForm, ReportForm, ReviewForm, SheetForm, WithdrawForm
from maillage.sheets.history import changes
from maillage.sheets.models import NOT_EDITOR, NOT_REVIEWER, PracticeSheet, SheetVersion

PER_PAGE = 20
AT_COUNTER = 5
REFUSED = "Les fiches pratiques sont réservées aux équipes des structures et à la coordination des réseaux."
WRITERS_ONLY = "Les fiches pratiques sont écrites par les équipes des structures."
WITHDRAWN = {SheetStatus.OBSOLETE, SheetStatus.ARCHIVED}
WORKERS_ONLY = "L'historique et les signalements sont réservés à l'auteur et aux relecteurs de la fiche."


def sheet_user(request: HttpRequest) -> Any:
    """The signed-in user when sheets concern them (structure staff, coordinators, administrators)."""
    if not access_for(request.user).opens_sheets:  # type: ignore[arg-type]
        raise PermissionDenied(REFUSED)
    return request.user


def get_sheet_for_user(request: HttpRequest, uuid: Any) -> PracticeSheet:
    sheets = PracticeSheet.objects.readable_by(sheet_user(request))
    related = ("procedure__partner", "structure", "author", "published_version", "reviewed_by")
    return get_object_or_404(sheets.select_related(*related), uuid=uuid)


def _open_reports() -> Count:
    return Count("reports", filter=Q(reports__resolved_at__isnull=True))


def sheet_list(request: HttpRequest) -> HttpResponse:
    user = sheet_user(request)
    filters = ListFilterForm(request.GET)
    data = filters.cleaned_data if filters.is_valid() else {}
    today = timezone.localdate()
    sheets = PracticeSheet.objects.readable_by(user).select_related("procedure__partner", "structure")
    sheets = sheets.select_related("published_version").annotate(open_reports=_open_reports()).order_by("title", "pk")
    if data.get("q"):
        sheets = sheets.search(data["q"], user=user)
    if data.get("partner"):
        sheets = sheets.filter(procedure__partner=data["partner"])
    status = data.get("status")
    if status == SheetStatus.PUBLISHED:
        sheets = sheets.published()
    elif status == EXPIRED:
        sheets = sheets.published().filter(published_version__expires_on__lt=today)
    elif status:
        sheets = sheets.filter(status=status)
    page = Paginator(sheets, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"page": page, "filters": filters, "query": query.urlencode(), "today": today}
    return render(request, "sheets/list.html", {**context, "can_write": bool(access_for(user).staff)})


def sheet_detail(request: HttpRequest, uuid: Any) -> HttpResponse:
    sheet = get_sheet_for_user(request, uuid)
    user = request.user
    access = access_for(user)  # type: ignore[arg-type]
    works_on, reviews = access.works_on(sheet), access.reviews(sheet)
    context: dict[str, Any] = {
        "sheet": sheet,
        "shown": sheet.published_version or sheet,
        "works_on": works_on,
        "reviews": reviews,
        "today": timezone.localdate(),
        "review_form": ReviewForm() if reviews and sheet.status == SheetStatus.SUBMITTED else None,
        "withdraw_form": WithdrawForm() if reviews and sheet.status not in WITHDRAWN else None,
    }
    if works_on:
        context["reports"] = list(sheet.reports.select_related("reporter"))
        context["versions"] = list(sheet.versions.select_related("published_by"))
        context["revision"] = changes(sheet.published_version, sheet) if sheet.published_version else []
    return render(request, "sheets/detail.html", context)


def _sheet_form(request: HttpRequest, sheet: PracticeSheet | None) -> HttpResponse:
    user = sheet_user(request)
    staff = access_for(user).staff
    if sheet is None and not staff:
        raise PermissionDenied(WRITERS_ONLY)
    if sheet is not None and not access_for(user).works_on(sheet):
        raise PermissionDenied(NOT_EDITOR)
    form = SheetForm(request.POST or None, instance=sheet, structures=Structure.objects.filter(pk__in=staff))
    if request.method == "POST":
        if form.is_valid():
            created = sheet is None
            if created:
                form.instance.author = user
            form.instance.edited()
            saved = form.save()
            messages.success(request, "La fiche a été enregistrée." + (" Soumettez-la à relecture." if created else ""))
            return redirect("sheets:detail", uuid=saved.uuid)
        messages.error(request, "La fiche n'a pas été enregistrée : corrigez les champs signalés.")
    title = "Nouvelle fiche pratique" if sheet is None else f"Modifier la fiche « {sheet.title} »"
    return render(request, "sheets/form.html", {"form": form, "sheet": sheet, "title": title})


def sheet_create(request: HttpRequest) -> HttpResponse:
    return _sheet_form(request, None)


def sheet_edit(request: HttpRequest, uuid: Any) -> HttpResponse:
    return _sheet_form(request, get_sheet_for_user(request, uuid))


def _transition(request: HttpRequest, sheet: PracticeSheet, action: Any, done: str) -> HttpResponse:
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("sheets:detail", uuid=sheet.uuid)


@require_POST
def sheet_submit(request: HttpRequest, uuid: Any) -> HttpResponse:
    sheet = get_sheet_for_user(request, uuid)
    done = "La fiche est soumise à relecture."
    return _transition(request, sheet, lambda: sheet.submit(request.user), done)  # type: ignore[arg-type]


@require_POST
def sheet_review(request: HttpRequest, uuid: Any) -> HttpResponse:
    sheet = get_sheet_for_user(request, uuid)
    if not sheet.is_reviewer(request.user):  # type: ignore[arg-type]
        raise PermissionDenied(NOT_REVIEWER)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez de publier la fiche ou de la renvoyer à l'auteur.")
        return redirect("sheets:detail", uuid=sheet.uuid)
    comment, user = form.cleaned_data["comment"], request.user
    if form.cleaned_data["decision"] == "approve":
        return _transition(request, sheet, lambda: sheet.approve(user, comment=comment), "La fiche est publiée.")  # type: ignore[arg-type]
    done = "La fiche est renvoyée à son auteur."
    return _transition(request, sheet, lambda: sheet.return_to_author(user, comment=comment), done)  # type: ignore[arg-type]


@require_POST
def sheet_withdraw(request: HttpRequest, uuid: Any) -> HttpResponse:
    sheet = get_sheet_for_user(request, uuid)
    if not sheet.is_reviewer(request.user):  # type: ignore[arg-type]
        raise PermissionDenied(NOT_REVIEWER)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez « obsolète » ou « archivée ».")
        return redirect("sheets:detail", uuid=sheet.uuid)
    to, comment = form.cleaned_data["to"], form.cleaned_data["comment"]
    done = "La fiche est retirée : elle n'est plus proposée aux équipes."
    return _transition(request, sheet, lambda: sheet.withdraw(request.user, to=to, comment=comment), done)  # type: ignore[arg-type]


def sheet_report(request: HttpRequest, uuid: Any) -> HttpResponse:
    sheet = get_sheet_for_user(request, uuid)
    if sheet.published_version is None:
        raise PermissionDenied("Seule une fiche publiée peut être signalée obsolète.")
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sheet.report_obsolete(request.user, reason=form.cleaned_data["reason"])  # type: ignore[arg-type]
        messages.success(request, "Merci : l'auteur et les relecteurs de la fiche verront votre signalement.")
        return redirect("sheets:detail", uuid=sheet.uuid)
    return render(request, "sheets/report.html", {"sheet": sheet, "form": form})


def version_detail(request: HttpRequest, uuid: Any, number: int) -> HttpResponse:
    sheet = get_sheet_for_user(request, uuid)
    if not sheet.is_editor(request.user):  # type: ignore[arg-type]
        raise PermissionDenied(WORKERS_ONLY)
    version = get_object_or_404(SheetVersion.objects.select_related("published_by"), sheet=sheet, number=number)
    before = sheet.versions.filter(number__lt=number).order_by("-number").first()
    context = {"sheet": sheet, "version": version, "before": before, "changes": changes(before, version)}
    return render(request, "sheets/version.html", context)


@require_GET
def for_procedure(request: HttpRequest) -> HttpResponse:
    """The counter's aside: current published sheets of the chosen procedure (`?procedure=id`)."""
    user = sheet_user(request)
    raw = request.GET.get("procedure", "")
    sheets: list[PracticeSheet] = []
    if raw.isascii() and raw.isdigit() and len(raw) < 12:  # "²" is a digit to Python, not to int()
        today = timezone.localdate()
        found = PracticeSheet.objects.readable_by(user).current(today).filter(procedure_id=int(raw))
        sheets = list(found.select_related("published_version").order_by("published_version__title")[:AT_COUNTER])
    context = {"sheets": sheets, "asked": bool(raw), "can_write": bool(access_for(user).staff)}
    return render(request, "sheets/_for_procedure.html", context)
