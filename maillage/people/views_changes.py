"""« Mon profil »: a mediator proposes to change one of their own entries or to remove it (with a
reason). The manager reviews it with the additions (`views.proposals`, `ProfileChangeProposal.accept`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from maillage.people.access import staff_user
from maillage.people.enums import ProposalAction, ProposalKind
from maillage.people.forms import CHANGE_FORMS, RemovalForm
from maillage.people.models import (
    ENTRY_MODELS,
    ONE_PENDING_PER_ENTRY,
    Habilitation,
    ProfileChangeProposal,
    Skill,
    Training,
    entry_values,
)
from maillage.people.views import _kind


def _day(value: Any) -> str:
    return f"{value:%d/%m/%Y}" if value else ""


def describe(entry: Any) -> str:
    """The entry in one French line with every value a mediator may change (« avant → après »)."""
    if isinstance(entry, Skill):
        return f"{entry.subject} : {entry.get_level_display().lower()}, le {_day(entry.acquired_on)}"
    if isinstance(entry, Training):
        line = f"{entry.title}, {entry.organiser}, du {_day(entry.start)} au {_day(entry.end)}"
        return line + (f", valable jusqu'au {_day(entry.expires_on)}" if entry.expires_on else "")
    if isinstance(entry, Habilitation):
        line = f"{entry}{f' n° {entry.number}' if entry.number else ''}, obtenue le {_day(entry.obtained_on)}"
        return line + (f", valable jusqu'au {_day(entry.expires_on)}" if entry.expires_on else "")
    return str(entry)


def _own_entry(request: HttpRequest, kind: str, pk: int) -> tuple[Any, models.Model]:
    """(user, entry): 404 for an entry that is not the signed-in person's own."""
    user = staff_user(request)
    model = ENTRY_MODELS[_kind(kind, ProposalKind.values)]
    return user, get_object_or_404(model._default_manager.filter(user=user), pk=pk)


def _already_pending(request: HttpRequest, kind: str, entry: models.Model) -> bool:
    pending = ProfileChangeProposal.objects.pending().filter(kind=kind, target_id=entry.pk).exists()
    if pending:
        messages.error(request, ONE_PENDING_PER_ENTRY)
    return pending


def _propose(request: HttpRequest, user: Any, kind: str, entry: models.Model, action: str, **values: Any) -> bool:
    """Stores the proposal; False (and the French message) when another one on this entry was stored
    at the same instant: the database keeps one pending proposal per entry."""
    try:
        with transaction.atomic():
            ProfileChangeProposal.objects.create(
                user=user,
                kind=kind,
                action=action,
                target_id=entry.pk,
                original=entry_values(entry),
                before=describe(entry)[:300],
                **values,
            )
    except IntegrityError:
        messages.error(request, ONE_PENDING_PER_ENTRY)
        return False
    return True


def propose_change(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    user, entry = _own_entry(request, kind, pk)
    if _already_pending(request, kind, entry):
        return redirect("people:mine")
    before = type(entry)._default_manager.get(pk=entry.pk)  # the form changes `entry` while checking it
    form = CHANGE_FORMS[kind](request.POST or None, instance=entry)
    if request.method == "POST":
        if form.is_valid():
            if _propose(
                request,
                user,
                kind,
                before,
                ProposalAction.CHANGE,
                data=form.proposal_data(),
                summary=describe(entry)[:300],
            ):
                messages.success(
                    request, "Votre proposition de modification a été envoyée au responsable de votre structure."
                )
            return redirect("people:mine")
        messages.error(request, "La proposition n'a pas été envoyée : corrigez les champs signalés.")
    context = {"form": form, "title": f"Proposer une modification : {describe(before)}"}
    return render(request, "people/form.html", context, status=400 if form.errors else 200)


def propose_removal(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    user, entry = _own_entry(request, kind, pk)
    if _already_pending(request, kind, entry):
        return redirect("people:mine")
    form = RemovalForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            removal = {"data": {}, "summary": describe(entry)[:300], "reason": reason}
            if _propose(request, user, kind, entry, ProposalAction.REMOVE, **removal):
                messages.success(
                    request, "Votre demande de suppression a été envoyée au responsable de votre structure."
                )
            return redirect("people:mine")
        messages.error(request, "La demande n'a pas été envoyée : indiquez le motif de la suppression.")
    context = {"form": form, "title": f"Demander la suppression : {describe(entry)}"}
    return render(request, "people/form.html", context, status=400 if form.errors else 200)
