"""French error pages and JSON errors: the handlers named in urls.py and CSRF_FAILURE_VIEW.

Pages keep the site's layout (theme, menu when logged in), except the 500 page: it is rendered
without the request, so that it needs neither the database nor the session, and still shows
during a database outage; an error of the database itself (unreachable, restarting, connection
lost) gets the same static page as a 503 "service momentanément indisponible", whether it was
raised in a view or in a middleware (session, user). Under /api/ every error is French JSON
shaped as the API's ErrorOut.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token

API_PREFIX = "/api/"

PAGES: dict[int, tuple[str, str]] = {
    400: (
        "Requête invalide",
        "La requête envoyée n'a pas pu être comprise. Vérifiez l'adresse, ou repartez de l'accueil.",
    ),
    403: ("Accès refusé", "Votre compte n'a pas accès à cette page."),
    404: (
        "Page introuvable",
        "Cette page n'existe pas ou n'existe plus. Vérifiez l'adresse, ou repartez de l'accueil.",
    ),
    405: ("Méthode non autorisée", "Cette adresse n'accepte pas ce type de requête."),
    410: ("Lien expiré", "Ce lien n'est plus valable."),
    429: ("Trop de requêtes", "Trop de requêtes viennent de cette connexion. Réessayez dans une minute."),
    500: (
        "Erreur du serveur",
        "Le service rencontre un problème et n'a pas pu afficher cette page. "
        "Réessayez dans quelques minutes ; si le problème continue, prévenez votre coordination.",
    ),
    503: (
        "Service momentanément indisponible",
        "La base de données du service ne répond pas pour le moment. Si vous enregistriez quelque chose, "
        "vérifiez dans une minute qu'il apparaît avant de le saisir à nouveau ; "
        "si le problème continue, prévenez votre coordination.",
    ),
}

# The `detail` of the API's JSON errors, one per status (see directory/api.py).
API_DETAILS: dict[int, str] = {
    400: "Requête invalide.",
    401: "Authentification requise : jeton d'API manquant ou invalide.",
    403: "Accès refusé.",
    404: "Introuvable : aucune ressource ne correspond à cette adresse.",
    405: "Méthode non autorisée sur cette adresse.",
    422: "Paramètre invalide.",
    429: "Trop de requêtes depuis cette adresse : réessayez dans une minute.",
    500: "Erreur interne du serveur : réessayez dans quelques minutes.",
    503: "Service momentanément indisponible (base de données injoignable) : réessayez dans une minute.",
}
TOO_MANY_REQUESTS = API_DETAILS[429]

CSRF_MESSAGE = (
    "Le formulaire a expiré ou a été envoyé depuis une autre page. "
    "Revenez en arrière, rechargez la page, puis envoyez-le à nouveau."
)


def api_error_body(status: int, detail: str | None = None, field: str | None = None) -> dict[str, Any]:
    """The JSON body of an API error: French `detail` and the offending parameter, if any."""
    return {"detail": detail or API_DETAILS.get(status, API_DETAILS[500]), "field": field}


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def error_page(request: HttpRequest, status: int, message: str | None = None) -> HttpResponse:
    """An error page in the site's layout (or French JSON under /api/)."""
    if is_api(request):
        return JsonResponse(api_error_body(status), status=status)
    title, default = PAGES[status]
    context = {"status": status, "title": title, "message": message or default}
    return render(request, "errors/page.html", context, status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Our own PermissionDenied carry a French reason; Django's carry none.
    reason = str(exception or "").strip()
    return error_page(request, 403, reason or None)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return error_page(request, 404)  # never the exception's text: English, and may name a model


def too_many_requests(request: HttpRequest) -> HttpResponse:
    """django-allauth's rate limits (login, password reset) answer through `handler429` in urls.py."""
    return error_page(request, 429)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_page(request, 403, CSRF_MESSAGE)


DATABASE_ERRORS = (OperationalError, InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    """The static 500: no request context (no session, no user, no database), only static links.

    Django calls this handler inside its `except` block (`response_for_exception`), so the error is
    still at hand: an error of the database connection answers 503, the same static page."""
    status = 503 if isinstance(sys.exc_info()[1], DATABASE_ERRORS) else 500
    if is_api(request):
        return JsonResponse(api_error_body(status), status=status)
    title, message = PAGES[status]
    body: str
    try:
        body = render_to_string(
            "errors/500.html",
            {"status": status, "title": title, "message": message, "theme": settings.MAILLAGE_THEME},
        )
    except Exception:  # a missing static manifest must not turn the 500 page into a blank one
        logging.getLogger(__name__).exception("500 page: template rendering failed")
        body = (
            f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{title} — Maillage</title>'
            f'</head><body><h1>{title}</h1><p>{message}</p><p><a href="/">Retour à l\'accueil</a></p></body></html>'
        )
    response = HttpResponse(body, status=status)
    if status == 503:
        response["Retry-After"] = "60"
    return response


NUL_MESSAGE = "La requête contient un caractère nul (U+0000), qu'aucun champ n'accepte : rien n'a été enregistré."


class RefuseNulCharactersMiddleware:
    """A NUL character in any query or form value gets a French 400 before a view (and the database,
    which PostgreSQL would refuse with an error) sees it. No legitimate input holds one; forms
    already refuse it field by field, but search boxes and parameters read raw would reach a query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _holds_nul(request.GET) or (request.method == "POST" and _holds_nul(request.POST)):
            if is_api(request):
                return JsonResponse(api_error_body(400, NUL_MESSAGE), status=400)
            return error_page(request, 400, NUL_MESSAGE)
        return self.get_response(request)


def _holds_nul(values: Any) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values.getlist(key)) for key in values)
