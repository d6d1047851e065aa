"""Start the test OpenID Connect provider (`oidc_provider_site`) in its own process, and walk its pages.

Each test process (each pytest-xdist worker) starts its own provider on a free port, with its own
SQLite file, RSA key and users; it is stopped when the tests that use it are done.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import URLError
from urllib.parse import urljoin
from urllib.request import urlopen

import requests

ROOT = Path(__file__).resolve().parents[3]
CLIENT_ID = "maillage-test"
CLIENT_SECRET = "secret-de-test-du-client"
PASSWORD = "mot-de-passe-du-fournisseur"
# The provider's accounts (its userinfo answers a signed JWT, as ProConnect's does): an agent of an
# allowed domain, the same with a second factor asserted (`amr` holds "mfa"), an address of a domain
# Maillage does not accept, an agent whose userinfo comes as plain JSON, and one whose userinfo JWT
# is signed with a key that is not the provider's (oidc_provider_site/views.py).
AGENT = "agent@mairie-test.fr"
AGENT_MFA = "responsable@mairie-test.fr"
OUTSIDER = "quelquun@ailleurs-test.fr"
AGENT_JSON = "agent-json@mairie-test.fr"
AGENT_FORGED = "usurpation@mairie-test.fr"
ALLOWED_DOMAINS = ["mairie-test.fr"]
USERS = [
    f"{AGENT}:{PASSWORD}:Alix:Martin",
    f"{AGENT_MFA}:{PASSWORD}:Camille:Durand:mfa",
    f"{OUTSIDER}:{PASSWORD}:Sam:Petit",
    f"{AGENT_JSON}:{PASSWORD}:Dominique:Leroy:json_userinfo",
    f"{AGENT_FORGED}:{PASSWORD}:Claude:Faure:forged_userinfo",
]


@dataclass(frozen=True)
class Provider:
    base_url: str
    env: dict[str, str]

    @property
    def issuer(self) -> str:
        return f"{self.base_url}/oidc"

    def register_redirect_uri(self, uri: str) -> None:
        _manage(self.env, "prepare_provider", *_client_args(), "--redirect-uri", uri)

    @property
    def end_session_url(self) -> str:
        return f"{self.issuer}/end-session"


def _client_args() -> list[str]:
    return ["--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET]


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "-m", "django", *args], env=env, check=True, capture_output=True, timeout=120)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_provider(
    folder: Path, redirect_uris: list[str], post_logout_redirect_uris: Sequence[str] = ()
) -> Iterator[Provider]:
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "DJANGO_SETTINGS_MODULE": "maillage.accounts.tests.oidc_provider_site.settings",
        "TEST_OIDC_DIR": str(folder),
        "TEST_OIDC_SITE_URL": base_url,
    }
    _manage(env, "migrate", "-v0")
    _manage(env, "creatersakey")
    users = [arg for spec in USERS for arg in ("--user", spec)]
    uris = [
        *[arg for uri in redirect_uris for arg in ("--redirect-uri", uri)],
        *[arg for uri in post_logout_redirect_uris for arg in ("--post-logout-redirect-uri", uri)],
    ]
    _manage(env, "prepare_provider", *_client_args(), *users, *uris)
    server = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    provider = Provider(base_url=base_url, env=env)
    try:
        _wait_for_discovery(provider, server)
        yield provider
    finally:
        server.terminate()
        server.wait(timeout=10)


def _wait_for_discovery(provider: Provider, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("Le fournisseur d'identité de test s'est arrêté au démarrage.")
        try:
            urlopen(provider.issuer + "/.well-known/openid-configuration", timeout=1)  # loopback only
            return
        except (URLError, ConnectionError):
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("Le fournisseur d'identité de test n'a pas répondu.")


class _FormReader(HTMLParser):
    """The fields of the first form of a page, as a browser would submit them."""

    def __init__(self) -> None:
        super().__init__()
        self.action: str | None = None
        self.fields: dict[str, str] = {}
        self._in_form = False
        self._done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "form" and not self._done:
            self._in_form, self.action = True, values.get("action", "")
        elif tag == "input" and self._in_form and values.get("name") and values.get("type") != "submit":
            self.fields[values["name"]] = values.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._in_form:
            self._in_form, self._done = False, True


def _submit(session: requests.Session, page: requests.Response, data: dict[str, str]) -> requests.Response:
    reader = _FormReader()
    reader.feed(page.text)
    assert reader.action is not None, page.text
    return session.post(urljoin(page.url, reader.action), data={**reader.fields, **data}, allow_redirects=False)


def sign_in_at_provider(
    authorize_url: str, email: str, password: str = PASSWORD, session: requests.Session | None = None
) -> str:
    """Open the provider's authorisation page, log in, consent: the address it sends the browser back to.

    Give a `session` (the browser's cookies at the provider) to keep using it afterwards, to log out.
    """
    with nullcontext(session) if session else requests.Session() as session:
        login_page = session.get(authorize_url, timeout=10)
        assert "Fournisseur d'identité de test" in login_page.text, login_page.text
        after_login = _submit(session, login_page, {"username": email, "password": password})
        consent_page = session.get(urljoin(login_page.url, after_login.headers["Location"]), timeout=10)
        back = _submit(session, consent_page, {"allow": "Authorize"})
        assert back.status_code == 302, back.text
        return back.headers["Location"]
