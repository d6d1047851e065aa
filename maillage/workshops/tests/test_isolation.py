"""Role × URL matrix over every workshop view: only the staff of the session's structure get in."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.counter.models import PersonAccessLog
from maillage.counter.tests.helpers import make_person
from maillage.factories import sign_in
from maillage.workshops.models import Registration, Session, SkillsCheck
from maillage.workshops.tests.helpers import answers, make_session

pytestmark = pytest.mark.django_db
ROLES = ["mediator_a", "manager_a", "admin", "mediator_b", "manager_b", "coordinator_a", "partner_viewer"]
STAFF_OF_A = {"mediator_a", "manager_a", "admin"}
STAFF_OF_B = {"mediator_b", "manager_b"}
NO_STRUCTURE = {"coordinator_a", "partner_viewer"}


def _objects(cast: Any) -> tuple[Session, Session, Registration, SkillsCheck]:
    person = make_person(cast.structure_a, first_name="Visible-en-A")
    session = make_session(cast.place_a, days=0, title="Atelier de A")
    upcoming = make_session(cast.place_a, days=2, title="Atelier de A à venir")
    (registration,) = session.register(by=cast.mediator_a, person=person)
    check = SkillsCheck.record(answers=answers("alone"), place=cast.place_a, by=cast.mediator_a, person=person)
    return session, upcoming, registration, check


def _urls(
    session: Session, upcoming: Session, registration: Registration, check: SkillsCheck
) -> dict[str, tuple[str, str, dict[str, Any]]]:
    present = "attended"
    edit = {
        "theme": "email",
        "title": "Modifié",
        "level": "all",
        "place": upcoming.place_id,
        "starts_at": "2030-01-01T10:00",
        "ends_at": "2030-01-01T12:00",
        "capacity": "9",
    }
    return {
        "detail": ("get", reverse("workshops:detail", args=[session.uuid]), {}),
        "edit_form": ("get", reverse("workshops:edit", args=[session.uuid]), {}),
        "roll_call_form": ("get", reverse("workshops:roll_call", args=[session.uuid]), {}),
        "cancel_form": ("get", reverse("workshops:cancel", args=[upcoming.uuid]), {}),
        "registration_cancel_form": ("get", reverse("workshops:registration_cancel", args=[registration.uuid]), {}),
        "check": ("get", reverse("workshops:check_detail", args=[check.uuid]), {}),
        "check_for_person": ("get", reverse("workshops:check_create") + f"?personne={check.person.uuid}", {}),
        "edit": ("post", reverse("workshops:edit", args=[upcoming.uuid]), edit),
        "register": ("post", reverse("workshops:register", args=[upcoming.uuid]), {"anonymous": "1"}),
        "roll_call": ("post", reverse("workshops:roll_call", args=[session.uuid]), {str(registration.uuid): present}),
        "check_register": ("post", reverse("workshops:check_register", args=[check.uuid, upcoming.uuid]), {}),
        "cancel": ("post", reverse("workshops:cancel", args=[upcoming.uuid]), {}),
    }


@pytest.mark.parametrize("role", ROLES)
def test_workshops_of_structure_a_are_reached_by_its_staff_only(cast: Any, role: str) -> None:
    session, upcoming, registration, check = _objects(cast)
    user = getattr(cast, role)
    client = Client()
    sign_in(client, user)
    for name, (method, url, data) in _urls(session, upcoming, registration, check).items():
        response = getattr(client, method)(url, data)
        if role in STAFF_OF_A:
            expected = {302} if method == "post" else {200}
        else:
            expected = {403} if role in NO_STRUCTURE else {404}
        assert response.status_code in expected, f"{role} on {name}: {response.status_code}"
        assert "Visible-en-A" not in response.content.decode() or role in STAFF_OF_A
    session.refresh_from_db()
    upcoming.refresh_from_db()
    registration.refresh_from_db()
    if role in STAFF_OF_A:
        assert (upcoming.title, registration.status, upcoming.cancelled) == ("Modifié", "attended", True)
        assert upcoming.seats_taken == 2  # one anonymous seat, one from the check
        assert PersonAccessLog.objects.filter(user=user, person=check.person).count() == 3
    else:
        untouched = ("Atelier de A à venir", "registered", False)
        assert (upcoming.title, registration.status, upcoming.cancelled) == untouched
        assert upcoming.seats_taken == 0
        assert not PersonAccessLog.objects.filter(user=user).exists()


@pytest.mark.parametrize("role", sorted(STAFF_OF_B))
def test_the_list_and_the_forms_of_structure_b_never_show_a(cast: Any, role: str) -> None:
    _objects(cast)
    client = Client()
    sign_in(client, getattr(cast, role))
    for when in ({}, {"when": "past"}):
        response = client.get(reverse("workshops:list"), when)
        assert response.status_code == 200
        assert response.context["page"].paginator.count == 0
    for url in (reverse("workshops:create"), reverse("workshops:check_create")):
        page = client.get(url).content.decode()
        assert "Lieu A" not in page
        assert "Lieu B" in page


@pytest.mark.parametrize("role", sorted(STAFF_OF_B))
def test_staff_of_b_cannot_put_a_session_or_a_check_at_a_place_of_a(cast: Any, role: str) -> None:
    client = Client()
    sign_in(client, getattr(cast, role))
    client.post(
        reverse("workshops:create"),
        {
            "theme": "email",
            "title": "Intrus",
            "level": "all",
            "place": cast.place_a.pk,
            "starts_at": "2030-01-01T10:00",
            "ends_at": "2030-01-01T12:00",
            "capacity": "9",
        },
    )
    client.post(reverse("workshops:check_create"), {"place": cast.place_a.pk, **answers("alone")})
    assert not Session.objects.exists()
    assert not SkillsCheck.objects.exists()


@pytest.mark.parametrize("role", sorted(NO_STRUCTURE))
def test_roles_without_person_files_are_refused_every_workshop_page(cast: Any, role: str) -> None:
    client = Client()
    sign_in(client, getattr(cast, role))
    for name in ("workshops:list", "workshops:create", "workshops:check_create"):
        response = client.get(reverse(name))
        assert response.status_code == 403
        assert "réservés aux équipes des structures" in response.content.decode()


def test_the_public_is_sent_to_login(cast: Any) -> None:
    client = Client()
    for _name, (method, url, data) in _urls(*_objects(cast)).items():
        assert getattr(client, method)(url, data)["Location"].startswith("/compte/login/")
    for name in ("workshops:list", "workshops:create", "workshops:check_create"):
        assert client.get(reverse(name))["Location"].startswith("/compte/login/")
