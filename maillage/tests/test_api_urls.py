"""The API's URLs stand in for django-ninja's until the first call builds the API."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from maillage.api_urls import ROUTES, api_patterns
from maillage.tests.test_startup_imports import fresh_python


def test_the_routes_names_and_csrf_exemptions_are_those_django_ninja_builds() -> None:
    built = [(str(p.pattern), p.name, bool(getattr(p.callback, "csrf_exempt", False))) for p in api_patterns()]
    assert built == ROUTES


def test_reverse_and_resolve_of_api_routes_do_not_build_the_api() -> None:
    script = (
        "import os, sys, uuid\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'maillage.settings'\n"
        "import django\n"
        "django.setup()\n"
        "from django.urls import resolve, reverse\n"
        "print(reverse('api:place_detail', kwargs={'place_id': uuid.UUID(int=1)}))\n"
        "print(resolve('/api/v1/places/search').url_name)\n"
        "print(sorted({name.partition('.')[0] for name in sys.modules} & {'ninja', 'pydantic'}))\n"
    )
    assert fresh_python(script) == ["/api/v1/places/00000000-0000-0000-0000-000000000001", "places_search", "[]"]


def test_the_documentation_page_is_served_from_local_files(client: Client, db: Any) -> None:
    docs = client.get(reverse("api:openapi-view"))
    assert docs.status_code == 200
    assert b"/static/ninja/swagger-ui-bundle.js" in docs.content
    assert b"cdn" not in docs.content.lower()
    script = client.get("/static/ninja/swagger-ui-init.js")
    script.close()
    assert script.status_code == 200
