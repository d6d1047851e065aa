"""The API's URLs (/api/v1/), whose views build the django-ninja API on their first call.

Importing django-ninja and pydantic, then building the API (a pydantic model for every schema and
operation), takes about a quarter of a second that `maillage check`, `maillage shell` and a worker
serving pages need not spend. The routes, names and CSRF exemptions below are those `api.urls`
gives (`test_api_urls.py` keeps them equal); reverse() and the URL checks need no import.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path

View = Callable[..., HttpResponse]

app_name = "ninja"  # as django-ninja names it; the namespace is "api" (maillage/urls.py)

# (route, name, csrf_exempt) of `api.urls`, in its order.
ROUTES = [
    ("openapi.json", "openapi-json", False),
    ("docs", "openapi-view", False),
    ("places/search", "places_search", True),
    ("places/<place_id>", "place_detail", True),
    ("reports/activity", "activity_report", True),
    ("", "api-root", False),
]


@cache
def api_patterns() -> list[URLPattern]:
    """The URL patterns django-ninja builds for the public and partner API (built once)."""
    from maillage.directory.api import api

    patterns, _, _ = api.urls
    return [pattern for pattern in patterns if isinstance(pattern, URLPattern)]


@cache
def api_view(name: str) -> View:
    from maillage.directory.api import french_not_allowed

    callback = next(pattern.callback for pattern in api_patterns() if pattern.name == name)
    return french_not_allowed(callback)


def stand_in(name: str, csrf_exempt: bool) -> View:
    """The view of one route: public (no login), answering with django-ninja's view once built."""

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return api_view(name)(request, *args, **kwargs)

    view.__name__ = view.__qualname__ = f"api_{name.replace('-', '_')}"
    if csrf_exempt:
        view.csrf_exempt = True  # type: ignore[attr-defined]  # django-ninja checks CSRF itself
    return login_not_required(view)


urlpatterns = [path(route, stand_in(name, csrf_exempt), name=name) for route, name, csrf_exempt in ROUTES]
