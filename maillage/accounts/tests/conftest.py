from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from maillage.accounts.proconnect_config import providers
from maillage.accounts.tests.oidc_provider import ALLOWED_DOMAINS, CLIENT_ID, CLIENT_SECRET, Provider, running_provider

TEST_CALLBACK_URL = "http://testserver/compte/oidc/proconnect/login/callback/"
TEST_POST_LOGOUT_URL = "http://testserver/compte/proconnect/deconnexion/"


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """A real OpenID Connect provider in a second process, standing in for ProConnect."""
    with running_provider(
        tmp_path_factory.mktemp("oidc-provider"), [TEST_CALLBACK_URL], [TEST_POST_LOGOUT_URL]
    ) as provider:
        yield provider


@pytest.fixture
def proconnect(settings: Any, oidc_provider: Provider) -> Provider:
    settings.SOCIALACCOUNT_PROVIDERS = providers(
        issuer=oidc_provider.issuer,
        client_id=CLIENT_ID,
        secret=CLIENT_SECRET,
        scopes=["openid", "email", "given_name", "usual_name"],
    )
    settings.PROCONNECT_ALLOWED_DOMAINS = ALLOWED_DOMAINS
    return oidc_provider
