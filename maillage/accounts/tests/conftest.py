from __future__ import annotations

from collections.abc import Iterator

import pytest

from maillage.accounts.tests.oidc_provider import Provider, running_provider

TEST_CALLBACK_URL = "http://testserver/compte/oidc/proconnect/login/callback/"
TEST_POST_LOGOUT_URL = "http://testserver/compte/proconnect/deconnexion/"


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """A real OpenID Connect provider in a second process, standing in for ProConnect."""
    with running_provider(
        tmp_path_factory.mktemp("oidc-provider"), [TEST_CALLBACK_URL], [TEST_POST_LOGOUT_URL]
    ) as provider:
        yield provider
