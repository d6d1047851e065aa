"""A partner viewer creates, names and revokes API tokens; the secret is shown once; other roles have no tokens."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.test import Client
from django.utils import timezone

from maillage.factories import sign_in
from maillage.reports.models import ApiToken

TOKENS = "/pilotage/api/"
SECRET = re.compile(r"mlg_[0-9a-f]{12}_[A-Za-z0-9_-]{20,}")


@pytest.fixture
def viewer(cast: Any) -> Client:
    client = Client()
    sign_in(client, cast.partner_viewer)
    return client


def create(client: Client, name: str = "Entrepôt de données CAF", days: int = 90) -> Any:
    return client.post(f"{TOKENS}nouveau/", {"name": name, "days": days})


def test_created_token_is_shown_once_and_works(cast: Any, viewer: Client) -> None:
    response = create(viewer)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert "il ne sera plus jamais affiché" in body
    plain = SECRET.search(body)
    assert plain is not None
    token = ApiToken.objects.get()
    assert (token.name, token.partner, token.created_by) == (
        "Entrepôt de données CAF",
        cast.partner,
        cast.partner_viewer,
    )
    listing = viewer.get(TOKENS).content.decode()
    assert "Entrepôt de données CAF" in listing
    assert plain.group(0) not in listing
    assert SECRET.search(listing) is None
    api = Client().get(
        "/api/v1/reports/activity", {"period": "2025"}, headers={"Authorization": f"Bearer {plain.group(0)}"}
    )
    assert api.status_code == 200


@pytest.mark.parametrize(("days", "expected"), [(30, 30), (365, 365)])
def test_expiry_is_the_chosen_duration(viewer: Client, days: int, expected: int) -> None:
    create(viewer, days=days)
    token = ApiToken.objects.get()
    assert token.expires_at - token.created_at == dt.timedelta(days=expected)


@pytest.mark.parametrize(
    ("data", "message"), [({"name": "", "days": 90}, "obligatoire"), ({"name": "X", "days": 730}, "valide")]
)
def test_no_name_or_a_longer_expiry_is_refused(viewer: Client, data: dict[str, Any], message: str) -> None:
    response = viewer.post(f"{TOKENS}nouveau/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ApiToken.objects.exists()


def test_model_refuses_more_than_a_year(cast: Any) -> None:
    with pytest.raises(ValueError, match="de 1 à 365 jours"):
        ApiToken.issue(user=cast.partner_viewer, partner=cast.partner, name="X", days=366)


def test_revoke_asks_for_confirmation_then_revokes(cast: Any, viewer: Client) -> None:
    plain = SECRET.search(create(viewer).content.decode()).group(0)
    token = ApiToken.objects.get()
    confirm = viewer.get(f"{TOKENS}{token.uuid}/revoquer/")
    assert confirm.status_code == 200
    assert "Révoquer le jeton « Entrepôt de données CAF » ?" in confirm.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
    response = viewer.post(f"{TOKENS}{token.uuid}/revoquer/", follow=True)
    assert "est révoqué" in response.content.decode()
    token.refresh_from_db()
    assert token.status == "revoked"
    assert "Révoqué le" in viewer.get(TOKENS).content.decode()
    api = Client().get("/api/v1/reports/activity", {"period": "2025"}, headers={"Authorization": f"Bearer {plain}"})
    assert api.status_code == 401


def test_list_shows_status_and_last_use(cast: Any, viewer: Client) -> None:
    used, _ = ApiToken.issue(user=cast.partner_viewer, partner=cast.partner, name="Utilisé", days=30)
    moment = timezone.now() - dt.timedelta(days=2)
    used.mark_used(moment)
    expired, _ = ApiToken.issue(user=cast.partner_viewer, partner=cast.partner, name="Ancien", days=30)
    past = timezone.now() - dt.timedelta(days=40)
    ApiToken.objects.filter(pk=expired.pk).update(created_at=past, expires_at=past + dt.timedelta(days=30))
    body = viewer.get(TOKENS).content.decode()
    assert f"<td>{timezone.localtime(moment):%d/%m/%Y %H:%M}</td>" in body
    assert body.count("<td>jamais</td>") == 1  # the expired token was never used
    assert "<td>Actif</td>" in body
    assert "<td>Expiré</td>" in body


def test_list_page_reads_a_fixed_number_of_queries(cast: Any, viewer: Client, django_assert_num_queries: Any) -> None:
    for index in range(3):
        ApiToken.issue(user=cast.partner_viewer, partner=cast.partner, name=f"Jeton {index}", days=30)
    viewer.get(TOKENS)
    with django_assert_num_queries(6):
        viewer.get(TOKENS)
    for index in range(5):
        ApiToken.issue(user=cast.partner_viewer, partner=cast.partner, name=f"Autre {index}", days=30)
    with django_assert_num_queries(6):
        viewer.get(TOKENS)


@pytest.mark.parametrize("role", ["mediator_a", "manager_a", "coordinator_a", "admin"])
def test_other_roles_have_no_api_tokens(cast: Any, role: str) -> None:
    client = Client()
    sign_in(client, getattr(cast, role))
    assert client.get(TOKENS).status_code == 403
    assert create(client).status_code == 403
    assert not ApiToken.objects.exists()
    assert "API partenaires" not in client.get("/pilotage/").content.decode()


def test_anonymous_is_sent_to_login(cast: Any) -> None:
    token, _ = ApiToken.issue(user=cast.partner_viewer, partner=cast.partner, name="X", days=30)
    client = Client()
    for response in (
        client.get(TOKENS),
        create(client),
        client.get(f"{TOKENS}{token.uuid}/revoquer/"),
        client.post(f"{TOKENS}{token.uuid}/revoquer/"),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith("/compte/login/")
    assert ApiToken.objects.count() == 1
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_viewer_cannot_revoke_another_viewers_token(cast: Any, viewer: Client) -> None:
    from maillage.accounts.enums import Role
    from maillage.factories import member

    colleague = member(Role.PARTNER_VIEWER, partner=cast.partner, totp=False)
    theirs, _ = ApiToken.issue(user=colleague, partner=cast.partner, name="Le leur", days=30)
    assert viewer.get(f"{TOKENS}{theirs.uuid}/revoquer/").status_code == 404
    assert viewer.post(f"{TOKENS}{theirs.uuid}/revoquer/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert "Le leur" not in viewer.get(TOKENS).content.decode()


def test_partner_menu_leads_to_the_tokens(viewer: Client) -> None:
    body = viewer.get("/pilotage/").content.decode()
    assert f'href="{TOKENS}"' in body
    assert "API partenaires" in body


def test_creation_and_revocation_are_audited_without_the_secret(cast: Any, viewer: Client) -> None:
    plain = SECRET.search(create(viewer).content.decode()).group(0)
    token = ApiToken.objects.get()
    viewer.post(f"{TOKENS}{token.uuid}/revoquer/")
    entries = list(LogEntry.objects.get_for_object(token).order_by("pk"))
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert all(e.actor == cast.partner_viewer for e in entries)
    assert "revoked_at" in entries[1].changes_dict
    for entry in entries:
        assert "secret_hash" not in entry.changes_dict
        assert plain.rsplit("_", 1)[1] not in str(entry.changes)
