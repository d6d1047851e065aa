"""Role × URL matrix over every queue view: only the staff of the place's structure get in; the screen
opens only with its place's token, for anyone, and shows no personal data."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.factories import sign_in
from maillage.tickets.enums import Status
from maillage.tickets.models import Screen, Ticket

pytestmark = pytest.mark.django_db
ROLES = ["mediator_a", "manager_a", "admin", "mediator_b", "manager_b", "coordinator_a", "partner_viewer"]
STAFF_OF_A = {"mediator_a", "manager_a", "admin"}


def _client(cast: Any, role: str) -> Client:
    client = Client()
    if role != "anonymous":
        sign_in(client, getattr(cast, role))
    return client


def _urls(cast: Any, waiting: Ticket, called: Ticket) -> dict[str, tuple[str, str, dict[str, str]]]:
    place = cast.place_a.uuid
    return {
        "queue": ("get", reverse("tickets:queue", args=[place]), {}),
        "create_form": ("get", reverse("tickets:create", args=[place]), {}),
        "create": ("post", reverse("tickets:create", args=[place]), {"reason": "document", "priority": "standard"}),
        "no_show": ("post", reverse("tickets:action", args=[called.uuid, "absent"]), {}),
        "redirect_form": ("get", reverse("tickets:redirect", args=[waiting.uuid]), {}),
        "redirect": (
            "post",
            reverse("tickets:redirect", args=[waiting.uuid]),
            {"kind": "appointment", "reason": "missing_document"},
        ),
        "renew_form": ("get", reverse("tickets:screen_renew", args=[place]), {}),
        "renew": ("post", reverse("tickets:screen_renew", args=[place]), {}),
        "call_next": ("post", reverse("tickets:call_next", args=[place]), {}),
    }


@pytest.mark.parametrize("role", ROLES)
def test_the_queue_of_structure_a_is_reached_by_its_staff_only(cast: Any, role: str) -> None:
    waiting, called = Ticket.take(place=cast.place_a), Ticket.take(place=cast.place_a)
    called.call(cast.mediator_a)
    spare = Ticket.take(place=cast.place_a)  # "call next" takes it (the first waiting one by then)
    screen = Screen.objects.create(place=cast.place_a)
    token = screen.token
    client = _client(cast, role)
    for name, (method, url, data) in _urls(cast, waiting, called).items():
        response = getattr(client, method)(url, data)
        expected = ({302} if method == "post" else {200}) if role in STAFF_OF_A else {404}
        assert response.status_code in expected, f"{role} on {name}: {response.status_code}"
    for ticket in (waiting, called, spare):
        ticket.refresh_from_db()
    screen.refresh_from_db()
    if role in STAFF_OF_A:
        assert (waiting.status, called.status, spare.status) == (Status.REDIRECTED, Status.NO_SHOW, Status.CALLED)
        assert Ticket.objects.count() == 4
        assert screen.token != token
    else:
        assert (waiting.status, called.status, spare.status) == (Status.WAITING, Status.CALLED, Status.WAITING)
        assert Ticket.objects.count() == 3
        assert screen.token == token


@pytest.mark.parametrize("role", ["coordinator_a", "partner_viewer", "anonymous"])
def test_roles_without_a_counter_have_no_queue(cast: Any, role: str) -> None:
    response = _client(cast, role).get(reverse("tickets:home"))
    assert response.status_code == (302 if role == "anonymous" else 403)


@pytest.mark.parametrize("role", ["mediator_b", "manager_b"])
def test_the_place_list_of_structure_b_never_shows_places_of_a(cast: Any, role: str) -> None:
    page = _client(cast, role).get(reverse("tickets:home")).content.decode()
    assert cast.place_b.name in page
    assert cast.place_a.name not in page


def test_anonymous_visitors_reach_no_staff_page(cast: Any) -> None:
    ticket = Ticket.take(place=cast.place_a)
    client = Client()
    for url in (
        reverse("tickets:queue", args=[cast.place_a.uuid]),
        reverse("tickets:create", args=[cast.place_a.uuid]),
        reverse("tickets:redirect", args=[ticket.uuid]),
    ):
        assert client.get(url).status_code == 302, url  # to the login page
    assert client.post(reverse("tickets:action", args=[ticket.uuid, "appeler"])).status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.WAITING


@pytest.mark.parametrize("role", ["anonymous", "mediator_b", "partner_viewer"])
def test_the_screen_opens_with_its_token_for_anyone(cast: Any, role: str) -> None:
    screen = Screen.objects.create(place=cast.place_a)
    client = _client(cast, role)
    assert client.get(reverse("tickets:screen", args=[screen.token])).status_code == 200
    assert client.get(reverse("tickets:screen_numbers", args=[screen.token])).status_code == 200
    assert client.get(reverse("tickets:screen", args=["a-guessed-token"])).status_code == 404


def test_a_counter_hook_never_attaches_a_ticket_of_another_structure(cast: Any) -> None:
    from maillage.factories import counter_form_data

    ticket = Ticket.take(place=cast.place_a)
    ticket.call(cast.mediator_a)
    client = _client(cast, "mediator_b")
    data = counter_form_data(cast.place_b, domain="social_health", ticket=str(ticket.uuid))
    response = client.post(f"{reverse('counter:counter')}?ticket={ticket.uuid}", data)
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.visit is None
    assert ticket.status == Status.CALLED


def test_every_queue_view_is_in_this_matrix() -> None:
    """A new view of the app must join the matrix above (or this list, with its own test)."""
    from maillage.tickets.urls import urlpatterns

    assert {p.name for p in urlpatterns} == {
        "home",  # test_roles_without_a_counter_have_no_queue, test_the_place_list_of_structure_b_...
        "queue",
        "create",
        "call_next",
        "screen_renew",
        "action",  # "absent" above; every action goes through the same get_ticket_for_user
        "redirect",
        "screen",  # test_the_screen_opens_with_its_token_for_anyone
        "screen_numbers",
    }
