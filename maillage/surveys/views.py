"""Back office of satisfaction surveys: list, edit, close, renew the link, print the poster, read results."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from maillage.network.access import can_manage, get_structure_for_user
from maillage.surveys.access import get_survey_for_user
from maillage.surveys.forms import PeriodForm, SurveyForm
from maillage.surveys.models import Survey
from maillage.surveys.qr import qr_svg
from maillage.surveys.results import survey_results


def _user(request: HttpRequest) -> Any:
    return request.user


def survey_list(request: HttpRequest, uuid: str) -> HttpResponse:
    structure = get_structure_for_user(request, uuid)
    surveys = (
        Survey.objects.filter(place__structure=structure)
        .select_related("place")
        .annotate(answers=Count("responses"))
        .order_by("place__name", "-created_at")
    )
    context = {"structure": structure, "surveys": surveys, "can_manage": can_manage(request, structure)}
    return render(request, "surveys/list.html", context)


def _form_page(request: HttpRequest, form: SurveyForm, *, title: str, message: str) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        survey = form.save()
        messages.success(request, message)
        return redirect("surveys:list", uuid=survey.place.structure.uuid)
    return render(request, "surveys/form.html", {"form": form, "title": title, "structure": form.structure})


def survey_create(request: HttpRequest, uuid: str) -> HttpResponse:
    structure = get_structure_for_user(request, uuid, manage=True)
    form = SurveyForm(request.POST or None, instance=Survey(created_by=_user(request)), structure=structure)
    return _form_page(request, form, title="Nouveau questionnaire de satisfaction", message="Questionnaire créé.")


def survey_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    survey = get_survey_for_user(request, uuid, manage=True)
    form = SurveyForm(request.POST or None, instance=survey, structure=survey.place.structure)
    return _form_page(request, form, title=f"Modifier « {survey.title} »", message="Questionnaire mis à jour.")


@require_POST
def survey_deactivate(request: HttpRequest, uuid: str) -> HttpResponse:
    survey = get_survey_for_user(request, uuid, manage=True)
    survey.deactivate()
    messages.success(request, f"« {survey.title} » est fermé : son lien et son QR code n'acceptent plus de réponse.")
    return redirect("surveys:list", uuid=survey.place.structure.uuid)


@require_POST
def survey_activate(request: HttpRequest, uuid: str) -> HttpResponse:
    survey = get_survey_for_user(request, uuid, manage=True)
    survey.activate()
    messages.success(request, f"« {survey.title} » accepte de nouveau des réponses.")
    return redirect("surveys:list", uuid=survey.place.structure.uuid)


def survey_regenerate_key(request: HttpRequest, uuid: str) -> HttpResponse:
    survey = get_survey_for_user(request, uuid, manage=True)
    if request.method == "POST":
        survey.regenerate_key()
        messages.success(request, "Nouveau lien créé : l'ancien lien et les anciennes affiches ne marchent plus.")
        return redirect("surveys:poster", uuid=survey.uuid)
    return render(request, "surveys/regenerate_key.html", {"survey": survey})


def _public_url(request: HttpRequest, survey: Survey) -> str:
    return request.build_absolute_uri(survey.public_path)


def survey_poster(request: HttpRequest, uuid: str) -> HttpResponse:
    survey = get_survey_for_user(request, uuid)
    context = {"survey": survey, "public_url": _public_url(request, survey)}
    return render(request, "surveys/poster.html", context)


def survey_qr_svg(request: HttpRequest, uuid: str) -> HttpResponse:
    survey = get_survey_for_user(request, uuid)
    response = HttpResponse(qr_svg(_public_url(request, survey)), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-cache"  # the key may be renewed at any time
    return response


def survey_results_view(request: HttpRequest, uuid: str) -> HttpResponse:
    """Figures and free-text remarks: the page is reached by structure staff, coordinators, admins only."""
    survey = get_survey_for_user(request, uuid)
    period = PeriodForm(request.GET, default_start=timezone.localdate(survey.created_at))
    start, end = period.period()
    remarks = survey.responses.submitted_between(start, end).exclude(free_text="").values("submitted_at", "free_text")
    context: dict[str, Any] = {
        "survey": survey,
        "period": period,
        "start": start,
        "end": end,
        "results": survey_results(survey, start, end),
        "remarks": Paginator(remarks, 50).get_page(request.GET.get("page")),
        "can_manage": can_manage(request, survey.place.structure),
    }
    return render(request, "surveys/results.html", context)
