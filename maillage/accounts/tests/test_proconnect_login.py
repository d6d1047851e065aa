"""ProConnect login against a real OpenID Connect provider in a second process (issue #13, point 4).

The provider (`oidc_provider_site`, django-oidc-provider) is reached over HTTP both by the test's
"browser" (requests: login and consent pages) and by Maillage itself (discovery, token, userinfo).
"""

from __future__ import annotations

import html
import time
from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.socialaccount.models import SocialAccount
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from maillage.accounts.enums import Role
from maillage.accounts.models import Invitation, Membership, User
from maillage.accounts.proconnect_config import PROVIDER_ID
from maillage.accounts.tests.conftest import TEST_CALLBACK_URL
from maillage.accounts.tests.oidc_provider import (
    AGENT,
    AGENT_MFA,
    OUTSIDER,
    Provider,
    sign_in_at_provider,
)
from maillage.factories import TEST_TOTP_SECRET, UserFactory

LOGIN_URL = reverse("proconnect_login")


def _log_in_with_proconnect(client: Client, provider: Provider, email: str) -> HttpResponse:
    start = client.post(LOGIN_URL)
    assert start.status_code == 302
    assert start["Location"].startswith(provider.issuer + "/authorize")
    back = sign_in_at_provider(start["Location"], email)
    assert back.startswith(TEST_CALLBACK_URL + "?")
    return client.get(back.removeprefix("http://testserver"))


def _invite(cast: Any, email: str, role: str = Role.MEDIATOR) -> Invitation:
    return Invitation.objects.create(email=email, role=role, structure=cast.structure_a, invited_by=cast.manager_a)


def test_login_page_offers_proconnect_when_configured(db: Any, proconnect: Provider) -> None:
    page = Client().get(reverse("account_login"))
    assert "S'identifier avec ProConnect" in page.content.decode()


def test_invited_agent_logs_in_with_the_invitation_role(cast: Any, proconnect: Provider) -> None:
    invitation = _invite(cast, AGENT)
    client = Client()
    response = _log_in_with_proconnect(client, proconnect, AGENT)
    assert response.status_code == 302
    assert response["Location"] == reverse("counter:counter")
    user = User.objects.get(email=AGENT)
    assert (user.first_name, user.last_name) == ("Alix", "Martin")
    assert not user.has_usable_password()
    assert Membership.objects.filter(user=user, role=Role.MEDIATOR, structure=cast.structure_a).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert SocialAccount.objects.filter(user=user, provider=PROVIDER_ID).exists()
    assert client.get(reverse("counter:counter")).status_code == 200


def test_linked_agent_logs_in_again_without_an_invitation(cast: Any, proconnect: Provider) -> None:
    _invite(cast, AGENT)
    _log_in_with_proconnect(Client(), proconnect, AGENT)
    client = Client()
    response = _log_in_with_proconnect(client, proconnect, AGENT)
    assert response["Location"] == reverse("counter:counter")
    assert User.objects.filter(email=AGENT).count() == 1
    assert client.get(reverse("counter:counter")).status_code == 200


def test_agent_without_invitation_is_refused_and_no_account_is_created(cast: Any, proconnect: Provider) -> None:
    client = Client()
    response = _log_in_with_proconnect(client, proconnect, AGENT)
    assert response.status_code == 403
    assert "Aucune invitation en attente" in html.unescape(response.content.decode())
    assert not User.objects.filter(email=AGENT).exists()
    assert not SocialAccount.objects.exists()
    assert client.get(reverse("network:dashboard"))["Location"].startswith(reverse("account_login"))


def test_expired_or_revoked_invitation_does_not_open_an_account(cast: Any, proconnect: Provider) -> None:
    _invite(cast, AGENT).revoke()
    response = _log_in_with_proconnect(Client(), proconnect, AGENT)
    assert response.status_code == 403
    assert not User.objects.filter(email=AGENT).exists()


def test_address_outside_the_allowed_domains_is_refused(cast: Any, proconnect: Provider) -> None:
    _invite(cast, OUTSIDER)
    response = _log_in_with_proconnect(Client(), proconnect, OUTSIDER)
    assert response.status_code == 403
    assert "n'appartient pas à un domaine admis" in html.unescape(response.content.decode())
    assert not User.objects.filter(email=OUTSIDER).exists()
    assert Invitation.objects.pending().filter(email=OUTSIDER).exists()


def test_existing_account_with_that_address_is_linked(cast: Any, proconnect: Provider) -> None:
    user = UserFactory(email=AGENT)
    Membership.objects.create(user=user, role=Role.MEDIATOR, structure=cast.structure_b)
    client = Client()
    response = _log_in_with_proconnect(client, proconnect, AGENT)
    assert response["Location"] == reverse("counter:counter")
    assert SocialAccount.objects.get(provider=PROVIDER_ID).user == user
    assert list(User.objects.get(pk=user.pk).roles()) == [Role.MEDIATOR]


def test_manager_with_a_device_still_types_a_code_when_proconnect_asserts_no_mfa(
    cast: Any, proconnect: Provider
) -> None:
    manager = UserFactory(email=AGENT, with_totp=True)
    Membership.objects.create(user=manager, role=Role.STRUCTURE_MANAGER, structure=cast.structure_a)
    client = Client()
    response = _log_in_with_proconnect(client, proconnect, AGENT)
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("network:dashboard")).status_code == 302
    code = format_hotp_value(hotp_value(TEST_TOTP_SECRET, int(time.time()) // 30))
    assert client.post(reverse("mfa_authenticate"), {"code": code})["Location"] == reverse("network:dashboard")
    assert client.get(reverse("network:dashboard")).status_code == 200


def test_manager_skips_our_code_when_proconnect_asserts_mfa(cast: Any, proconnect: Provider) -> None:
    manager = UserFactory(email=AGENT_MFA, with_totp=True)
    Membership.objects.create(user=manager, role=Role.STRUCTURE_MANAGER, structure=cast.structure_a)
    client = Client()
    response = _log_in_with_proconnect(client, proconnect, AGENT_MFA)
    assert response["Location"] == reverse("network:dashboard")
    assert client.get(reverse("network:dashboard")).status_code == 200


def test_invited_manager_without_device_is_sent_to_set_one_up_unless_mfa_asserted(
    cast: Any, proconnect: Provider
) -> None:
    _invite(cast, AGENT, Role.STRUCTURE_MANAGER)
    client = Client()
    _log_in_with_proconnect(client, proconnect, AGENT)
    assert client.get(reverse("network:dashboard"))["Location"] == reverse("mfa_activate_totp")
    _invite(cast, AGENT_MFA, Role.STRUCTURE_MANAGER)
    client = Client()
    _log_in_with_proconnect(client, proconnect, AGENT_MFA)
    assert client.get(reverse("network:dashboard")).status_code == 200
