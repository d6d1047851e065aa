"""Reminders of followed rights: a badge in the menu (no extra query) and one daily e-mail per mediator."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from maillage.counter.tests.helpers import make_person
from maillage.factories import sign_in
from maillage.navigation import menu_for
from maillage.rights.models import FollowedRight
from maillage.rights.tasks import rights_daily, send_reminders
from maillage.rights.tests.helpers import follow

pytestmark = pytest.mark.django_db


def _due(cast: Any, mediator: Any, *, days_ago: int = 0, **fields: Any) -> FollowedRight:
    followed = follow(make_person(cast.structure_a), "rsa", mediator=mediator, **fields)
    FollowedRight.objects.filter(pk=followed.pk).update(remind_on=timezone.localdate() - dt.timedelta(days=days_ago))
    return followed


def test_the_menu_counts_my_due_reminders_in_its_one_query(cast: Any, django_assert_num_queries: Any) -> None:
    _due(cast, cast.mediator_a)
    _due(cast, cast.mediator_a, days_ago=3)
    _due(cast, cast.manager_a)  # a colleague's
    later = follow(make_person(cast.structure_a), "apl", mediator=cast.mediator_a)
    later.set_reminder(timezone.localdate() + dt.timedelta(days=2))
    closed = _due(cast, cast.mediator_a)
    closed.abandon(reason="La personne a déménagé")
    user = cast.mediator_a
    user.roles()
    with django_assert_num_queries(1):
        menu = menu_for(user)
    entry = next(link for link in menu.links if link.url == reverse("rights:list"))
    assert entry.badge == 2
    assert entry.badge_label == "2 rappels de droits à faire"


@pytest.mark.parametrize("role", ["mediator_a", "manager_a", "admin"])
def test_staff_and_administrators_have_the_entry(cast: Any, role: str) -> None:
    menu = menu_for(getattr(cast, role))
    assert reverse("rights:list") in [link.url for link in menu.links]


@pytest.mark.parametrize("role", ["coordinator_a", "partner_viewer"])
def test_roles_without_person_files_do_not(cast: Any, role: str) -> None:
    menu = menu_for(getattr(cast, role))
    assert reverse("rights:list") not in [link.url for link in menu.links]


def test_the_badge_shows_on_the_page(cast: Any) -> None:
    _due(cast, cast.mediator_a)
    client = Client()
    sign_in(client, cast.mediator_a)
    assert "1 rappel de droit à faire" in client.get(reverse("rights:list")).content.decode()


def test_each_mediator_gets_one_mail_with_a_count_and_no_personal_data(cast: Any) -> None:
    _due(cast, cast.mediator_a)
    _due(cast, cast.mediator_a, days_ago=1)
    _due(cast, cast.manager_a)
    follow(make_person(cast.structure_a), "rsa", mediator=cast.mediator_a)  # no reminder
    assert send_reminders(timezone.localdate(), "https://maillage.example") == 2
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {cast.mediator_a.email, cast.manager_a.email}
    message = by_recipient[cast.mediator_a.email]
    assert message.subject == "Droits à suivre : 2 rappels aujourd'hui"
    assert "https://maillage.example/droits/" in message.body
    assert "Aïcha" not in message.body
    assert "Benali" not in message.body


def test_a_reminder_is_mailed_once_until_the_mediator_sets_another(cast: Any) -> None:
    followed = _due(cast, cast.mediator_a)
    today = timezone.localdate()
    send_reminders(today, "https://maillage.example")
    send_reminders(today + dt.timedelta(days=1), "https://maillage.example")
    assert len(mail.outbox) == 1
    followed.set_reminder(today)
    send_reminders(today, "https://maillage.example")
    assert len(mail.outbox) == 2


def test_the_daily_task_sends_and_books_tomorrow(cast: Any) -> None:
    _due(cast, cast.mediator_a)
    assert rights_daily.call("https://maillage.example") == 1
    assert len(mail.outbox) == 1
    booked = DBTaskResult.objects.get(task_path__endswith="rights_daily")
    assert booked.run_after > timezone.now() + dt.timedelta(hours=23)
