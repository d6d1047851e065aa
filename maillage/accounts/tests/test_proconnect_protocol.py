"""ProConnect's own contract, against the local provider answering as ProConnect does (issue #13, point 4).

ProConnect's userinfo endpoint answers a JWT signed with its key (`application/jwt`); its
authorisation endpoint wants a `state` and a `nonce` of 32 characters or more and nothing outside
its parameters; its logout ends the agent's session there too. The local provider
(`oidc_provider_site`) follows the same rules; one of its agents gets plain JSON userinfo, another a
JWT signed with a key that is not the provider's.
"""

from __future__ import annotations

import html
import secrets
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import requests
from allauth.socialaccount.models import SocialAccount
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from maillage.accounts.enums import Role
from maillage.accounts.models import Invitation, User
from maillage.accounts.proconnect import ID_TOKEN_SESSION_KEY
from maillage.accounts.tests.conftest import TEST_CALLBACK_URL, TEST_POST_LOGOUT_URL
from maillage.accounts.tests.oidc_provider import (
    AGENT,
    AGENT_FORGED,
    AGENT_JSON,
    CLIENT_ID,
    Provider,
    sign_in_at_provider,
)
from maillage.factories import UserFactory

LOGIN_URL = reverse("proconnect_login")
UNVERIFIED = "La réponse de ProConnect n'a pas pu être vérifiée"


def _invite(cast: Any, email: str) -> Invitation:
    return Invitation.objects.create(
        email=email, role=Role.MEDIATOR, structure=cast.structure_a, invited_by=cast.manager_a
    )


def _back_from_provider(client: Client, email: str, session: requests.Session | None = None) -> Any:
    start = client.post(LOGIN_URL)
    back = sign_in_at_provider(start["Location"], email, session=session)
    assert back.startswith(TEST_CALLBACK_URL + "?")
    return client.get(back.removeprefix("http://testserver"))


def test_agent_logs_in_with_userinfo_signed_as_a_jwt(cast: Any, proconnect: Provider) -> None:
    _invite(cast, AGENT)
    client = Client()
    response = _back_from_provider(client, AGENT)
    assert response["Location"] == reverse("counter:counter")
    userinfo = SocialAccount.objects.get(user__email=AGENT).extra_data["userinfo"]
    assert (userinfo["email"], userinfo["iss"], userinfo["aud"]) == (AGENT, proconnect.issuer, CLIENT_ID)
    assert client.get(reverse("counter:counter")).status_code == 200


def test_userinfo_jwt_signed_with_another_key_is_refused_and_nothing_is_written(
    cast: Any, proconnect: Provider
) -> None:
    invitation = _invite(cast, AGENT_FORGED)
    client = Client()
    response = _back_from_provider(client, AGENT_FORGED)
    assert response.status_code == 403
    assert UNVERIFIED in html.unescape(response.content.decode())
    assert not User.objects.filter(email=AGENT_FORGED).exists()
    assert not SocialAccount.objects.exists()
    assert Invitation.objects.pending().filter(pk=invitation.pk).exists()
    assert ID_TOKEN_SESSION_KEY not in client.session
    assert client.get(reverse("counter:counter"))["Location"].startswith(reverse("account_login"))


def test_agent_logs_in_with_userinfo_answered_as_json(cast: Any, proconnect: Provider) -> None:
    _invite(cast, AGENT_JSON)
    client = Client()
    response = _back_from_provider(client, AGENT_JSON)
    assert response["Location"] == reverse("counter:counter")
    userinfo = SocialAccount.objects.get(user__email=AGENT_JSON).extra_data["userinfo"]
    assert userinfo["email"] == AGENT_JSON
    assert "iss" not in userinfo  # the JSON answer, not a JWT's claims


def test_authorisation_request_carries_long_state_and_nonce_and_no_other_parameter(
    db: Any, proconnect: Provider
) -> None:
    query = parse_qs(urlsplit(Client().post(LOGIN_URL)["Location"]).query)
    assert len(query["state"][0]) >= 32
    assert len(query["nonce"][0]) >= 32
    assert set(query) == {"response_type", "client_id", "redirect_uri", "scope", "claims", "state", "nonce"}


def test_id_token_with_another_nonce_is_refused(cast: Any, proconnect: Provider) -> None:
    _invite(cast, AGENT)
    client = Client()
    parts = urlsplit(client.post(LOGIN_URL)["Location"])
    query = {name: values[0] for name, values in parse_qs(parts.query).items()}
    query["nonce"] = secrets.token_urlsafe(32)  # the provider signs this one into the ID token
    back = sign_in_at_provider(urlunsplit(parts._replace(query=urlencode(query))), AGENT)
    response = client.get(back.removeprefix("http://testserver"))
    assert response.status_code == 403
    assert "ne correspond pas à cette demande de connexion" in html.unescape(response.content.decode())
    assert not User.objects.filter(email=AGENT).exists()


def test_logout_after_proconnect_also_ends_the_session_at_proconnect(cast: Any, proconnect: Provider) -> None:
    _invite(cast, AGENT)
    client = Client()
    with requests.Session() as browser_at_provider:
        _back_from_provider(client, AGENT, session=browser_at_provider)
        out = client.post(reverse("account_logout"))
        assert out["Location"].startswith(proconnect.end_session_url + "?")
        params = parse_qs(urlsplit(out["Location"]).query)
        assert params["post_logout_redirect_uri"] == [TEST_POST_LOGOUT_URL]
        assert params["id_token_hint"][0].count(".") == 2
        assert client.get(reverse("counter:counter")).status_code == 302  # logged out here already
        back = browser_at_provider.get(out["Location"], allow_redirects=False, timeout=10)
        assert back.status_code == 302
        assert back.headers["Location"].startswith(TEST_POST_LOGOUT_URL + "?state=")
        home = client.get(back.headers["Location"].removeprefix("http://testserver"))
        assert home["Location"] == reverse("directory:home")
        assert "Vous êtes aussi déconnecté de ProConnect." in [str(m) for m in get_messages(home.wsgi_request)]
        # ProConnect's session is over: the next login asks for the password again.
        again = browser_at_provider.get(client.post(LOGIN_URL)["Location"], timeout=10)
        assert "Fournisseur d'identité de test" in again.text
        assert "Mot de passe" in again.text


def test_return_from_logout_with_a_state_we_did_not_give_says_nothing(db: Any, proconnect: Provider) -> None:
    home = Client().get(reverse("accounts:proconnect_logged_out") + "?state=" + secrets.token_urlsafe(32))
    assert home["Location"] == reverse("directory:home")
    assert list(get_messages(home.wsgi_request)) == []


def test_password_logout_stays_on_the_site(cast: Any, proconnect: Provider) -> None:
    client = Client()
    client.force_login(UserFactory(email="mediatrice@mairie-test.fr"))
    assert client.post(reverse("account_logout"))["Location"] == reverse("directory:home")
