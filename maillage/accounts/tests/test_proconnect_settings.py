"""ProConnect is configured from the environment only, and absent while PROCONNECT_ISSUER is empty."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.accounts.proconnect_config import PROVIDER_ID, providers
from maillage.env import ConfigurationError
from maillage.tests.test_settings_env import _run_settings

PROCONNECT_URLS = [
    reverse("proconnect_login"),
    reverse("proconnect_callback") + "?code=x&state=y",
    "/compte/3rdparty/",
    "/compte/3rdparty/signup/",
]


def test_without_issuer_the_login_page_shows_no_proconnect_and_its_urls_are_not_found(db: Any, settings: Any) -> None:
    settings.SOCIALACCOUNT_PROVIDERS = {}
    client = Client()
    assert "ProConnect" not in client.get(reverse("account_login")).content.decode()
    for url in PROCONNECT_URLS:
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url


def test_issuer_must_be_https_except_on_this_machine() -> None:
    with pytest.raises(ConfigurationError, match="https attendue"):
        providers(issuer="http://proconnect.example.fr", client_id="a", secret="b", scopes=["openid"])
    config = providers(issuer="http://127.0.0.1:8080/oidc/", client_id="a", secret="b", scopes=["openid"])
    assert config[PROVIDER_ID]["APPS"][0]["settings"]["server_url"] == "http://127.0.0.1:8080/oidc"


def test_issuer_without_client_or_openid_scope_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="PROCONNECT_CLIENT_ID"):
        providers(issuer="https://auth.agentconnect.gouv.fr/api/v2", client_id="", secret="", scopes=["openid"])
    with pytest.raises(ConfigurationError, match="openid"):
        providers(issuer="https://auth.agentconnect.gouv.fr/api/v2", client_id="a", secret="b", scopes=["email"])


def test_settings_read_proconnect_from_the_environment() -> None:
    env = {
        "PROCONNECT_ISSUER": "https://auth.agentconnect.gouv.fr/api/v2",
        "PROCONNECT_CLIENT_ID": "id-du-client",
        "PROCONNECT_CLIENT_SECRET": "secret-du-client",
        "PROCONNECT_ALLOWED_DOMAINS": "@Mairie.fr, ville-test.fr",
    }
    code = (
        "django.setup(); from django.conf import settings as s; "
        "app = s.SOCIALACCOUNT_PROVIDERS['proconnect']['APPS'][0]; "
        "print(app['client_id'], app['settings']['scope'], s.PROCONNECT_ALLOWED_DOMAINS)"
    )
    result = _run_settings(env, code)
    assert result.returncode == 0, result.stderr
    assert (
        "id-du-client ['openid', 'email', 'given_name', 'usual_name'] ['mairie.fr', 'ville-test.fr']" in result.stdout
    )


def test_issuer_without_allowed_domains_stops_the_start() -> None:
    env = {"PROCONNECT_ISSUER": "https://auth.agentconnect.gouv.fr/api/v2", "PROCONNECT_CLIENT_ID": "a"}
    result = _run_settings(env, "django.setup()")
    assert result.returncode != 0
    assert "PROCONNECT_ALLOWED_DOMAINS est obligatoire" in result.stderr
