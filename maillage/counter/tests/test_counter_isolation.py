"""Counter views × roles: a request of structure A is out of reach of everyone outside A's staff."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.counter.models import Request, Visit
from maillage.counter.urls import urlpatterns as counter_patterns
from maillage.counter.urls_persons import urlpatterns as person_patterns
from maillage.factories import sign_in


@pytest.fixture
def request_a(cast: Any) -> Request:
    return Request.objects.create(
        visit=Visit.objects.create(),
        structure=cast.structure_a,
        place=cast.place_a,
        mediator=cast.mediator_a,
        domain="housing",
    )


def _urls(request_a: Request) -> dict[str, tuple[str, str]]:
    return {
        "request_edit": ("get", reverse("counter:request_edit", args=[request_a.uuid])),
        "request_delete": ("post", reverse("counter:request_delete", args=[request_a.uuid])),
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("mediator_a", {200, 302}),
        ("manager_a", {200, 302}),
        ("mediator_b", {404}),
        ("manager_b", {404}),
        ("coordinator_a", {404}),
        ("partner_viewer", {404}),
    ],
)
def test_request_views_by_role(cast: Any, request_a: Request, role: str, expected: set[int]) -> None:
    client = Client()
    sign_in(client, getattr(cast, role))
    for name, (method, url) in _urls(request_a).items():
        assert getattr(client, method)(url).status_code in expected, name
    assert Request.objects.filter(pk=request_a.pk).exists() == (expected == {404})


@pytest.mark.parametrize(("role", "status"), [("coordinator_a", 403), ("partner_viewer", 403), ("mediator_b", 200)])
def test_counter_screen_by_role(cast: Any, request_a: Request, role: str, status: int) -> None:
    client = Client()
    sign_in(client, getattr(cast, role))
    response = client.get(reverse("counter:counter"))
    assert response.status_code == status
    if status == 200:
        body = response.content.decode()
        assert "Lieu A" not in body  # B's mediator cannot pick A's places
        assert str(request_a.uuid) not in body


def test_mediator_b_cannot_record_at_place_a(cast: Any) -> None:
    client = Client()
    sign_in(client, cast.mediator_b)
    response = client.post(
        reverse("counter:counter"),
        {
            "place": cast.place_a.pk,
            "domain": "housing",
            "help_level": "information",
            "outcome": "resolved",
            "autonomy": "partly",
            "duration_minutes": "10",
            "occurred_at": "2026-01-05T10:00",
            "channel": "walk_in",
            "language": "fr",
            "referred_by": "unknown",
            "age_band": "unknown",
            "gender": "unknown",
            "social_status": "unknown",
        },
    )
    assert "place" in response.context["form"].errors
    assert not Request.objects.exists()


def test_visit_of_another_structure_cannot_be_continued(cast: Any, request_a: Request) -> None:
    client = Client()
    sign_in(client, cast.mediator_b)
    body = client.get(reverse("counter:counter") + f"?visit={request_a.visit.uuid}").content.decode()
    assert "Même personne" not in body


def test_anonymous_goes_to_login(request_a: Request) -> None:
    for _name, (method, url) in _urls(request_a).items():
        response = getattr(Client(), method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/login/")


def test_every_counter_url_is_covered(request_a: Request) -> None:
    names = {p.name for p in counter_patterns} - {p.name for p in person_patterns}
    assert names - {"counter", "request_undo", "commune_suggestions", "shortcut_settings"} == set(
        _urls(request_a)
    )  # test_undo.py, test_shortcuts.py
