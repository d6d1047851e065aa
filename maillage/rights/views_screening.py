"""Screening a person's rights from the person file: the form, then the results. Staff of the person's
structure only; every read is a read of the file (logged)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from maillage.counter.models import Request
from maillage.counter.views_persons import get_person_for_user
from maillage.network.models import Place
from maillage.rights.enums import PAYERS, Right
from maillage.rights.forms_screening import ScreeningForm, initial_from
from maillage.rights.models import FollowedRight, Screening
from maillage.rights.openfisca import ScreeningUnavailable, service_version
from maillage.rights.screening import RECEIVED, compute, record
from maillage.rights.screening_types import HOUSING_LABELS, RESOURCE_LABELS, STATUS_LABELS
from maillage.territory.models import Commune

STATUS_LABELS_SHOWN = {**STATUS_LABELS, RECEIVED: "Déjà perçu"}
HEALTH_TIMEOUT = 0.5  # seconds: the form page asks the service whether it is up, briefly
STATUS_BADGES = {
    "probable": "success",
    "to_check": "warning",
    "not_computable": "info",
    "not_eligible": "",
    RECEIVED: "new",
}


def _user(request: HttpRequest) -> Any:
    return request.user


def _initial(person: Any) -> dict[str, Any]:
    last = Screening.objects.filter(person=person).first()
    situation = last.situation_data if last is not None else None
    commune = None
    if situation and situation.get("commune_code"):
        commune = Commune.objects.filter(code=situation["commune_code"]).first()
    if commune is None:
        latest = Request.objects.filter(person=person, residence__isnull=False).order_by("-occurred_at").first()
        commune = latest.residence if latest is not None else None
    initial = initial_from(situation, birth_date=person.birth_date, commune=commune)
    place = Place.objects.filter(structure=person.structure).order_by("name").first()
    if last is not None and last.place_id:
        initial["place"] = last.place_id
    elif place is not None:
        initial["place"] = place.pk
    return initial


def screening_create(request: HttpRequest, uuid: str) -> HttpResponse:
    person = get_person_for_user(request, uuid, screen="screening_form")
    if request.method != "POST":
        form = ScreeningForm(initial=_initial(person), structure=person.structure)
        try:
            service_version(timeout=HEALTH_TIMEOUT)  # say it before the person's situation is typed
        except ScreeningUnavailable as error:
            return _form_page(request, person, form, unavailable=str(error), status=200)
        return _form_page(request, person, form)
    form = ScreeningForm(request.POST, structure=person.structure)
    if form.refused:
        messages.info(request, "La personne n'a pas donné son accord : rien n'a été calculé ni enregistré.")
        return redirect("counter:person_detail", uuid=person.uuid)
    if not form.is_valid():
        messages.error(request, "Le calcul n'a pas été lancé : corrigez les champs signalés.")
        return _form_page(request, person, form)
    data = form.cleaned_data
    situation = form.situation()
    later = request.POST.get("action") == "later"
    result = None
    if not later:
        try:
            result = compute(situation, data["period"])
        except ScreeningUnavailable as error:
            return _form_page(request, person, form, unavailable=str(error))
    try:
        screening = record(
            person=person,
            situation=situation,
            period=data["period"],
            consent=(timezone.localdate(), data["consent_method"]),
            mediator=_user(request),
            place=data["place"],
            result=result,
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _form_page(request, person, form)
    if result is None:
        messages.success(
            request, "La situation est enregistrée : le calcul sera fait cette nuit et les droits probables suivis."
        )
        return redirect("counter:person_detail", uuid=person.uuid)
    probable = sum(1 for row in screening.results_data.values() if row["status"] == "probable")
    if probable:
        plural = "s" if probable > 1 else ""
        messages.success(request, f"{probable} droit{plural} probable{plural} : ajouté{plural} aux droits suivis.")
    else:
        messages.info(request, "Aucun droit probable n'a été trouvé pour cette situation.")
    return redirect("rights:screening_detail", uuid=screening.uuid)


def _form_page(
    request: HttpRequest, person: Any, form: ScreeningForm, *, unavailable: str = "", status: int | None = None
) -> HttpResponse:
    return render(
        request,
        "rights/screening_form.html",
        {"form": form, "person": person, "structure": person.structure, "unavailable": unavailable},
        status=status or (503 if unavailable else 200),
    )


def screening_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    screening = get_object_or_404(
        Screening.objects.for_user(_user(request)).select_related("person", "person__structure", "mediator", "place"),
        uuid=uuid,
    )
    person = screening.person
    person.log_access(_user(request), "screening_detail")
    followed = {row.right: row for row in FollowedRight.objects.filter(person=person).order_by("-identified_on", "-pk")}
    rows = []
    for right, result in screening.results_data.items():
        payer = PAYERS[right]
        rows.append(
            {
                "right": right,
                "label": Right(right).label,
                "status": result["status"],
                "status_label": STATUS_LABELS_SHOWN[result["status"]],
                "badge": STATUS_BADGES[result["status"]],
                "amount": result["amount"],
                "per": "par an" if result["period"] == "year" else "par mois",
                "missing": result["missing"],
                "detail": result["detail"],
                "payer": payer.label,
                "procedure_code": payer.procedure_code,
                "followed": followed.get(right),
            }
        )
    return render(
        request,
        "rights/screening_detail.html",
        {
            "screening": screening,
            "person": person,
            "structure": person.structure,
            "rows": rows,
            "situation": describe(screening.situation_data),
        },
    )


def describe(situation: dict[str, Any]) -> list[tuple[str, str]]:
    """The situation in French, as the results page recalls it."""

    def adult(data: dict[str, Any] | None) -> str:
        if not data:
            return ""
        text = f"{data['age']} ans"
        if data.get("disability") in {"50", "80"}:
            text += ", taux d'incapacité " + ("de 50 à 79 %" if data["disability"] == "50" else "d'au moins 80 %")
        if data.get("resources") is None:
            return text + ", ressources inconnues"
        parts = [f"{RESOURCE_LABELS[kind]} {amount.replace('.', ',')} €" for kind, amount in data["resources"].items()]
        return text + ", " + (", ".join(parts) + " par mois" if parts else "sans ressources")

    lines = [("Personne", adult(situation["applicant"]))]
    if situation.get("couple"):
        lines.append(("Conjoint", adult(situation.get("partner"))))
    children = situation.get("children") or []
    lines.append(("Enfants à charge", ", ".join(f"{age} ans" for age in children) if children else "aucun"))
    housing = HOUSING_LABELS.get(situation.get("housing_status") or "", "non précisé")
    if situation.get("rent"):
        housing += f", loyer {situation['rent'].replace('.', ',')} € par mois"
    if situation.get("commune_code"):
        commune = Commune.objects.filter(code=situation["commune_code"]).first()
        housing += f", {commune.name if commune else situation['commune_code']}"
    lines.append(("Logement", housing))
    received = situation.get("received") or []
    if received:
        lines.append(("Déjà perçus", ", ".join(Right(code).label for code in received)))
    return lines
