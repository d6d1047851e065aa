"""Partner API: a partner viewer's token reads the same activity report as the page `/pilotage/`.

`Authorization: Bearer mlg_…` names a token (models.ApiToken); the report is built exactly as
`views.report_view` builds it for that viewer (their partner's agreements, masked), through the same
form, and rendered by `exports.to_json`: the API never computes a figure of its own. Each call is
logged by `api_log.ApiCallLogMiddleware`. Mounted on the public API in `directory/api.py`.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from ninja import Field, NinjaAPI, Query, Router, Schema
from ninja.errors import Throttled
from ninja.security import HttpBearer

from maillage.directory.api import THROTTLE, ApiError, ErrorOut, _documented
from maillage.errors import api_error_body
from maillage.ratelimit import hit, rate_setting
from maillage.replica import reading_from_replica
from maillage.reports.compute import build_report
from maillage.reports.exports import to_json
from maillage.reports.forms import ReportForm
from maillage.reports.models import ApiToken
from maillage.reports.scope import partner_scope, viewer_partner

MISSING = "Jeton d'API manquant : ajoutez l'en-tête « Authorization: Bearer <jeton> »."
INVALID = "Jeton d'API invalide : vérifiez qu'il a été copié en entier."
NO_LONGER = "Ce jeton n'est plus valable : son titulaire n'a plus accès aux rapports de ce partenaire."


class TokenRefused(Exception):
    """A refused call (401, 403 or 429) with its French message."""

    def __init__(self, status: int, message: str, *, field: str | None = None, retry_after: int = 0) -> None:
        super().__init__(message)
        self.status, self.message, self.field, self.retry_after = status, message, field, retry_after


def refused(request: HttpRequest, exc: TokenRefused) -> HttpResponse:
    response = JsonResponse(api_error_body(exc.status, exc.message, exc.field), status=exc.status)
    if exc.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="maillage"'
    if exc.retry_after:
        response["Retry-After"] = str(exc.retry_after)
    return response


class PartnerToken(HttpBearer):
    """The token, read after the per-address limit (guesses are throttled too), then its own limit."""

    openapi_description = "Jeton d'API partenaire (mlg_…), créé sur la page « API partenaires » de Pilotage."

    def __call__(self, request: HttpRequest) -> ApiToken:
        if not THROTTLE.allow_request(request):
            raise Throttled(wait=int(THROTTLE.wait() or 60))
        scheme, _, value = request.headers.get("Authorization", "").strip().partition(" ")
        if not scheme:
            raise TokenRefused(401, MISSING)
        if scheme.lower() != "bearer" or not value.strip():
            raise TokenRefused(401, INVALID)
        return self.authenticate(request, value.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = ApiToken.objects.find(token)
        if found is None or not found.matches(token):
            raise TokenRefused(401, INVALID)
        request.api_token = found  # type: ignore[attr-defined]  # for the call log
        if found.revoked_at is not None:
            raise TokenRefused(401, f"Ce jeton a été révoqué le {found.revoked_at:%d/%m/%Y}.")
        if not found.is_usable:
            raise TokenRefused(401, f"Ce jeton a expiré le {found.expires_at:%d/%m/%Y}.")
        owner = found.created_by
        if not owner.is_active or viewer_partner(owner) != found.partner:
            raise TokenRefused(401, NO_LONGER)
        verdict = hit("partner-api", f"token-{found.pk}", rate_setting("PARTNER_API_RATE_LIMIT"))
        if not verdict.allowed:
            wait = verdict.retry_after
            raise TokenRefused(429, f"Trop de requêtes avec ce jeton : réessayez dans {wait} s.", retry_after=wait)
        found.mark_used(timezone.now())
        return found


router = Router(auth=PartnerToken(), tags=["Rapports (partenaires)"])


class ReportParams(Schema):
    period: str = Field(
        description="Période : une année (2025), un trimestre (2025-T3), un mois (2025-07) ou des dates "
        "(2025-01-01:2025-06-30).",
        examples=["2025"],
    )
    budget: str | None = Field(
        default=None,
        description="Facultatif : budget annuel à répartir (€), qui ajoute le tableau de co-financement.",
        examples=["12000"],
    )
    key: str | None = Field(
        default=None,
        description="Clé de répartition du budget : requests (nombre de demandes, par défaut) ou time (temps passé).",
    )
    scope: str | None = Field(
        default=None,
        description="Facultatif : seul le périmètre du jeton, « partner:<code du partenaire> », est accepté ; "
        "tout autre (structure, réseau, lieu, département) est refusé (403).",
    )
    partner: str | None = Field(default=None, description="Facultatif : seul le code du partenaire du jeton.")


class TableOut(Schema):
    key: str
    title: str
    columns: list[str]
    rows: list[list[Any]] = Field(description="Valeurs ; « < 5 » quand l'effectif est masqué.")
    units: list[list[str | None]] = Field(description="Unité de chaque valeur : number, ratio, hours, euros...")


class ReportOut(Schema):
    """Le rapport d'activité de la page Pilotage, en JSON (le même que son téléchargement JSON)."""

    title: str
    scope: dict[str, str]
    period: dict[str, str]
    previous_period: dict[str, Any]
    partner: str | None
    masked: bool = Field(description="Toujours vrai : les effectifs de moins de 5 personnes sont masqués.")
    generated_at: str
    tables: list[TableOut]


