"""Role × URL matrix over every survey back-office view: nobody reaches another structure's surveys."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.factories import SurveyFactory, SurveyResponseFactory, sign_in

SECRET_REMARK = "Remarque confidentielle du public"


def _urls_for(cast: Any, side: str) -> dict[str, tuple[str, str]]:
    """(method, url) of every survey back-office view, pointing at objects of structure `side`."""
    structure = getattr(cast, f"structure_{side}")
    survey = SurveyFactory(place=getattr(cast, f"place_{side}"))
    SurveyResponseFactory(survey=survey, free_text=SECRET_REMARK)
    return {
        "list": ("get", reverse("surveys:list", args=[structure.uuid])),
        "poster": ("get", reverse("surveys:poster", args=[survey.uuid])),
        "qr_svg": ("get", reverse("surveys:qr_svg", args=[survey.uuid])),
        "results": ("get", reverse("surveys:results", args=[survey.uuid])),
        "create": ("get", reverse("surveys:create", args=[structure.uuid])),
        "edit": ("get", reverse("surveys:edit", args=[survey.uuid])),
        "regenerate_key": ("post", reverse("surveys:regenerate_key", args=[survey.uuid])),
        "deactivate": ("post", reverse("surveys:deactivate", args=[survey.uuid])),
        "activate": ("post", reverse("surveys:activate", args=[survey.uuid])),
    }


READ_ONLY = {"list", "poster", "qr_svg", "results"}
ROLES = ["mediator_a", "manager_a", "coordinator_a", "partner_viewer", "mediator_b", "manager_b", "admin"]
# Who may do what on structure A's surveys: (reach = not 404, change = 2xx/3xx on a manage view).
EXPECTED_A = {
    "mediator_a": ("reach", "no-change"),
    "manager_a": ("reach", "change"),
    "coordinator_a": ("reach", "change"),
    "admin": ("reach", "change"),
    "partner_viewer": ("none", "no-change"),
    "mediator_b": ("none", "no-change"),
    "manager_b": ("none", "no-change"),
}


@pytest.mark.parametrize("role", ROLES)
def test_survey_matrix_on_structure_a(cast: Any, role: str) -> None:
    urls = _urls_for(cast, "a")
    _urls_for(cast, "b")
    client = Client()
    sign_in(client, getattr(cast, role))
    reach, change = EXPECTED_A[role]
    for name, (method, url) in urls.items():
        response = getattr(client, method)(url)
        code = response.status_code
        if reach == "none":
            assert code == 404, f"{role} reached {name} of structure A ({code})"
            assert SECRET_REMARK not in response.content.decode(), f"{role} read a remark on {name}"
        elif name in READ_ONLY:
            assert code == 200, f"{role} cannot read {name} ({code})"
        elif change == "change":
            assert code in {200, 302}, f"{role} cannot manage {name} ({code})"
        else:
            assert code == 403, f"{role} changed {name} of its own structure ({code})"


def test_anonymous_is_sent_to_login_for_every_back_office_view(cast: Any) -> None:
    client = Client()
    for name, (method, url) in _urls_for(cast, "a").items():
        response = getattr(client, method)(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith("/compte/login/"), name


def test_remarks_are_shown_to_structure_staff_and_coordination(cast: Any) -> None:
    url = _urls_for(cast, "a")["results"][1]
    for role in ("mediator_a", "manager_a", "coordinator_a", "admin"):
        client = Client()
        sign_in(client, getattr(cast, role))
        assert SECRET_REMARK in client.get(url).content.decode(), role


PUBLIC = {"answer", "thanks"}


def test_every_survey_view_is_in_the_matrix(cast: Any) -> None:
    """A new surveys URL must be added to the matrix above (or declared public here)."""
    from django.urls import get_resolver

    resolver = get_resolver()
    namespace = resolver.namespace_dict["surveys"][1]
    names = {p.name for p in namespace.url_patterns}
    assert names - PUBLIC == set(_urls_for(cast, "a"))
