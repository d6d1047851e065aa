"""`maillage demo` adds a morning of tickets at two places, once a day: the queue, the screen and the
figures show it."""

from __future__ import annotations

import datetime as dt
import html
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User
from maillage.factories import sign_in
from maillage.network.demo import DEMO_DOMAIN
from maillage.tickets.enums import RedirectReason, Status
from maillage.tickets.figures import waiting_figures
from maillage.tickets.models import Screen, Ticket

pytestmark = pytest.mark.django_db


def test_demo_morning_shows_in_the_queue_the_screen_and_the_figures() -> None:
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "tickets de file d'attente ajoutés" in out.getvalue()
    tickets = Ticket.objects.all()
    assert tickets.values("place").distinct().count() == 2
    statuses = set(tickets.values_list("status", flat=True))
    assert {Status.SERVED, Status.NO_SHOW, Status.REDIRECTED, Status.WAITING} <= statuses
    assert tickets.filter(redirect_reason=RedirectReason.MISSING_DOCUMENT).exists()

    place = tickets.filter(status=Status.WAITING).first().place
    client = Client()
    sign_in(client, User.objects.get(email=f"mediateur@{DEMO_DOMAIN}"))
    queue = client.get(reverse("tickets:queue", args=[place.uuid]))
    assert queue.status_code == 200
    assert queue.context["waiting"]
    screen = Screen.objects.get(place=place)
    page = html.unescape(Client().get(reverse("tickets:screen", args=[screen.token])).content.decode())
    assert "Numéro" in page
    assert "environ" in page  # recent services give an estimate

    today = timezone.localdate()  # the morning ends now: run just after midnight, it began yesterday
    figures = waiting_figures(structure_ids=[place.structure_id], start=today - dt.timedelta(days=1), end=today)
    assert figures.total.visits == tickets.filter(status=Status.SERVED).count() + 1  # + the partner redirection
    assert figures.total.median_minutes is not None

    call_command("demo", stdout=io.StringIO())
    assert Ticket.objects.count() == tickets.count()  # once a day
