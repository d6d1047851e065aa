"""Offline capture on a phone, under /aller-vers/terrain/ (ADR 0016): the installable page, its manifest
and service worker, the JSON the phone keeps (bootstrap) and the endpoint its queue is sent to (sync).

The two JSON endpoints answer JSON in every case the page must recognise: an expired session is a 401
(never a redirect to the login page, which a script could take for a success), a refused CSRF token a
403 with `"code": "csrf"`, a truncated body a 400; all with a French `detail`."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.decorators import decorator_from_middleware
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from maillage.outreach.sync import BadBatch, parse_batch, store_batch
from maillage.outreach.terrain import bootstrap as bootstrap_data
from maillage.outreach.terrain import places_for
from maillage.outreach.views import staff_user

SESSION_EXPIRED = "Session expirée : reconnectez-vous, vos enregistrements restent sur ce téléphone."
CSRF_REFUSED = "Jeton de sécurité périmé : la page en demande un nouveau, vos enregistrements restent sur ce téléphone."
NO_PLACES = "La saisie sur le terrain est réservée aux équipes des structures qui ont des lieux."
ICONS = [
    ("maillage/img/terrain-192.png", "192x192", "image/png"),
    ("maillage/img/terrain-512.png", "512x512", "image/png"),
]
SW_VERSION = "1"
# Our own files the page uses: the service worker's cache is renamed (and filled afresh) when one changes,
# so a phone never keeps an old script when static URLs carry no content hash (development).
OWN_FILES = [
    "maillage/js/terrain.js",
    "maillage/js/terrain-db.js",
    "maillage/js/logout-guard.js",
    "maillage/css/app.css",
]


def _cache_version() -> str:
    from django.contrib.staticfiles import finders

    digest = hashlib.sha256(SW_VERSION.encode())
    for name in OWN_FILES:
        found = finders.find(name)
        if isinstance(found, str):
            digest.update(Path(found).read_bytes())
    return digest.hexdigest()[:12]


class _JsonCsrf(CsrfViewMiddleware):
    """Django's CSRF check, answering JSON: the page asks a fresh token and sends again."""

    def _reject(self, request: HttpRequest, reason: str) -> HttpResponse:
        return JsonResponse({"code": "csrf", "detail": CSRF_REFUSED}, status=403)


def _json_error(status: int, detail: str, code: str) -> JsonResponse:
    return JsonResponse({"code": code, "detail": detail}, status=status)


def _json_auth(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Signed-in staff with places only; anyone else gets JSON (401 for a session gone), never a redirect."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from maillage.accounts.middleware import passed_second_factor

        user = request.user
        if not user.is_authenticated:
            return _json_error(401, SESSION_EXPIRED, "session_expired")
        if settings.MAILLAGE_REQUIRE_MFA and user.needs_second_factor and not passed_second_factor(request):
            return _json_error(401, SESSION_EXPIRED, "session_expired")
        if not places_for(user).exists():
            return _json_error(403, NO_PLACES, "forbidden")
        return view(request, *args, **kwargs)

    return wrapped


def terrain(request: HttpRequest) -> HttpResponse:
    """The installable page: it works from the phone's IndexedDB, with or without network."""
    user = staff_user(request)
    if not places_for(user).exists():
        raise PermissionDenied(NO_PLACES)
    context = {"csrf": get_token(request), "login_url": f"{reverse('account_login')}?next={request.path}"}
    return render(request, "outreach/terrain.html", context)


@login_not_required
@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    page = reverse("outreach:terrain")
    data = {
        "name": "Maillage — saisie sur le terrain",
        "short_name": "Maillage terrain",
        "description": "Enregistrer demandes et contacts d'aller vers, même sans réseau.",
        "lang": "fr",
        "start_url": page,
        "scope": page,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#000091",
        "icons": [{"src": static(src), "sizes": sizes, "type": kind} for src, sizes, kind in ICONS]
        + [{"src": static("maillage/img/terrain.svg"), "sizes": "any", "type": "image/svg+xml"}],
    }
    return HttpResponse(json.dumps(data, ensure_ascii=False), content_type="application/manifest+json")


@login_not_required
@require_GET
@never_cache
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served by the app so that its scope is /aller-vers/terrain/ (the JS comes from the template)."""
    page = reverse("outreach:terrain")
    extra = [static("maillage/img/terrain.svg"), *(static(src) for src, _, _ in ICONS)]
    context = {
        "version": _cache_version(),
        "page": json.dumps(page),
        "extra": json.dumps(extra),
        "static_prefix": json.dumps(settings.STATIC_URL),
    }
    return render(request, "outreach/sw.js", context, content_type="application/javascript; charset=utf-8")


@login_not_required
@require_GET
@never_cache
@_json_auth
def bootstrap(request: HttpRequest) -> JsonResponse:
    """What the phone keeps: places, stops, catalogue, campaigns running today, a version; and a fresh CSRF token."""
    data = bootstrap_data(request.user)  # type: ignore[arg-type]
    return JsonResponse({**data, "csrf_token": get_token(request)})


@login_not_required
@csrf_exempt  # checked just below by `_JsonCsrf`, which answers JSON
@decorator_from_middleware(_JsonCsrf)
@require_POST
@never_cache
@_json_auth
def sync(request: HttpRequest) -> JsonResponse:
    """A batch of the phone's queue: each record answered `stored`, `already_stored` or `rejected` (with why)."""
    try:
        sent_at, records = parse_batch(request.body)
    except RequestDataTooBig:
        return _json_error(
            400, "Envoi trop volumineux : rien n'a été enregistré, le téléphone enverra par lots.", "bad_body"
        )
    except BadBatch as exc:
        return _json_error(400, str(exc), "bad_body")
    outcomes = store_batch(request.user, sent_at, records)  # type: ignore[arg-type]
    return JsonResponse({"results": [o.as_json() for o in outcomes]})
