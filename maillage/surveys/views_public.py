"""The public answer page reached from the QR code: anonymous, no account, no address kept."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from maillage.client_address import client_address
from maillage.surveys.forms import AnswerForm
from maillage.surveys.limits import source_hash, too_many_answers
from maillage.surveys.models import Survey


def _active_survey(public_key: str) -> Survey | None:
    return Survey.objects.active().select_related("place").filter(public_key=public_key).first()


def _gone(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/gone.html", status=404)


@login_not_required
def answer(request: HttpRequest, public_key: str) -> HttpResponse:
    survey = _active_survey(public_key)
    if survey is None:
        return _gone(request)
    form = AnswerForm(
        request.POST if request.method == "POST" else None, survey=survey, partners=list(survey.partner_choices())
    )
    if request.method == "POST":
        now = timezone.now()
        if too_many_answers(survey, client_address(request), now):
            response = render(request, "surveys/too_many.html", {"survey": survey}, status=429)
            response["Retry-After"] = "3600"  # the limit counts answers stored in the database this hour
            return response
        if form.is_valid():
            try:
                survey.record_answer(
                    scores=form.scores,
                    partner=form.partner,
                    free_text=form.cleaned_data.get("free_text", ""),
                    source_hash=source_hash(client_address(request), timezone.localdate(now)),
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                return redirect("surveys:thanks", public_key=survey.public_key)
    return render(request, "surveys/answer.html", {"survey": survey, "form": form})


@login_not_required
def thanks(request: HttpRequest, public_key: str) -> HttpResponse:
    survey = _active_survey(public_key)
    if survey is None:
        return _gone(request)
    return render(request, "surveys/thanks.html", {"survey": survey})
