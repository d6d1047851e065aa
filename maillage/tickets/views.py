"""The queue pages: reception (a ticket), the mediator's queue of a place, the waiting-room screen.

The staff pages reach the places of the user's structures (mediators and managers, administrators
everywhere); anything else is a 404. The screen is public but reached only through the place's
unguessable token (`Screen`), which a manager or mediator renews when it has leaked: a kiosk
needs no account and the page holds no personal data (numbers, counts, an estimate).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.accounts.enums import STRUCTURE_ROLES
from maillage.accounts.scoping import structure_filter
from maillage.network.models import Place
from maillage.tickets.enums import Status
from maillage.tickets.estimate import estimated_wait, recent_median_service, wait_label
from maillage.tickets.forms import RedirectForm, TicketForm
from maillage.tickets.models import Screen, Ticket

RECENT_SHOWN = 10
CALLED_SHOWN = 5


def _user(request: HttpRequest) -> Any:
    return request.user


def _places(request: HttpRequest) -> Any:
    return Place.objects.filter(structure_filter(_user(request), prefix="structure__", roles=set(STRUCTURE_ROLES)))


def get_place_for_user(request: HttpRequest, uuid: Any) -> Place:
    return get_object_or_404(_places(request).select_related("structure"), uuid=uuid)


def get_ticket_for_user(request: HttpRequest, uuid: Any) -> Ticket:
    return get_object_or_404(Ticket.objects.for_user(_user(request)).select_related("place"), uuid=uuid)


def place_choice(request: HttpRequest) -> HttpResponse:
    places = list(_places(request).order_by("name").only("uuid", "name"))
    if not places:
        raise PermissionDenied("La file d'attente est réservée aux équipes des structures qui ont des lieux.")
    return render(request, "tickets/places.html", {"places": places})


def _screen(place: Place) -> Screen:
    screen, _ = Screen.objects.get_or_create(place=place)
    return screen


def queue(request: HttpRequest, uuid: str) -> HttpResponse:
    """Who waits (priority first, then arrival), who is being received, what ended today."""
    place = get_place_for_user(request, uuid)
    today = Ticket.objects.filter(place=place, day=timezone.localdate())
    waiting = list(today.waiting().in_queue_order().select_related("partner"))
    median = recent_median_service(place.pk)
    for position, ticket in enumerate(waiting):
        ticket.estimate = wait_label(estimated_wait(position, median))  # type: ignore[attr-defined]
    current = list(
        today.filter(status__in=[Status.CALLED, Status.IN_SERVICE]).select_related("called_by").order_by("called_at")
    )
    ended = list(
        today.exclude(status__in=[Status.WAITING, Status.CALLED, Status.IN_SERVICE]).order_by("-finished_at")[
            :RECENT_SHOWN
        ]
    )
    counts = today.aggregate(
        served=Count("pk", filter=Q(status=Status.SERVED)),
        no_show=Count("pk", filter=Q(status=Status.NO_SHOW)),
        redirected=Count("pk", filter=Q(status=Status.REDIRECTED)),
    )
    context = {
        "place": place,
        "waiting": waiting,
        "current": current,
        "ended": ended,
        "counts": counts,
        "now": timezone.now(),
        "screen": _screen(place),
        "median_minutes": round(median / 60) if median is not None else None,
    }
    return render(request, "tickets/queue.html", context)


def ticket_create(request: HttpRequest, uuid: str) -> HttpResponse:
    """Reception: one tap for the reason, optional priority, partner and language; then the number."""
    place = get_place_for_user(request, uuid)
    form = TicketForm(request.POST or None, place=place)
    if request.method == "POST":
        if form.is_valid():
            ticket = Ticket.take(place=place, created_by=_user(request), **form.cleaned_data)
            messages.success(request, f"Ticket {ticket.label} remis à la personne.")
            return redirect(f"{reverse('tickets:create', args=[place.uuid])}?dernier={ticket.label}")
        messages.error(request, "Le ticket n'a pas été créé : corrigez les champs signalés.")
    last = request.GET.get("dernier", "")
    context = {"form": form, "place": place, "last": last if last.isdigit() else ""}
    if context["last"]:  # what to tell the person: the wait before them, as the screen estimates it
        ahead = Ticket.objects.filter(place=place, day=timezone.localdate()).waiting().count() - 1
        context["estimate"] = wait_label(estimated_wait(max(ahead, 0), recent_median_service(place.pk)))
    return render(request, "tickets/create.html", context)


@require_POST
def call_next(request: HttpRequest, uuid: str) -> HttpResponse:
    """The first ticket in queue order that no one else called meanwhile."""
    place = get_place_for_user(request, uuid)
    for ticket in Ticket.objects.filter(place=place, day=timezone.localdate()).waiting().in_queue_order()[:10]:
        try:
            ticket.call(_user(request))
        except ValidationError:
            continue  # another mediator called it a moment ago: the next one
        messages.success(request, f"Ticket {ticket.label} appelé.")
        break
    else:
        messages.info(request, "Personne n'attend dans ce lieu.")
    return redirect("tickets:queue", uuid=place.uuid)


ACTIONS = {
    "appeler": ("call", "Ticket {label} appelé."),
    "recevoir": ("start_service", "Ticket {label} : la personne est reçue."),
    "terminer": ("finish", "Ticket {label} : passage terminé."),
    "absent": ("mark_no_show", "Ticket {label} noté absent à l'appel."),
    "annuler": ("cancel", "Ticket {label} annulé."),
}


@require_POST
def ticket_action(request: HttpRequest, uuid: str, action: str) -> HttpResponse:
    ticket = get_ticket_for_user(request, uuid)
    if action not in ACTIONS:
        raise Http404("Action inconnue.")
    method, message = ACTIONS[action]
    try:
        getattr(ticket, method)(_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, message.format(label=ticket.label))
        if action == "recevoir":
            return redirect(f"{reverse('counter:counter')}?ticket={ticket.uuid}")
    return redirect("tickets:queue", uuid=ticket.place.uuid)


def ticket_redirect(request: HttpRequest, uuid: str) -> HttpResponse:
    """Instead of waiting: another partner, or an appointment ("il manque un document")."""
    ticket = get_ticket_for_user(request, uuid)
    form = RedirectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            ticket.redirect(_user(request), kind=data["kind"], reason=data["reason"], partner=data["partner"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Ticket {ticket.label} réorienté.")
        return redirect("tickets:queue", uuid=ticket.place.uuid)
    return render(request, "tickets/redirect.html", {"form": form, "ticket": ticket})


def screen_renew(request: HttpRequest, uuid: str) -> HttpResponse:
    """A new screen link: the old one stops working at once (confirmation first)."""
    place = get_place_for_user(request, uuid)
    if request.method == "POST":
        _screen(place).renew()
        messages.success(request, "Nouveau lien de l'écran créé : l'ancien ne fonctionne plus.")
        return redirect("tickets:queue", uuid=place.uuid)
    return render(request, "tickets/screen_renew.html", {"place": place})


def _screen_context(token: str) -> dict[str, Any]:
    screen = Screen.objects.filter(token=token).select_related("place").first()
    if screen is None:
        raise Http404("Cet écran n'existe pas ou son lien a été renouvelé.")
    place = screen.place
    today = Ticket.objects.filter(place=place, day=timezone.localdate())
    called = list(
        today.filter(called_at__isnull=False).order_by("-called_at").values_list("number", flat=True)[:CALLED_SHOWN]
    )
    waiting = today.waiting().count()
    minutes = estimated_wait(waiting, recent_median_service(place.pk))
    return {
        "screen": screen,
        "place_name": place.name,
        "called": [f"{n:03d}" for n in called],
        "waiting": waiting,
        "estimate": wait_label(minutes),
    }


@login_not_required
def screen(request: HttpRequest, token: str) -> HttpResponse:
    return render(request, "tickets/screen.html", _screen_context(token))


@login_not_required
def screen_numbers(request: HttpRequest, token: str) -> HttpResponse:
    """The part of the screen that htmx fetches every few seconds."""
    return render(request, "tickets/_screen_numbers.html", _screen_context(token))
