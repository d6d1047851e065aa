"""Login, second factor, lockout and invitations."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import Invitation, Membership, User
from maillage.factories import PASSWORD, TEST_TOTP_SECRET, member, sign_in


def _current_code() -> str:
    import time

    return format_hotp_value(hotp_value(TEST_TOTP_SECRET, int(time.time()) // 30))


def test_mediator_logs_in_with_email_and_password(cast: Any) -> None:
    client = Client()
    response = client.post(reverse("account_login"), {"login": cast.mediator_a.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("network:dashboard")).status_code == 200


def test_manager_must_give_the_totp_code(cast: Any) -> None:
    client = Client()
    response = client.post(reverse("account_login"), {"login": cast.manager_a.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("network:dashboard")).status_code == 302  # not logged in yet
    response = client.post(reverse("mfa_authenticate"), {"code": _current_code()})
    assert response.status_code == 302
    assert client.get(reverse("network:dashboard")).status_code == 200


def test_manager_without_totp_is_sent_to_set_it_up(cast: Any) -> None:
    from maillage.accounts.enums import Role

    manager = member(Role.STRUCTURE_MANAGER, structure=cast.structure_a, totp=False)
    client = Client()
    sign_in(client, manager)
    response = client.get(reverse("network:dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # public pages stay reachable
    assert client.get(reverse("directory:home")).status_code == 200


def test_repeated_failures_lock_the_account(cast: Any, settings: Any) -> None:
    settings.AXES_ENABLED = True
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("account_login"), {"login": cast.mediator_a.email, "password": "mauvais"})
    response = client.post(reverse("account_login"), {"login": cast.mediator_a.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert client.get(reverse("network:dashboard")).status_code == 302
    call_command("axes_reset", verbosity=0)


def test_public_signup_is_closed(db: Any) -> None:
    response = Client().post(
        reverse("account_signup"), {"email": "x@exemple.fr", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert not User.objects.filter(email="x@exemple.fr").exists()
    assert response.status_code in {200, 403}


def test_invitation_round_trip(cast: Any, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client = Client()
    sign_in(client, cast.manager_a)
    url = reverse("network:staff_invite", args=[cast.structure_a.uuid])
    response = client.post(url, {"email": "Nouvelle@Exemple.fr", "role": "mediator"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    invitation = Invitation.objects.get(email="nouvelle@exemple.fr")
    link = reverse("accounts:accept_invitation", args=[invitation.token])
    assert link in mail.outbox[0].body
    newcomer = Client()
    response = newcomer.post(
        link, {"first_name": "Nour", "last_name": "B.", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user__email="nouvelle@exemple.fr", structure=cast.structure_a).exists()
    # the link cannot be used twice
    assert newcomer.get(link).status_code == 410


def test_invitation_is_queued_on_the_database_backend(cast: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    client = Client()
    sign_in(client, cast.manager_a)
    client.post(
        reverse("network:staff_invite", args=[cast.structure_a.uuid]), {"email": "a@exemple.fr", "role": "mediator"}
    )
    task = DBTaskResult.objects.get()
    assert task.task_path.endswith("send_invitation_email")
    assert "a@exemple.fr" not in str(task.args_kwargs)  # no personal data in task arguments
    # Run the stored task the way the worker does (the worker command itself closes the database
    # connection, which a test transaction cannot survive on PostgreSQL).
    assert task.task.call(*task.args_kwargs["args"], **task.args_kwargs["kwargs"]) is True
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["a@exemple.fr"]


def test_unknown_invitation_token_is_a_clear_404(db: Any) -> None:
    response = Client().get(reverse("accounts:accept_invitation", args=["nope"]))
    assert response.status_code == 404
    assert "n'est plus valable" in response.content.decode()


def test_password_mismatch_is_explained(cast: Any) -> None:
    invitation = Invitation.objects.create(email="z@exemple.fr", role="mediator", structure=cast.structure_a)
    response = Client().post(
        reverse("accounts:accept_invitation", args=[invitation.token]),
        {"first_name": "Z", "last_name": "Z", "password1": PASSWORD, "password2": PASSWORD + "x"},
    )
    assert "ne correspondent pas" in response.content.decode()
    assert not User.objects.filter(email="z@exemple.fr").exists()


@pytest.mark.parametrize("email", ["dup@exemple.fr"])
def test_cannot_invite_twice(cast: Any, email: str) -> None:
    Invitation.objects.create(email=email, role="mediator", structure=cast.structure_a)
    client = Client()
    sign_in(client, cast.manager_a)
    response = client.post(
        reverse("network:staff_invite", args=[cast.structure_a.uuid]), {"email": email, "role": "mediator"}
    )
    assert "déjà en attente" in response.content.decode()
    assert Invitation.objects.filter(email=email).count() == 1
