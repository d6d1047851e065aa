"""The counter screen: record a request in seconds, today's list, same-day edits."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.accounts.enums import STRUCTURE_ROLES
from maillage.accounts.scoping import structure_filter
from maillage.counter import residence
from maillage.counter.forms import DURATION_CHOICES, PROFILE_FIELDS, RequestForm
from maillage.counter.models import Person, Procedure, Request, Visit
from maillage.counter.services import (
    SHORTCUT_ACTIONS,
    change_shortcuts,
    record_request,
    shortcuts_for,
    suggested_shortcuts,
)
from maillage.counter.today import listed
from maillage.lib.params import uuid_param
from maillage.network.models import Place
from maillage.outreach.tagging import SESSION_CAMPAIGN, active_campaigns, flagged_places
from maillage.tickets.counter_hook import record_for_ticket, ticket_for_counter

SESSION_PLACE = "counter_place"


def _user(request: HttpRequest) -> Any:
    return request.user


def _places(request: HttpRequest) -> Any:
    """Places where this user records requests: those of their structures (mediator or manager)."""
    return (
        Place.objects.filter(structure_filter(_user(request), prefix="structure__", roles=set(STRUCTURE_ROLES)))
        .select_related("commune")
        .order_by("name")
    )


def _visit(request: HttpRequest, places: Any) -> Visit | None:
    uuid = uuid_param(request.POST, "visit") or uuid_param(request.GET, "visit")
    if uuid is None:
        return None  # absent or malformed: the request starts a new visit
    return Visit.objects.filter(uuid=uuid, requests__place__in=places).distinct().first()


def _person(request: HttpRequest) -> Person | None:
    """The person file a request is recorded for (`?person=uuid`), within the user's structures."""
    if not request.GET.get("person"):
        return None
    uuid = uuid_param(request.GET, "person")
    if uuid is None:
        raise Http404("Ce dossier n'existe pas.")
    person = get_object_or_404(Person.objects.for_user(_user(request)), uuid=uuid)
    person.log_access(_user(request), "accueil")
    return person


def _initial(request: HttpRequest, places: list[Place], visit: Visit | None, person: Person | None) -> dict[str, Any]:
    """The form's first values; `places` are the user's places, already read (in the select's order)."""
    place_id = request.session.get(SESSION_PLACE)
    place = next((p for p in places if p.pk == place_id), places[0])
    initial: dict[str, Any] = {"place": place}
    if person is not None:
        initial["person"] = person.pk
        place = next((p for p in places if p.structure_id == person.structure_id), place)
        initial["place"] = place
    code = request.GET.get("procedure", "")[:60]
    procedure = Procedure.objects.filter(code=code, is_active=True).first() if code else None
    if procedure is not None:  # a link from elsewhere (a screening's result) names the procedure to record
        initial.update(procedure=procedure, partner=procedure.partner, domain=procedure.domain)
    if visit is not None:
        last = visit.requests.order_by("-occurred_at").first()
        if last is not None:
            initial.update({name: getattr(last, name) for name in PROFILE_FIELDS})
            initial.update(place=last.place, stop=last.stop)
    return initial


def _apply_shortcut(data: QueryDict) -> QueryDict:
    """A shortcut button carries "partner:procedure"; it fills both fields of the posted form."""
    shortcut = data.get("shortcut", "")
    if ":" in shortcut:
        partner, procedure = shortcut.split(":", 1)
        data = data.copy()
        data["partner"], data["procedure"] = partner, procedure
    return data


def counter(request: HttpRequest) -> HttpResponse:
    places = _places(request)
    # read once, with only what the page shows of them: the place select, the place chosen, the campaigns flag
    place_list = flagged_places(places.select_related(None).only("pk", "name", "structure_id"))
    if not place_list:
        raise PermissionDenied("L'accueil est réservé aux équipes des structures qui ont des lieux.")
    campaigns = active_campaigns(places) if any(p.has_campaign for p in place_list) else []
    ticket = ticket_for_counter(request, places)
    visit = _visit(request, places) or (ticket.visit if ticket else None)
    person = _person(request)
    if request.method == "POST":
        form = RequestForm(_apply_shortcut(request.POST), places=places, campaigns=campaigns, place_list=place_list)
        if form.is_valid():
            saved = record_request(form=form, mediator=_user(request), visit=visit)
            request.session[SESSION_PLACE] = saved.place_id
            if campaigns:
                request.session[SESSION_CAMPAIGN] = form.cleaned_data.get("campaign", "")
            label = saved.procedure.name if saved.procedure else saved.get_domain_display()
            messages.success(request, f"Demande enregistrée : {label}.")
            if ticket is not None:
                more = request.POST.get("next") == "same_person"
                record_for_ticket(ticket, saved.visit, _user(request), more=more)
                if not more:
                    return redirect("tickets:queue", uuid=ticket.place.uuid)
            if request.POST.get("next") == "same_person":
                suffix = f"&person={saved.person.uuid}" if saved.person else ""
                suffix += f"&ticket={ticket.uuid}" if ticket else ""
                return redirect(f"{reverse('counter:counter')}?visit={saved.visit.uuid}{suffix}")
            if saved.person:
                return redirect("counter:person_detail", uuid=saved.person.uuid)
            return redirect("counter:counter")
        messages.error(request, "La demande n'a pas été enregistrée : corrigez les champs signalés.")
    else:
        initial = _initial(request, place_list, visit, person)
        initial["campaign"] = request.session.get(SESSION_CAMPAIGN, "")  # the campaign chosen last
        form = RequestForm(initial=initial, places=places, campaigns=campaigns, place_list=place_list)
    context = _context(request, form, place_list, visit)
    context["person"] = person
    context["campaign_field"] = form["campaign"] if campaigns else None
    context["ticket"] = ticket
    return render(request, "counter/counter.html", context)