_ERRORS = _documented(
    e400=(
        "Paramètre refusé : période illisible, budget ou clé de répartition invalides.",
        {"periode": api_error_body(400, "Paramètre invalide : period (Période illisible).", "period")},
    ),
    e401=(
        "Jeton manquant, invalide, expiré ou révoqué, ou titulaire qui n'a plus accès aux rapports du partenaire.",
        {"manquant": api_error_body(401, MISSING), "invalide": api_error_body(401, INVALID)},
    ),
    e403=(
        "Périmètre hors des droits du jeton : il ne lit que le rapport de son partenaire.",
        {"perimetre": api_error_body(403, "Périmètre refusé : ce jeton lit seulement le rapport de CAF.", "scope")},
    ),
    e422=(
        "Paramètre mal formé ou manquant (period est obligatoire).",
        {"manquant": api_error_body(422, "Paramètre invalide : period (obligatoire).", "period")},
    ),
    e429=(
        "Trop de requêtes avec ce jeton ou depuis cette adresse.",
        {"limite": api_error_body(429, "Trop de requêtes avec ce jeton : réessayez dans 42 s.")},
    ),
)


@router.get(
    "/activity",
    response={200: ReportOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Rapport d'activité du partenaire",
    openapi_extra=_ERRORS,
)
def activity_report(request: HttpRequest, params: Query[ReportParams]) -> Any:
    """Le rapport de la page Pilotage pour le partenaire du jeton : structures conventionnées pendant
    la période, effectifs de moins de 5 personnes masqués. Aucune donnée personnelle."""
    with reading_from_replica():  # a decorator would hide the annotations django-ninja reads
        token: ApiToken = request.auth  # type: ignore[attr-defined]
        partner = token.partner
        _check_scope(params, partner)
        data = {"period": params.period, "budget": params.budget or "", "key": params.key or ""}
        form = ReportForm(data, user=token.created_by, fixed_partner=partner)
        if not form.is_valid():
            name, errors = next(iter(form.errors.items()))
            raise ApiError(f"Paramètre invalide : {name} ({' '.join(str(e) for e in errors)})", name)
        cleaned = form.cleaned_data
        period = cleaned["period"]
        report = build_report(
            partner_scope(partner, period),
            period,
            partner=partner,
            masked=True,
            budget=cleaned["budget"],
            key=cleaned["key"],
        )
        return HttpResponse(to_json(report), content_type="application/json")


def _check_scope(params: ReportParams, partner: Any) -> None:
    own = f"partner:{partner.code}"
    message = f"Périmètre refusé : ce jeton lit seulement le rapport de {partner.name}."
    if params.scope and params.scope.strip() != own:
        raise TokenRefused(403, message, field="scope")
    if params.partner and params.partner.strip() != partner.code:
        raise TokenRefused(403, message, field="partner")


def mount(api: NinjaAPI) -> None:
    """Add the partner API to the public one (directory/api.py): its own limits, per address then per token."""
    api.add_exception_handler(TokenRefused, refused)  # type: ignore[arg-type]
    api.add_router("/reports/", router, throttle=[])
