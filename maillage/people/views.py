"""Profile pages under /equipe/: « Mon profil » (any staff), « Équipe » and a member's profile (managers),
the proposals to review. Who sees what: `access.py`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from maillage.people.access import get_member_for_manager, manager_user, staff_user, team_of
from maillage.people.enums import ProposalAction, ProposalKind
from maillage.people.forms import ENTRY_FORMS, ENTRY_LABELS, RefusalForm
from maillage.people.models import ProfileChangeProposal
from maillage.people.profile import entry_queryset, load_profile

PER_PAGE = 20
ACCEPTED_OUTCOMES: dict[str, str] = {
    ProposalAction.ADD: "est ajouté au profil",
    ProposalAction.CHANGE: "est enregistré dans le profil",
    ProposalAction.REMOVE: "est retiré du profil",
}


def _kind(kind: str, allowed: Any) -> str:
    if kind not in allowed:
        raise Http404("Nature d'information inconnue.")
    return kind


def my_profile(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    context = {"profile": load_profile(user), "own": True, "kinds": ProposalKind.choices}
    return render(request, "people/profile.html", context)


def propose(request: HttpRequest, kind: str) -> HttpResponse:
    user = staff_user(request)
    kind = _kind(kind, ProposalKind.values)
    form_class = ENTRY_FORMS[kind]
    form = form_class(request.POST or None, instance=form_class._meta.model(user=user))
    if request.method == "POST":
        if form.is_valid():
            ProfileChangeProposal.objects.create(
                user=user, kind=kind, data=form.proposal_data(), summary=str(form.instance)[:300]
            )
            messages.success(request, "Votre proposition a été envoyée au responsable de votre structure.")
            return redirect("people:mine")
        messages.error(request, "La proposition n'a pas été envoyée : corrigez les champs signalés.")
    title = f"Proposer {ENTRY_LABELS[kind]}"
    context = {"form": form, "title": title, "back": "people:mine"}
    return render(request, "people/form.html", context, status=400 if form.errors else 200)


def team(request: HttpRequest) -> HttpResponse:
    manager = manager_user(request)
    members = team_of(manager)
    page = Paginator(members, PER_PAGE).get_page(request.GET.get("page"))
    pending = ProfileChangeProposal.objects.pending().filter(user__in=members).count()
    return render(request, "people/team.html", {"page": page, "pending": pending})


def member_profile(request: HttpRequest, uuid: str) -> HttpResponse:
    _, person, structures = get_member_for_manager(request, uuid)
    context = {"profile": load_profile(person, structures), "own": False, "kinds": list(ENTRY_LABELS.items())}
    return render(request, "people/profile.html", context)


def entry_add(request: HttpRequest, uuid: str, kind: str) -> HttpResponse:
    _, person, structures = get_member_for_manager(request, uuid)
    form_class = ENTRY_FORMS[_kind(kind, ENTRY_FORMS)]
    instance = form_class._meta.model(user=person)
    form = form_class(request.POST or None, instance=instance, structures=structures)
    title = f"Ajouter {ENTRY_LABELS[kind]} — {person.get_full_name() or person.email}"
    return _entry_form(request, person, form, title, "L'information a été ajoutée au profil.")


def entry_edit(request: HttpRequest, uuid: str, kind: str, pk: int) -> HttpResponse:
    """Change an entry (e.g. close a period with its end date); the same checks as when adding it."""
    _, person, structures = get_member_for_manager(request, uuid)
    entry = get_object_or_404(entry_queryset(_kind(kind, ENTRY_FORMS), person, structures), pk=pk)
    form = ENTRY_FORMS[kind](request.POST or None, instance=entry, structures=structures)
    title = f"Modifier « {entry} » — {person.get_full_name() or person.email}"
    return _entry_form(request, person, form, title, "L'information du profil a été modifiée.")


def _entry_form(request: HttpRequest, person: Any, form: Any, title: str, saved: str) -> HttpResponse:
    """A manager's form on one profile entry: saved and back to the profile, or shown again with errors."""
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, saved)
            return redirect("people:member", uuid=person.uuid)
        messages.error(request, "Rien n'a été enregistré : corrigez les champs signalés.")
    context = {"form": form, "title": title, "person": person}
    return render(request, "people/form.html", context, status=400 if form.errors else 200)


def entry_delete(request: HttpRequest, uuid: str, kind: str, pk: int) -> HttpResponse:
    """GET: a confirmation page; POST: the entry is deleted (logged by django-auditlog)."""
    _, person, structures = get_member_for_manager(request, uuid)
    entry = get_object_or_404(entry_queryset(_kind(kind, ENTRY_FORMS), person, structures), pk=pk)
    if request.method == "POST":
        entry.delete()
        messages.success(request, f"« {entry} » a été supprimé du profil.")
        return redirect("people:member", uuid=person.uuid)
    return render(request, "people/delete.html", {"entry": entry, "person": person})


def proposals(request: HttpRequest) -> HttpResponse:
    manager = manager_user(request)
    pending = ProfileChangeProposal.objects.pending().filter(user__in=team_of(manager)).select_related("user")
    page = Paginator(pending.order_by("created_at", "pk"), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "people/proposals.html", {"page": page})


@require_POST
def proposal_review(request: HttpRequest, uuid: str) -> HttpResponse:
    manager = manager_user(request)
    proposal = get_object_or_404(ProfileChangeProposal.objects.filter(user__in=team_of(manager)), uuid=uuid)
    try:
        if request.POST.get("decision") == "accept":
            proposal.accept(manager)
            outcome = ACCEPTED_OUTCOMES[proposal.action]
            messages.success(request, f"Proposition acceptée : « {proposal.summary} » {outcome}.")
        elif request.POST.get("decision") == "refuse":
            form = RefusalForm(request.POST)
            proposal.refuse(manager, form.cleaned_data["note"] if form.is_valid() else "")
            messages.success(request, f"Proposition refusée : « {proposal.summary} ».")
        else:
            messages.error(request, "Choisissez d'accepter ou de refuser la proposition.")
    except ValidationError as error:
        messages.error(request, "La proposition n'a pas pu être acceptée : " + " ".join(error.messages))
    return redirect("people:proposals")