def _context(request: HttpRequest, form: RequestForm, places: list[Place], visit: Visit | None) -> dict[str, Any]:
    user = _user(request)
    today = Request.objects.on_day(timezone.localdate())
    place = form.initial.get("place") or places[0]
    shortcuts = shortcuts_for(user, known=form.catalogue)
    mine_today, mine_today_count = listed(today.filter(mediator=user))
    place_today, place_today_count = listed(today.filter(place=place)) if place else ([], 0)
    return {
        "form": form,
        "visit": visit,
        "visit_requests": list(visit.requests.select_related("procedure", "partner")) if visit else [],
        "shortcuts": shortcuts,
        "suggested": suggested_shortcuts(user, shortcuts=shortcuts, known=form.catalogue),
        "durations": DURATION_CHOICES,
        "mine_today": mine_today,
        "mine_today_count": mine_today_count,
        "place_today": place_today,
        "place_today_count": place_today_count,
        "current_place": place,
        "procedure_partners": form.catalogue["partners"],
        "undoable": Request.objects.undoable_by(user).select_related("procedure").order_by("-created_at").first(),
    }


def _get_request_for_user(request: HttpRequest, uuid: str) -> Request:
    obj = get_object_or_404(Request.objects.for_user(_user(request)).select_related("place"), uuid=uuid)
    if not obj.is_editable_today:
        raise PermissionDenied("Une demande ne peut être modifiée que le jour même.")
    return obj


def request_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    obj = _get_request_for_user(request, uuid)
    places = _places(request)
    form = RequestForm(request.POST or None, instance=obj, places=places)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "La demande a été modifiée.")
        return redirect("counter:counter")
    return render(request, "counter/request_edit.html", {"form": form, "object": obj, "durations": DURATION_CHOICES})


def request_delete(request: HttpRequest, uuid: str) -> HttpResponse:
    obj = _get_request_for_user(request, uuid)
    if request.method == "POST":
        obj.delete()
        messages.success(request, "La demande a été supprimée.")
        return redirect("counter:counter")
    return render(request, "counter/request_delete.html", {"object": obj})


@require_POST
def request_undo(request: HttpRequest, uuid: str) -> HttpResponse:
    """ "Annuler" after recording: the author deletes the request within a few minutes."""
    obj = get_object_or_404(Request.objects.for_user(_user(request)), uuid=uuid)
    try:
        obj.undo(_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "La demande a été annulée : elle n'est plus enregistrée.")
    return redirect("counter:counter")


def commune_suggestions(request: HttpRequest) -> JsonResponse:
    """Communes for the residence field: {"results": [{"value": "Nom (département, code postal)", ...}]}."""
    if not _places(request).exists():
        raise PermissionDenied("Les suggestions de communes servent à l'accueil des structures.")
    found = residence.suggestions(request.GET.get("q", "")[:100])
    return JsonResponse({"results": [{"value": s.value, "label": s.label, "code": s.code} for s in found]})


def shortcut_settings(request: HttpRequest) -> HttpResponse:
    """The mediator pins, orders and removes the procedures of keys 1 to 8; usage only suggests."""
    user = _user(request)
    if not _places(request).exists():
        raise PermissionDenied("Les raccourcis servent à l'accueil des structures.")
    if request.method == "POST":
        action = request.POST.get("action", "")
        procedure_id = request.POST.get("procedure", "")
        procedure = Procedure.objects.filter(pk=procedure_id if procedure_id.isdigit() else 0, is_active=True).first()
        if action not in SHORTCUT_ACTIONS or procedure is None:
            messages.error(request, "Choisissez une démarche du catalogue.")
        else:
            messages.success(request, change_shortcuts(mediator=user, procedure=procedure, action=action))
        return redirect("counter:shortcut_settings")
    shortcuts = shortcuts_for(user)
    pinned = {s.procedure.pk for s in shortcuts}
    context = {
        "shortcuts": shortcuts,
        "suggested": suggested_shortcuts(user, shortcuts=shortcuts),
        "catalogue": Procedure.objects.filter(is_active=True).exclude(pk__in=pinned).select_related("partner"),
    }
    return render(request, "counter/shortcuts.html", context)
