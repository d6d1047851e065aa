"""Role × URL matrix over every person-file view: only the staff of the person's structure get in."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.counter import urls_persons
from maillage.counter.models import PersonAccessLog
from maillage.counter.tests.helpers import make_follow_up, make_mandate, make_person
from maillage.factories import sign_in

pytestmark = pytest.mark.django_db
ROLES = ["mediator_a", "manager_a", "admin", "mediator_b", "manager_b", "coordinator_a", "partner_viewer"]
STAFF_OF_A = {"mediator_a", "manager_a", "admin"}  # administrators reach everything, as everywhere else
MANAGERS_ONLY = {"person_access_log"}


def _urls(cast: Any) -> dict[str, tuple[str, str]]:
    """(method, url) of every person-file view, pointing at structure A or at a file of structure A."""
    person = make_person(cast.structure_a)
    mandate = make_mandate(person)
    follow_up = make_follow_up(person)
    structure = cast.structure_a.uuid
    return {
        "persons_home": ("get", reverse("counter:persons_home")),
        "person_search": ("get", reverse("counter:person_search", args=[structure])),
        "person_list": ("get", reverse("counter:person_list", args=[structure])),
        "person_create": ("get", reverse("counter:person_create", args=[structure])),
        "person_access_log": ("get", reverse("counter:person_access_log", args=[structure])),
        "person_detail": ("get", reverse("counter:person_detail", args=[person.uuid])),
        "person_edit": ("get", reverse("counter:person_edit", args=[person.uuid])),
        "follow_up_create": ("get", reverse("counter:follow_up_create", args=[person.uuid])),
        "follow_up_close": ("post", reverse("counter:follow_up_close", args=[follow_up.pk])),
        "mandate_create": ("get", reverse("counter:mandate_create", args=[person.uuid])),
        "mandate_revoke": ("get", reverse("counter:mandate_revoke", args=[mandate.uuid])),
        "mandate_pdf": ("get", reverse("counter:mandate_pdf", args=[mandate.uuid])),
    }


def _expected(role: str, name: str) -> set[int]:
    if role not in STAFF_OF_A:
        if name == "persons_home" and role in {"mediator_b", "manager_b"}:
            return {302}  # sent to their own structure, checked below
        return {404}
    if name in MANAGERS_ONLY and role == "mediator_a":
        return {403}
    if name == "follow_up_close":
        return {302}
    if name == "persons_home":
        return {200, 302}
    return {200}


@pytest.mark.parametrize("role", ROLES)
def test_person_files_matrix_on_structure_a(cast: Any, role: str) -> None:
    urls = _urls(cast)
    user = getattr(cast, role)
    client = Client()
    sign_in(client, user)
    for name, (method, url) in urls.items():
        response = getattr(client, method)(url)
        assert response.status_code in _expected(role, name), f"{role} on {name}: {response.status_code}"
        if name == "persons_home" and response.status_code == 302:
            own = cast.structure_a if role in STAFF_OF_A else cast.structure_b
            assert response["Location"] == reverse("counter:person_search", args=[own.uuid]), role
    if role not in STAFF_OF_A:
        assert not PersonAccessLog.objects.filter(user=user).exists()


def test_anonymous_is_sent_to_login_for_every_person_view(cast: Any) -> None:
    client = Client()
    for name, (method, url) in _urls(cast).items():
        response = getattr(client, method)(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith("/compte/login/"), name
    assert not PersonAccessLog.objects.exists()


def test_every_person_view_is_in_the_matrix(cast: Any) -> None:
    """A new URL in urls_persons must be added to the matrix above."""
    assert {p.name for p in urls_persons.urlpatterns} == set(_urls(cast))
