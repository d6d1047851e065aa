"""A real `maillage` server on the demo territory, driven by Debian's Chromium through Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.request import urlopen

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _database_url(tmp: Path) -> str:
    """Same database engine as the test run: a fresh PostgreSQL database, or an SQLite file."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / 'browser.sqlite3'}"
    import psycopg

    name = "maillage_browser_" + os.environ.get("PYTEST_XDIST_WORKER", "main")  # one per test process
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return url.rsplit("/", 1)[0] + "/" + name


MANAGE = [sys.executable, "-m", "maillage"]


@pytest.fixture(scope="session")
def demo_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Environment of the demo server: its own folder, database and file-based e-mail outbox."""
    tmp = tmp_path_factory.mktemp("server")
    return {
        **os.environ,
        "MAILLAGE_VAR_DIR": str(tmp),
        "MAILLAGE_REFERENCE_DIR": str(Path(__file__).resolve().parents[3] / "var" / "ref"),
        "DATABASE_URL": _database_url(tmp),
        "AXES_ENABLED": "false",
        "DEBUG": "false",  # as `make run`: the French error pages, not Django's debug pages
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        # Our OpenFisca service's address: started on this port by `demo_openfisca`, for the tests that need it.
        "OPENFISCA_URL": f"http://127.0.0.1:{_free_port()}",
    }


@pytest.fixture(scope="session")
def demo_server(demo_env: dict[str, str]) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} est introuvable : lancez « make chromium » (apt-get install chromium).")
    env = demo_env
    manage = MANAGE
    # The shipped centres, as `make setup` loads them: the browser suite does not need ../shared.
    for step in (["migrate", "-v0"], ["createcachetable"], ["geo", "load"], ["geo", "centres"], ["demo"]):
        subprocess.run([*manage, *step], env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urlopen(base + "/sante/", timeout=1)  # loopback only
            break
        except (URLError, ConnectionError):
            time.sleep(0.2)
    else:
        server.kill()
        pytest.fail("Le serveur de démonstration n'a pas démarré.")
    yield base
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def demo_openfisca(demo_env: dict[str, str]) -> Iterator[str]:
    """Our OpenFisca-France service at the demo server's OPENFISCA_URL (skipped without `.venv-openfisca`,
    failing under CI=true)."""
    from maillage.rights.tests.conftest import start_openfisca

    yield from start_openfisca(int(demo_env["OPENFISCA_URL"].rsplit(":", 1)[1]))
