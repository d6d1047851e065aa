"""Partner API tokens: a partner viewer lists, creates (secret shown once) and revokes their tokens."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from maillage.network.models import Partner
from maillage.reports.forms import TokenForm
from maillage.reports.models import ApiToken
from maillage.reports.scope import viewer_partner


def _partner_viewer(request: HttpRequest) -> tuple[Any, Partner]:
    user = request.user
    partner = viewer_partner(user)  # type: ignore[arg-type]
    if partner is None:
        raise PermissionDenied("Les jetons d'API sont réservés aux comptes partenaires.")
    return user, partner


def _list(request: HttpRequest, form: TokenForm, status: int = 200) -> HttpResponse:
    user, partner = _partner_viewer(request)
    tokens = list(ApiToken.objects.filter(created_by=user, partner=partner)[:100])
    context = {"tokens": tokens, "form": form, "partner": partner}
    return render(request, "reports/tokens.html", context, status=status)


def token_list(request: HttpRequest) -> HttpResponse:
    return _list(request, TokenForm())


@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    user, partner = _partner_viewer(request)
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _list(request, form, status=400)
    token, plain = ApiToken.issue(
        user=user, partner=partner, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
    )
    example = request.build_absolute_uri("/api/v1/reports/activity?period=") + str(token.created_at.year)
    response = render(request, "reports/token_created.html", {"token": token, "plain": plain, "example": example})
    response["Cache-Control"] = "no-store"  # the secret must not stay in a cache
    return response


def token_revoke(request: HttpRequest, uuid: str) -> HttpResponse:
    """GET asks for confirmation, POST revokes."""
    user, partner = _partner_viewer(request)
    token = get_object_or_404(ApiToken, uuid=uuid, created_by=user, partner=partner)
    if request.method != "POST":
        return render(request, "reports/token_revoke.html", {"token": token})
    if token.revoke():
        messages.success(request, f"Le jeton « {token} » est révoqué : il ne donne plus accès à l'API.")
    else:
        messages.info(request, "Ce jeton était déjà révoqué.")
    return redirect("reports:tokens")
