"""Person files (with consent), follow-ups and mandates: reached by the staff of the person's structure only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.accounts.enums import STRUCTURE_ROLES
from maillage.accounts.scoping import structure_filter
from maillage.counter import attestation
from maillage.counter.enums import FollowUpStatus
from maillage.counter.forms_persons import (
    FollowUpForm,
    MandateForm,
    PersonCreateForm,
    PersonIdentityForm,
    PersonSearchForm,
)
from maillage.counter.models import FollowUp, Mandate, Person, PersonAccessLog
from maillage.navigation import reach_for
from maillage.network.models import Structure

PER_PAGE = 25

# Screens that show a person file: the code is stored in the access log, the label is shown.
SCREENS = {
    "person_detail": "Fiche de la personne",
    "person_edit": "Modification de l'identité",
    "follow_up_create": "Nouveau suivi",
    "mandate_create": "Nouveau mandat",
    "mandate_revoke": "Révocation d'un mandat",
    "mandate_pdf": "Attestation de mandat (PDF)",
    "right_create": "Nouveau droit suivi",  # rights/views.py
    "right_move": "Étape d'un droit suivi",
    "right_reminder": "Rappel d'un droit suivi",
}


def _user(request: HttpRequest) -> Any:
    return request.user


def get_person_structure(request: HttpRequest, uuid: Any, *, manage: bool = False) -> Structure:
    """A structure whose person files the user works with (staff only): 404 otherwise."""
    reach = structure_filter(_user(request), prefix="", roles=set(STRUCTURE_ROLES))
    structure = get_object_or_404(Structure.objects.filter(reach), uuid=uuid)
    if manage and not reach_for(_user(request)).manages(structure.pk):
        raise PermissionDenied("Seuls les responsables de la structure consultent ce journal.")
    return structure


def get_person_for_user(request: HttpRequest, uuid: Any, *, screen: str) -> Person:
    """Load a file "as this user" (404 out of reach) and log the read."""
    person = get_object_or_404(Person.objects.for_user(_user(request)).select_related("structure"), uuid=uuid)
    person.log_access(_user(request), screen)
    return person


def persons_home(request: HttpRequest) -> HttpResponse:
    reach = structure_filter(_user(request), prefix="", roles=set(STRUCTURE_ROLES))
    structures = list(Structure.objects.filter(reach).order_by("name")[:50])
    if not structures:
        raise Http404("Aucune structure : les dossiers personnes sont réservés aux équipes des structures.")
    if len(structures) == 1:
        return redirect("counter:person_search", uuid=structures[0].uuid)
    return render(request, "counter/persons/home.html", {"structures": structures})


def person_search(request: HttpRequest, uuid: str) -> HttpResponse:
    """Exact match on the blind index (normalised names + birth date), within this structure only."""
    structure = get_person_structure(request, uuid)
    form = PersonSearchForm(request.GET or None)
    results = None
    if form.is_valid():
        data = form.cleaned_data
        found = Person.objects.for_user(_user(request)).filter(structure=structure)
        results = list(found.find(data["first_name"], data["last_name"], data["birth_date"]))
    return render(request, "counter/persons/search.html", {"structure": structure, "form": form, "results": results})


def person_list(request: HttpRequest, uuid: str) -> HttpResponse:
    structure = get_person_structure(request, uuid)
    persons = Person.objects.for_user(_user(request)).filter(structure=structure).order_by("-last_activity_at")
    page = Paginator(persons, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "counter/persons/list.html", {"structure": structure, "page": page})


def person_create(request: HttpRequest, uuid: str) -> HttpResponse:
    structure = get_person_structure(request, uuid)
    form = PersonCreateForm(request.POST or None, structure=structure)
    if request.method == "POST":
        if form.is_valid():
            person = form.save(commit=False)
            person.created_by = _user(request)
            person.save()
            messages.success(request, "Le dossier a été créé.")
            return redirect("counter:person_detail", uuid=person.uuid)
        messages.error(request, "Le dossier n'a pas été créé : corrigez les champs signalés.")
    return render(
        request,
        "counter/persons/form.html",
        {"form": form, "structure": structure, "title": "Nouveau dossier personne", "consent_notice": True},
    )


REQUESTS_PER_PAGE = 50


def person_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    person = get_person_for_user(request, uuid, screen="person_detail")
    requests = (
        person.requests.filter(structure=person.structure)
        .select_related("place", "partner", "procedure", "mediator")
        .order_by("-occurred_at", "-pk")
    )
    page = Paginator(requests, REQUESTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "counter/persons/detail.html",
        {
            "person": person,
            "requests": page,
            "follow_ups": person.follow_ups.order_by("status", "due_on"),
            "mandates": person.mandates.order_by("-start"),
            "today": timezone.localdate(),
            "can_read_access_log": reach_for(_user(request)).manages(person.structure_id),
        },
    )


def person_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    person = get_person_for_user(request, uuid, screen="person_edit")
    form = PersonIdentityForm(request.POST or None, instance=person)
    if request.method == "POST":
        if form.is_valid():
            person = form.save(commit=False)
            person.last_activity_at = timezone.now()
            person.save()
            messages.success(request, "L'identité a été mise à jour.")
            return redirect("counter:person_detail", uuid=person.uuid)
        messages.error(request, "Les modifications n'ont pas été enregistrées : corrigez les champs signalés.")
    return render(
        request,
        "counter/persons/form.html",
        {"form": form, "person": person, "structure": person.structure, "title": "Modifier l'identité"},
    )


def follow_up_create(request: HttpRequest, uuid: str) -> HttpResponse:
    person = get_person_for_user(request, uuid, screen="follow_up_create")
    form = FollowUpForm(request.POST or None, instance=FollowUp(person=person, created_by=_user(request)))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            person.touch()
        messages.success(request, "Le suivi a été ajouté.")
        return redirect("counter:person_detail", uuid=person.uuid)
    return render(
        request,
        "counter/persons/form.html",
        {"form": form, "person": person, "structure": person.structure, "title": "Nouveau suivi"},
    )


@require_POST
def follow_up_close(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(
        FollowUp.objects.filter(person__in=Person.objects.for_user(_user(request))).select_related("person"), pk=pk
    )
    status = request.POST.get("status", "")
    if status not in {FollowUpStatus.DONE, FollowUpStatus.CANCELLED}:
        messages.error(request, "Choisissez « Fait » ou « Annulé ».")
    elif follow_up.close(status):
        follow_up.person.touch()
        messages.success(request, f"Le suivi est clos ({FollowUpStatus(status).label.lower()}).")
    else:
        messages.info(request, "Ce suivi était déjà clos.")
    return redirect("counter:person_detail", uuid=follow_up.person.uuid)


def mandate_create(request: HttpRequest, uuid: str) -> HttpResponse:
    person = get_person_for_user(request, uuid, screen="mandate_create")
    form = MandateForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            mandate = form.save(commit=False)
            mandate.created_by = _user(request)
            mandate.save()
            person.touch()
        messages.success(request, "Le mandat a été enregistré. Imprimez l'attestation pour la faire signer.")
        return redirect("counter:person_detail", uuid=person.uuid)
    return render(
        request,
        "counter/persons/form.html",
        {"form": form, "person": person, "structure": person.structure, "title": "Nouveau mandat"},
    )


def _get_mandate_for_user(request: HttpRequest, uuid: str, *, screen: str) -> Mandate:
    mandate = get_object_or_404(
        Mandate.objects.filter(person__in=Person.objects.for_user(_user(request))).select_related(
            "person", "person__structure"
        ),
        uuid=uuid,
    )
    mandate.person.log_access(_user(request), screen)
    return mandate


def mandate_revoke(request: HttpRequest, uuid: str) -> HttpResponse:
    mandate = _get_mandate_for_user(request, uuid, screen="mandate_revoke")
    if request.method == "POST":
        if mandate.revoke():
            mandate.person.touch()
            messages.success(request, "Le mandat a été révoqué.")
        else:
            messages.info(request, "Ce mandat était déjà révoqué.")
        return redirect("counter:person_detail", uuid=mandate.person.uuid)
    return render(request, "counter/persons/mandate_revoke.html", {"mandate": mandate, "person": mandate.person})


def mandate_pdf(request: HttpRequest, uuid: str) -> HttpResponse:
    mandate = _get_mandate_for_user(request, uuid, screen="mandate_pdf")
    response = HttpResponse(attestation.render_pdf(mandate), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="attestation-mandat-{str(mandate.uuid)[:8]}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def access_log(request: HttpRequest, uuid: str) -> HttpResponse:
    """For the structure manager: who read which file, from which screen, when."""
    structure = get_person_structure(request, uuid, manage=True)
    entries = (
        PersonAccessLog.objects.filter(person__structure=structure)
        .select_related("user")
        .annotate(person_uuid=F("person__uuid"))
        .order_by("-at", "-pk")
    )
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.screen_label = SCREENS.get(entry.screen, entry.screen)  # type: ignore[attr-defined]
    return render(request, "counter/persons/access_log.html", {"structure": structure, "page": page})
