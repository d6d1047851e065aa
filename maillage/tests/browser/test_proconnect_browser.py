"""An invited agent signs in with ProConnect (a real local OpenID Connect provider), lands on the counter,
and logs out of Maillage and of the provider in one click."""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.request import urlopen

import pytest
from django.urls import reverse

from maillage.accounts.tests.oidc_provider import (
    AGENT,
    ALLOWED_DOMAINS,
    CLIENT_ID,
    CLIENT_SECRET,
    PASSWORD,
    running_provider,
)
from maillage.tests.browser.conftest import MANAGE, _free_port

pytestmark = pytest.mark.browser

INVITE = (
    "from maillage.accounts.models import Invitation; from maillage.network.models import Place; "
    f"Invitation.objects.create(email='{AGENT}', role='mediator', structure=Place.objects.first().structure)"
)


@pytest.fixture(scope="module")
def proconnect_server(demo_server: str, demo_env: dict[str, str], tmp_path_factory: Any) -> Iterator[str]:
    """A second `maillage` server on the demo database, with ProConnect pointing to the local provider."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    folder: Path = tmp_path_factory.mktemp("oidc-provider-browser")
    callback, logged_out = f"{base}/compte/oidc/proconnect/login/callback/", f"{base}/compte/proconnect/deconnexion/"
    with running_provider(folder, [callback], [logged_out]) as provider:
        env = {
            **demo_env,
            "PROCONNECT_ISSUER": provider.issuer,
            "PROCONNECT_CLIENT_ID": CLIENT_ID,
            "PROCONNECT_CLIENT_SECRET": CLIENT_SECRET,
            "PROCONNECT_ALLOWED_DOMAINS": ",".join(ALLOWED_DOMAINS),
        }
        subprocess.run([*MANAGE, "shell", "-c", INVITE], env=env, check=True, capture_output=True)
        server = subprocess.Popen(
            [*MANAGE, "runserver", "--noreload", f"127.0.0.1:{port}"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urlopen(base + "/sante/", timeout=1)  # loopback only
                break
            except (URLError, ConnectionError):
                time.sleep(0.2)
        try:
            yield base
        finally:
            server.terminate()
            server.wait(timeout=10)


def test_invited_agent_signs_in_with_proconnect_and_out_of_both(page: Any, proconnect_server: str) -> None:
    page.goto(proconnect_server + "/compte/login/")
    page.get_by_role("button", name="S'identifier avec ProConnect").click()
    page.wait_for_url(re.compile(r"/login/\?next=/oidc/authorize"))  # the provider's own login form
    page.get_by_label("Identifiant").fill(AGENT)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_role("button", name="Autoriser").click()
    page.wait_for_url(lambda url: url.startswith(proconnect_server))  # back in Maillage
    page.wait_for_load_state()
    assert page.url == proconnect_server + reverse("counter:counter"), page.url + page.inner_text("body")[:1500]
    page.get_by_role("button", name="Se déconnecter").click()  # through ProConnect's logout and back
    page.wait_for_url(proconnect_server + reverse("directory:home"))
    assert page.get_by_text("Vous êtes aussi déconnecté de ProConnect.").is_visible()
