"""Back-office import of places: upload, dry-run report, then « Confirmer l'import » (docs/import-lieux.md)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from maillage.exchange.forms import MAX_BYTES, PlaceImportForm, importable_structures, may_import
from maillage.exchange.lieux_import import BATCH_SIZE, ImportRefused, import_lieux
from maillage.exchange.lieux_v0 import V0_VALUES
from maillage.exchange.models import PlaceImport


def _require_importer(request: HttpRequest) -> Any:
    user: Any = request.user
    if not may_import(user):
        raise PermissionDenied("L'import de lieux est réservé à l'administration et à la coordination de réseau.")
    return user


def _pending(request: HttpRequest, uuid: str) -> PlaceImport:
    user = _require_importer(request)
    pending = get_object_or_404(PlaceImport.objects.pending_for(user).select_related("structure"), uuid=uuid)
    if pending.structure is None and not user.is_administrator:
        raise PermissionDenied("Choisissez une structure de votre réseau.")
    if pending.structure is not None and not importable_structures(user).filter(pk=pending.structure.pk).exists():
        raise PermissionDenied("Cette structure n'est pas dans votre réseau.")
    return pending


def place_import(request: HttpRequest) -> HttpResponse:
    user = _require_importer(request)
    form = PlaceImportForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data, name = upload.read(), upload.name[:200]
        try:
            import_lieux(data, name, structure=form.cleaned_data["structure"], dry_run=True)
        except ImportRefused as exc:
            form.add_error("file", f"{exc} Aucun lieu n'a été importé.")
        else:
            pending = PlaceImport.receive(
                created_by=user, structure=form.cleaned_data["structure"], file_name=name, data=data
            )
            return redirect("exchange:place_import_review", uuid=pending.uuid)
    return render(request, "exchange/place_import.html", {"form": form})


def place_import_help(request: HttpRequest) -> HttpResponse:
    """What the import accepts and how it decides, in French, with the v0 table as the code applies it."""
    _require_importer(request)
    v0_rows = [
        (field, value, ", ".join(f"{target} : {result}" for target, result in mapped) or "rien (sans équivalent v1)")
        for field, values in V0_VALUES.items()
        for value, mapped in values.items()
    ]
    context = {"v0_rows": v0_rows, "max_mb": MAX_BYTES // (1024 * 1024), "batch_size": BATCH_SIZE}
    return render(request, "exchange/place_import_help.html", context)


def place_import_review(request: HttpRequest, uuid: str) -> HttpResponse:
    pending = _pending(request, uuid)
    report = import_lieux(pending.content(), pending.file_name, structure=pending.structure, dry_run=True)
    return render(request, "exchange/place_import_report.html", {"pending": pending, "report": report})


@require_POST
def place_import_confirm(request: HttpRequest, uuid: str) -> HttpResponse:
    pending = _pending(request, uuid)
    report = import_lieux(pending.content(), pending.file_name, structure=pending.structure)
    pending.mark_done(report.summary())
    return render(request, "exchange/place_import_report.html", {"pending": pending, "report": report, "done": True})
