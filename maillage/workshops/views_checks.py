"""Skills-check pages: take the check, see the level, the proposed sessions and the progress, register."""

from __future__ import annotations

import uuid as uuid_module
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from maillage.counter.models import Person
from maillage.forms_ui import MAX_UUID_LENGTH
from maillage.workshops.forms import SkillsCheckForm
from maillage.workshops.models import Session, SkillsCheck
from maillage.workshops.services import progress, propose_sessions, register_from_check
from maillage.workshops.skills import BLOCKS, CRCN_VERSION, MAX_SCORE, PIX_URL, TASKS
from maillage.workshops.views import places_for, staff_user


def get_check_for_user(request: HttpRequest, uuid: Any, *, screen: str) -> SkillsCheck:
    """A check "as this user" (404 out of reach); reading one on a person file is a read of the file."""
    check = get_object_or_404(
        SkillsCheck.objects.for_user(staff_user(request)).select_related("person", "place", "structure"), uuid=uuid
    )
    if check.person is not None:
        check.person.log_access(request.user, screen)  # type: ignore[arg-type]
    return check


def check_create(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    person = None
    places = places_for(user)
    wanted = request.GET.get("personne") or request.POST.get("personne")
    if wanted:
        try:
            key = uuid_module.UUID(wanted[:MAX_UUID_LENGTH])
        except ValueError as exc:
            raise Http404("Dossier introuvable.") from exc
        person = get_object_or_404(Person.objects.for_user(user), uuid=key)
        person.log_access(user, "skills_check_create")
        places = places.filter(structure_id=person.structure_id)
    form = SkillsCheckForm(request.POST or None, places=places)
    if request.method == "POST":
        if form.is_valid():
            try:
                check = SkillsCheck.record(
                    answers=form.answers(), place=form.cleaned_data["place"], by=user, person=person
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                if person is not None:
                    person.touch()
                messages.success(request, f"Diagnostic enregistré : niveau « {check.get_level_display()} ».")
                return redirect("workshops:check_detail", uuid=check.uuid)
        messages.error(request, "Le diagnostic n'a pas été enregistré : répondez à chaque tâche.")
    return render(
        request,
        "workshops/check_form.html",
        {"form": form, "person": person, "blocks": BLOCKS, "tasks": TASKS, "pix_url": PIX_URL},
    )


def check_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    check = get_check_for_user(request, uuid, screen="skills_check")
    rows = [(task, BLOCKS[task.block], check.answers.get(task.code, "")) for task in TASKS]
    return render(
        request,
        "workshops/check_detail.html",
        {
            "check": check,
            "rows": rows,
            "max_score": MAX_SCORE,
            "proposals": propose_sessions(check),
            "history": progress(check),
            "crcn_version": CRCN_VERSION,
            "pix_url": PIX_URL,
            "registered": list(check.registrations.holding_seat().select_related("session", "session__place")),
        },
    )


@require_POST
def check_register(request: HttpRequest, uuid: str, session_uuid: str) -> HttpResponse:
    check = get_check_for_user(request, uuid, screen="skills_check_register")
    session = get_object_or_404(Session.objects.filter(structure_id=check.structure_id), uuid=session_uuid)
    try:
        register_from_check(check=check, session=session, by=request.user)  # type: ignore[arg-type]
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if check.person is not None:
            check.person.touch()
        messages.success(request, f"Inscription enregistrée à l'atelier « {session.title} ».")
    return redirect("workshops:check_detail", uuid=check.uuid)
