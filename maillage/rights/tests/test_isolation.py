"""Role × URL matrix over every followed-rights view: only the staff of the person's structure get in."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.counter.models import PersonAccessLog
from maillage.counter.tests.helpers import make_person
from maillage.factories import sign_in
from maillage.rights.models import FollowedRight
from maillage.rights.tests.helpers import follow

pytestmark = pytest.mark.django_db
ROLES = ["mediator_a", "manager_a", "admin", "mediator_b", "manager_b", "coordinator_a", "partner_viewer"]
STAFF_OF_A = {"mediator_a", "manager_a", "admin"}


def _urls(right: FollowedRight) -> dict[str, tuple[str, str, dict[str, str]]]:
    return {
        "create": ("post", reverse("rights:create", args=[right.person.uuid]), {"right": "aspa"}),
        "move": ("post", reverse("rights:move", args=[right.uuid, "explained"]), {"day": "2026-01-02"}),
        "reminder": ("post", reverse("rights:reminder", args=[right.uuid]), {"remind_on": ""}),
        "move_form": ("get", reverse("rights:move", args=[right.uuid, "abandoned"]), {}),
    }


@pytest.mark.parametrize("role", ROLES)
def test_rights_of_structure_a_are_reached_by_its_staff_only(cast: Any, role: str) -> None:
    right = follow(make_person(cast.structure_a), "rsa", mediator=cast.mediator_a)
    user = getattr(cast, role)
    client = Client()
    sign_in(client, user)
    for name, (method, url, data) in _urls(right).items():
        response = getattr(client, method)(url, data)
        expected = ({302} if method == "post" else {200}) if role in STAFF_OF_A else {404}
        assert response.status_code in expected, f"{role} on {name}: {response.status_code}"
    right.refresh_from_db()
    if role in STAFF_OF_A:
        assert right.stage == "explained"
        assert PersonAccessLog.objects.filter(user=user, person=right.person).count() == 4
    else:
        assert right.stage == "identified"
        assert FollowedRight.objects.count() == 1
        assert not PersonAccessLog.objects.filter(user=user).exists()


@pytest.mark.parametrize("role", ["mediator_b", "manager_b"])
def test_the_list_of_structure_b_never_shows_rights_of_a(cast: Any, role: str) -> None:
    follow(make_person(cast.structure_a, first_name="Visible-en-A"), "rsa", mediator=cast.mediator_a)
    client = Client()
    sign_in(client, getattr(cast, role))
    for view in ({}, {"vue": "structure"}):
        response = client.get(reverse("rights:list"), view)
        assert response.status_code == 200
        assert "Visible-en-A" not in response.content.decode()
        assert response.context["page"].paginator.count == 0


@pytest.mark.parametrize("role", ["partner_viewer", "coordinator_a"])
def test_roles_without_person_files_are_refused_the_rights_list(cast: Any, role: str) -> None:
    client = Client()
    sign_in(client, getattr(cast, role))
    response = client.get(reverse("rights:list"))
    assert response.status_code == 403
    assert "réservé aux équipes des structures" in response.content.decode()


def test_anonymous_is_sent_to_login(cast: Any) -> None:
    right = follow(make_person(cast.structure_a), "rsa")
    client = Client()
    for _name, (method, url, data) in _urls(right).items():
        response = getattr(client, method)(url, data)
        assert response["Location"].startswith("/compte/login/")
    assert client.get(reverse("rights:list"))["Location"].startswith("/compte/login/")
