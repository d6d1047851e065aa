"""`maillage demo` adds workshops (past with roll call, upcoming with free seats) and checks at each level, once."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.models import User
from maillage.factories import sign_in
from maillage.network.demo import DEMO_DOMAIN
from maillage.workshops.enums import Level, RegistrationStatus
from maillage.workshops.figures import workshop_figures
from maillage.workshops.models import Registration, Session, SkillsCheck
from maillage.workshops.services import propose_sessions

pytestmark = pytest.mark.django_db


def test_demo_adds_workshops_with_attendance_free_seats_and_checks_at_each_level() -> None:
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "ateliers collectifs ajoutés" in out.getvalue()
    now = timezone.now()
    past, upcoming = Session.objects.past(now), Session.objects.upcoming(now)
    assert past.exists()
    assert upcoming.exists()
    assert Registration.objects.filter(session__in=past, status=RegistrationStatus.ATTENDED).exists()
    assert Registration.objects.filter(session__in=past, status=RegistrationStatus.ABSENT).exists()
    assert all(s.free_seats > 0 for s in upcoming)
    assert {c.level for c in SkillsCheck.objects.all()} == set(Level.values)
    assert SkillsCheck.objects.filter(person__isnull=True, visit__isnull=False).exists()
    checked_twice = SkillsCheck.objects.filter(person__isnull=False).values_list("person", flat=True)
    assert len(checked_twice) > len(set(checked_twice))  # one person's progress
    assert all(propose_sessions(check) for check in SkillsCheck.objects.all())

    mediator = User.objects.get(email=f"mediateur@{DEMO_DOMAIN}")
    client = Client()
    sign_in(client, mediator)
    assert client.get(reverse("workshops:list")).context["page"].paginator.count == upcoming.count()
    structure = Session.objects.first().structure
    month_ago = timezone.localdate() - dt.timedelta(days=31)
    figures = workshop_figures(structure_ids=[structure.pk], start=month_ago, end=timezone.localdate())
    assert figures.total.sessions == past.count()
    assert figures.total.attended > 0

    call_command("demo", stdout=io.StringIO())
    assert Session.objects.count() == past.count() + upcoming.count()  # not added twice
