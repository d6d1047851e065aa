"""Outreach pages under /aller-vers/: campaigns of my structures, their figures and exports, recording
contact attempts. Staff of the structure read and record; its managers create and edit campaigns."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from maillage.lib.spreadsheet import csv_text
from maillage.network.models import Structure
from maillage.outreach.figures import campaign_figures
from maillage.outreach.forms import AttemptForm, CampaignForm, ListFilterForm, team_candidates
from maillage.outreach.models import Campaign, ContactAttempt, _staff_filter
from maillage.outreach.tables import attempt_rows, cost_label, figure_rows

PER_PAGE = 20
REFUSED = "Les campagnes d'aller vers sont réservées aux équipes des structures."
MANAGERS_ONLY = "Seuls les responsables de la structure créent et modifient ses campagnes."


def staff_user(request: HttpRequest) -> Any:
    """The signed-in user, when they work for a structure (or administer the platform); 403 otherwise."""
    from maillage.navigation import reach_for

    user = request.user
    if not reach_for(user).staff_structures and not user.is_administrator:  # type: ignore[arg-type, union-attr]
        raise PermissionDenied(REFUSED)
    return user


def get_campaign_for_user(request: HttpRequest, uuid: Any) -> Campaign:
    return get_object_or_404(Campaign.objects.for_user(staff_user(request)).select_related("structure"), uuid=uuid)


def campaign_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    filters = ListFilterForm(request.GET)
    data = filters.cleaned_data if filters.is_valid() else {}
    mine, past = data.get("who") == "mine", data.get("when") == "past"
    today = timezone.localdate()
    campaigns = Campaign.objects.for_user(user).select_related("structure")
    if mine:
        campaigns = campaigns.filter(team=user).distinct()
    campaigns = campaigns.past(today) if past else campaigns.current_or_coming(today).order_by("starts_on", "pk")
    page = Paginator(campaigns, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    can_create = Structure.objects.filter(_staff_filter(user, "", managers_only=True)).exists()
    context = {"page": page, "mine": mine, "past": past, "query": query.urlencode(), "today": today}
    return render(request, "outreach/list.html", {**context, "can_create": can_create})


def _campaign_form(request: HttpRequest, campaign: Campaign | None) -> HttpResponse:
    user = staff_user(request)
    structures = Structure.objects.filter(_staff_filter(user, "", managers_only=True))
    if campaign is None and not structures.exists():
        raise PermissionDenied(MANAGERS_ONLY)
    form = CampaignForm(
        request.POST or None, instance=campaign, structures=structures, team=team_candidates(structures)
    )
    if request.method == "POST":
        if form.is_valid():
            created = campaign is None
            if created:
                form.instance.created_by = user
            saved = form.save()
            messages.success(request, "La campagne a été créée." if created else "La campagne a été modifiée.")
            return redirect("outreach:detail", uuid=saved.uuid)
        messages.error(request, "La campagne n'a pas été enregistrée : corrigez les champs signalés.")
    title = "Nouvelle campagne d'aller vers" if campaign is None else f"Modifier la campagne « {campaign.title} »"
    return render(request, "outreach/form.html", {"form": form, "campaign": campaign, "title": title})


def campaign_create(request: HttpRequest) -> HttpResponse:
    return _campaign_form(request, None)


def campaign_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    user = staff_user(request)
    campaign = get_campaign_for_user(request, uuid)
    if not Campaign.objects.managed_by(user).filter(pk=campaign.pk).exists():
        raise PermissionDenied(MANAGERS_ONLY)
    return _campaign_form(request, campaign)


def campaign_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    campaign = get_campaign_for_user(request, uuid)
    figures = campaign_figures(campaign_ids=[campaign.pk])
    attempts = campaign.attempts.select_related("commune", "mediator").order_by("-occurred_at", "-pk")
    page = Paginator(attempts, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "campaign": campaign,
        "figures": figures.total,
        "cost": cost_label(figures.total),
        "page": page,
        "query": "",
        "communes": list(campaign.communes.order_by("name")),
        "partners": list(campaign.partners.order_by("name")),
        "team": list(campaign.team.order_by("last_name", "first_name")),
        "active": campaign.is_active_on(timezone.localdate()),
    }
    return render(request, "outreach/detail.html", context)


def attempt_create(request: HttpRequest, uuid: str) -> HttpResponse:
    """The phone screen: one form, one big button per result; a replayed form (same client_uuid) stores once."""
    campaign = get_campaign_for_user(request, uuid)
    form = AttemptForm(request.POST or None, campaign=campaign)
    if request.method == "POST":
        result = request.POST.get("result", "")
        if result not in dict(ContactAttempt._meta.get_field("result").choices or []):
            form.add_error(None, "Choisissez le résultat du contact.")
        elif form.is_valid():
            data = form.cleaned_data
            try:
                attempt = ContactAttempt.record(
                    campaign=campaign,
                    mediator=request.user,  # type: ignore[arg-type]
                    commune=data["commune"],
                    stop=data["stop"],
                    result=result,
                    occurred_at=data["occurred_at"],
                    note=data["note"],
                    duration_minutes=data["duration_minutes"],
                    client_uuid=data["client_uuid"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                label = attempt.get_result_display()
                done = "enregistré" if attempt.created_now else "déjà enregistré (envoi répété)"
                messages.success(request, f"Contact {done} : {label}.")
                return redirect("outreach:attempt", uuid=campaign.uuid)
        messages.error(request, "Le contact n'a pas été enregistré : rien n'a été écrit.")
    results = ContactAttempt._meta.get_field("result").choices
    context = {"campaign": campaign, "form": form, "results": results}
    return render(request, "outreach/attempt.html", context, status=400 if form.errors else 200)


def _add_errors(form: AttemptForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _csv(rows: list[list[Any]], filename: str) -> HttpResponse:
    response = HttpResponse(csv_text(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def figures_csv(request: HttpRequest, uuid: str) -> HttpResponse:
    campaign = get_campaign_for_user(request, uuid)
    figures = campaign_figures(campaign_ids=[campaign.pk])
    return _csv(figure_rows(campaign, figures.total), f"campagne-{campaign.uuid}-chiffres.csv")


@require_GET
def attempts_csv(request: HttpRequest, uuid: str) -> HttpResponse:
    campaign = get_campaign_for_user(request, uuid)
    attempts = campaign.attempts.select_related("commune", "stop", "mediator").order_by("occurred_at", "pk")
    return _csv(attempt_rows(attempts), f"campagne-{campaign.uuid}-contacts.csv")
