"""Followed rights: on the person file, and the "Droits à suivre" list. Staff of the person's structure only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.counter.views_persons import get_person_for_user
from maillage.navigation import reach_for
from maillage.rights.enums import PAYERS, Stage
from maillage.rights.forms import FollowedRightForm, ListFilterForm, MoveForm, ReminderForm
from maillage.rights.models import FollowedRight

PER_PAGE = 25


def _user(request: HttpRequest) -> Any:
    return request.user


def get_right_for_user(request: HttpRequest, uuid: Any, *, screen: str) -> FollowedRight:
    """A followed right "as this user" (404 out of reach); reading it is a read of the person file."""
    followed = get_object_or_404(
        FollowedRight.objects.for_user(_user(request)).select_related("person", "person__structure"), uuid=uuid
    )
    followed.person.log_access(_user(request), screen)
    return followed


def right_create(request: HttpRequest, uuid: str) -> HttpResponse:
    person = get_person_for_user(request, uuid, screen="right_create")
    form = FollowedRightForm(request.POST or None, structure=person.structure)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    FollowedRight.identify(
                        person=person,
                        right=data["right"],
                        mediator=_user(request),
                        place=data["place"],
                        expected_amount=data["expected_amount"],
                        amount_period=data["amount_period"] or PAYERS[data["right"]].period,
                        remind_on=data["remind_on"],
                        note=data["note"],
                    )
                    person.touch()
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Le droit a été ajouté au suivi.")
                return redirect("counter:person_detail", uuid=person.uuid)
        messages.error(request, "Le droit n'a pas été ajouté : corrigez les champs signalés.")
    return render(
        request,
        "rights/form.html",
        {"form": form, "person": person, "structure": person.structure, "title": "Ajouter un droit à suivre"},
    )


def right_move(request: HttpRequest, uuid: str, stage: str) -> HttpResponse:
    followed = get_right_for_user(request, uuid, screen="right_move")
    if stage not in Stage.values or stage == Stage.IDENTIFIED:
        raise Http404("Étape inconnue.")
    target = Stage(stage)
    form = MoveForm(request.POST or None, stage=target, followed=followed)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                if target == Stage.EXPLAINED:
                    followed.explain(day=data["day"])
                elif target == Stage.FILED:
                    followed.file(day=data["day"])
                elif target == Stage.OPENED:
                    followed.open_with(data["amount"], period=data["period"], day=data["day"])
                elif target == Stage.REFUSED:
                    followed.refuse(reason=data["reason"], day=data["day"])
                else:
                    followed.abandon(reason=data["reason"], day=data["day"])
                followed.person.touch()
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, f"{followed.get_right_display()} : étape « {target.label} » enregistrée.")
            return redirect("counter:person_detail", uuid=followed.person.uuid)
    if request.method == "POST":
        messages.error(request, "L'étape n'a pas été enregistrée : corrigez les champs signalés.")
    title = f"{followed.get_right_display()} : {target.label.lower()}"
    return render(
        request,
        "rights/form.html",
        {"form": form, "person": followed.person, "structure": followed.person.structure, "title": title},
    )


def right_reminder(request: HttpRequest, uuid: str) -> HttpResponse:
    followed = get_right_for_user(request, uuid, screen="right_reminder")
    form = ReminderForm(request.POST or None, initial={"remind_on": followed.remind_on})
    if request.method == "POST" and form.is_valid():
        try:
            followed.set_reminder(form.cleaned_data["remind_on"])
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "Le rappel a été enregistré." if followed.remind_on else "Le rappel est retiré.")
            return redirect("counter:person_detail", uuid=followed.person.uuid)
    title = f"{followed.get_right_display()} : rappel"
    return render(
        request,
        "rights/form.html",
        {"form": form, "person": followed.person, "structure": followed.person.structure, "title": title},
    )


def right_list(request: HttpRequest) -> HttpResponse:
    """Mine by default; `?vue=structure` for managers (their structures) and administrators (all)."""
    user = _user(request)
    reach = reach_for(user)
    administrator = Role.ADMINISTRATOR in reach.roles
    if not reach.staff_structures and not administrator:
        raise PermissionDenied("Le suivi des droits est réservé aux équipes des structures.")
    can_see_structure = bool(reach.managed_structures) or administrator
    whole_structure = can_see_structure and request.GET.get("vue") == "structure"
    rights = FollowedRight.objects.for_user(user)
    if whole_structure:
        if not administrator:
            rights = rights.filter(structure_id__in=reach.managed_structures)
    else:
        rights = rights.filter(mediator=user)
    filters = ListFilterForm(request.GET or None)
    if filters.is_valid():
        if filters.cleaned_data["stage"]:
            rights = rights.filter(stage=filters.cleaned_data["stage"])
        if filters.cleaned_data["right"]:
            rights = rights.filter(right=filters.cleaned_data["right"])
    rights = rights.select_related("person", "structure", "mediator", "partner").reminders_first()
    page = Paginator(rights, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "rights/list.html",
        {
            "page": page,
            "filters": filters,
            "whole_structure": whole_structure,
            "can_see_structure": can_see_structure,
            "today": timezone.localdate(),
            "query": query.urlencode(),
        },
    )
