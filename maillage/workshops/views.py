"""Workshop pages: sessions of my structures, registrations, roll call. Staff of the structure only."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.accounts.enums import STRUCTURE_ROLES
from maillage.accounts.models import User
from maillage.counter.models import Person
from maillage.network.models import Place
from maillage.workshops.forms import ListFilterForm, RegisterForm, RollCallForm, SessionForm
from maillage.workshops.models import Registration, Session, _staff_filter, seat_labels

PER_PAGE = 20
REFUSED = "Les ateliers sont réservés aux équipes des structures."


def staff_user(request: HttpRequest) -> Any:
    """The signed-in user, when they work for a structure (or administer the platform); 403 otherwise."""
    from maillage.navigation import reach_for

    user = request.user
    reach = reach_for(user)  # type: ignore[arg-type]
    if not reach.staff_structures and not user.is_administrator:  # type: ignore[union-attr]
        raise PermissionDenied(REFUSED)
    return user


def places_for(user: Any) -> Any:
    return Place.objects.filter(_staff_filter(user, "structure__"))


def get_session_for_user(request: HttpRequest, uuid: Any) -> Session:
    return get_object_or_404(
        Session.objects.for_user(staff_user(request)).select_related("place", "structure", "facilitator"), uuid=uuid
    )


def session_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    scope = _staff_filter(user, "structure__")  # read once: places and sessions share the prefix
    filters = ListFilterForm(request.GET or None, places=Place.objects.filter(scope))
    sessions = Session.objects.filter(scope).select_related("place", "facilitator")
    past = False
    if filters.is_valid():
        data = filters.cleaned_data
        past = data["when"] == "past"
        sessions = sessions.filter(**{k: v for k, v in (("theme", data["theme"]), ("level", data["level"])) if v})
        if data["place"]:
            sessions = sessions.filter(place=data["place"])
    sessions = sessions.past().order_by("-starts_at", "-pk") if past else sessions.upcoming()
    page = Paginator(sessions, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workshops/list.html",
        {"page": page, "filters": filters, "past": past, "query": query.urlencode()},
    )


def _facilitators(user: Any) -> Any:
    return (
        User.objects.filter(memberships__role__in=list(STRUCTURE_ROLES))
        .filter(_staff_filter(user, "memberships__structure__"))
        .distinct()
        .order_by("last_name", "first_name")
    )


def _session_form(request: HttpRequest, session: Session | None) -> HttpResponse:
    user = staff_user(request)
    form = SessionForm(
        request.POST or None, instance=session, places=places_for(user), facilitators=_facilitators(user)
    )
    if request.method == "POST":
        if form.is_valid():
            created = session is None
            if created:
                form.instance.created_by = user
            saved = form.save()
            messages.success(request, "L'atelier a été créé." if created else "L'atelier a été modifié.")
            return redirect("workshops:detail", uuid=saved.uuid)
        messages.error(request, "L'atelier n'a pas été enregistré : corrigez les champs signalés.")
    title = "Nouvel atelier" if session is None else f"Modifier l'atelier « {session.title} »"
    return render(request, "workshops/form.html", {"form": form, "session": session, "title": title})


def session_create(request: HttpRequest) -> HttpResponse:
    return _session_form(request, None)


def session_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    session = get_session_for_user(request, uuid)
    if session.cancelled:
        messages.error(request, "Cet atelier est annulé : il ne peut plus être modifié.")
        return redirect("workshops:detail", uuid=session.uuid)
    return _session_form(request, session)


def _persons(session: Session) -> Any:
    return Person.objects.filter(structure_id=session.structure_id).order_by("-last_activity_at")[:300]


def session_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    session = get_session_for_user(request, uuid)
    form = RegisterForm(persons=_persons(session))
    return _detail(request, session, form)


def _detail(request: HttpRequest, session: Session, form: RegisterForm, status: int = 200) -> HttpResponse:
    registrations = list(session.registrations.select_related("person"))
    labels = seat_labels(registrations)
    rows = [(registration, labels[registration.pk]) for registration in registrations]
    partners = list(session.partners.order_by("name"))
    return render(
        request,
        "workshops/detail.html",
        {"session": session, "rows": rows, "partners": partners, "form": form},
        status=status,
    )


@require_POST
def session_register(request: HttpRequest, uuid: str) -> HttpResponse:
    session = get_session_for_user(request, uuid)
    form = RegisterForm(request.POST, persons=Person.objects.filter(structure_id=session.structure_id))
    if form.is_valid():
        data = form.cleaned_data
        try:
            added = session.register(by=request.user, person=data["person"], anonymous=data["anonymous"] or 0)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                f"{len(added)} inscription{'s' if len(added) > 1 else ''} enregistrée{'s' if len(added) > 1 else ''}.",
            )
            return redirect("workshops:detail", uuid=session.uuid)
    messages.error(request, "L'inscription n'a pas été enregistrée.")
    form.fields["person"].queryset = _persons(session)  # type: ignore[attr-defined]
    return _detail(request, session, form, status=400)


def session_cancel(request: HttpRequest, uuid: str) -> HttpResponse:
    session = get_session_for_user(request, uuid)
    if request.method == "POST":
        if session.cancel():
            messages.success(request, "L'atelier est annulé. Pensez à prévenir les personnes inscrites.")
        else:
            messages.info(request, "Cet atelier était déjà annulé.")
        return redirect("workshops:detail", uuid=session.uuid)
    return render(
        request,
        "workshops/confirm.html",
        {
            "title": f"Annuler l'atelier « {session.title} » ?",
            "text": f"{session.seats_taken} place(s) prise(s). L'atelier ne prendra plus d'inscriptions et "
            "sortira des chiffres d'activité.",
            "confirm": "Oui, annuler l'atelier",
            "back": session,
        },
    )


def registration_cancel(request: HttpRequest, uuid: str) -> HttpResponse:
    user = staff_user(request)
    registration = get_object_or_404(
        Registration.objects.filter(_staff_filter(user, "session__structure__")).select_related("session", "person"),
        uuid=uuid,
    )
    session = registration.session
    if request.method == "POST":
        if registration.cancel():
            messages.success(request, "L'inscription est annulée : la place est libérée.")
        else:
            messages.info(request, "Cette inscription était déjà annulée.")
        return redirect("workshops:detail", uuid=session.uuid)
    who = registration.person.display_name if registration.person else "une place anonyme"
    return render(
        request,
        "workshops/confirm.html",
        {
            "title": f"Annuler l'inscription de {who} ?",
            "text": f"Atelier « {session.title} » du {timezone.localtime(session.starts_at):%d/%m/%Y à %H:%M}.",
            "confirm": "Oui, annuler l'inscription",
            "back": session,
        },
    )


def roll_call(request: HttpRequest, uuid: str) -> HttpResponse:
    session = get_session_for_user(request, uuid)
    if not session.roll_call_open:
        messages.error(request, "L'appel se fait à partir du jour de l'atelier (et pas pour un atelier annulé).")
        return redirect("workshops:detail", uuid=session.uuid)
    form = RollCallForm(request.POST or None, registrations=list(session.registrations.select_related("person")))
    if request.method == "POST" and form.is_valid():
        changed = sum(r.mark(form.cleaned_data[str(r.uuid)]) for r in form.registrations)
        messages.success(request, f"Appel enregistré ({changed} changement{'s' if changed > 1 else ''}).")
        return redirect("workshops:detail", uuid=session.uuid)
    return render(request, "workshops/roll_call.html", {"session": session, "form": form})
