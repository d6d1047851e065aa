"""Rate limits and lockouts hold across server processes: two real `runserver`s share one database.

Counters kept in a process's memory let every worker serve the whole quota (240 of 120 announced
calls with three gunicorn workers). Here two independent server processes answer alternately and
the limit still holds overall. Lowered limits come from the environment, as in production.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
MANAGE = [sys.executable, "-m", "maillage"]
LIMITS = {"API_RATE_LIMIT": "10/m", "REFERRAL_LINK_RATE_LIMIT": "6/m", "REPORT_LINK_RATE_LIMIT": "6/m"}
EMAIL, PASSWORD = "mediatrice@exemple.fr", "une phrase de passe correcte"
TOTP_EMAIL = "responsable@exemple.fr"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"Le serveur s'est arrêté : {log.read_text()}")
        try:
            requests.get(url, timeout=2)
            return
        except requests.ConnectionError:
            time.sleep(0.2)
    pytest.fail(f"{url} ne répond pas.")


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    """Two server processes on one SQLite file, with the database cache table created."""
    tmp = tmp_path_factory.mktemp("two-servers")
    env = {
        **os.environ,
        "MAILLAGE_VAR_DIR": str(tmp),
        "MAILLAGE_REFERENCE_DIR": str(ROOT / "var" / "ref"),
        "DATABASE_URL": f"sqlite:///{tmp / 'shared.sqlite3'}",
        "AXES_ENABLED": "true",
        "AXES_FAILURE_LIMIT": "3",
        "MAILLAGE_REQUIRE_MFA": "false",
        **LIMITS,
    }
    create_user = (
        "from allauth.mfa.totp.internal.auth import TOTP; from maillage.accounts.models import User; "
        "from maillage.factories import TEST_TOTP_SECRET; "
        f"User.objects.create_user({EMAIL!r}, {PASSWORD!r}); "
        f"TOTP.activate(User.objects.create_user({TOTP_EMAIL!r}, {PASSWORD!r}), TEST_TOTP_SECRET)"
    )
    for step in (["migrate", "-v0"], ["createcachetable"], ["shell", "-c", create_user]):
        subprocess.run([*MANAGE, *step], env=env, check=True, capture_output=True, cwd=ROOT)
    processes, urls, logs = [], [], []
    for index in range(2):
        port = _free_port()
        logs.append(tmp / f"server-{index}.log")
        with logs[-1].open("wb") as log:
            processes.append(
                subprocess.Popen(
                    [*MANAGE, "runserver", "--noreload", f"127.0.0.1:{port}"],
                    env=env,
                    cwd=ROOT,
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                )
            )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url, process, log_path in zip(urls, processes, logs, strict=True):
            _wait_until_up(url + "/", process, log_path)
        yield urls
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


def _alternate(urls: list[str], path: str, calls: int) -> list[requests.Response]:
    return [requests.get(urls[i % 2] + path, timeout=10) for i in range(calls)]


def test_api_limit_holds_across_two_server_processes(servers: list[str]) -> None:
    answers = _alternate(servers, f"/api/v1/places/{uuid.uuid4()}", 12)
    assert [a.status_code for a in answers] == [404] * 10 + [429, 429]
    refused = answers[-1]
    assert refused.json()["detail"].startswith("Trop de requêtes")
    assert 1 <= int(refused.headers["Retry-After"]) <= 60


@pytest.mark.parametrize(
    ("path", "status"), [("/orientations/reponse/lien-inconnu/", 400), ("/pilotage/partage/lien-inconnu/", 410)]
)
def test_public_link_limits_hold_across_two_server_processes(servers: list[str], path: str, status: int) -> None:
    answers = _alternate(servers, path, 8)
    assert [a.status_code for a in answers] == [status] * 6 + [429, 429]
    assert "Trop de requêtes" in answers[-1].text
    assert int(answers[-1].headers["Retry-After"]) >= 1


def test_login_lockout_holds_across_two_server_processes(servers: list[str]) -> None:
    """django-axes keeps failures in the database: three failures spread over both processes lock."""
    with requests.Session() as session:
        session.get(servers[0] + "/compte/login/", timeout=10)
        token = session.cookies["csrftoken"]

        def login(url: str, password: str) -> requests.Response:
            data = {"login": EMAIL, "password": password, "csrfmiddlewaretoken": token}
            return session.post(url + "/compte/login/", data=data, timeout=10, allow_redirects=False)

        failures = [login(servers[i % 2], "mauvais mot de passe") for i in range(3)]
        assert [f.status_code for f in failures[:2]] == [200, 200]
        locked = login(servers[1], PASSWORD)
        assert locked.status_code in {403, 429}
        assert "Trop de tentatives de connexion" in locked.text
        assert "sessionid" not in session.cookies
        assert re.search(r"bloquées pendant une heure", login(servers[0], PASSWORD).text)


def test_a_totp_code_used_on_one_process_is_refused_on_the_other(servers: list[str]) -> None:
    """allauth records used codes in Django's cache: the shared one, so a replay on another worker fails."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    from maillage.factories import TEST_TOTP_SECRET

    def code_step(url: str) -> tuple[requests.Session, str]:
        session = requests.Session()
        session.get(url + "/compte/login/", timeout=10)
        data = {"login": TOTP_EMAIL, "password": PASSWORD, "csrfmiddlewaretoken": session.cookies["csrftoken"]}
        step = session.post(url + "/compte/login/", data=data, timeout=10, allow_redirects=False)
        assert step.headers["Location"].endswith("/compte/2fa/authenticate/")
        return session, session.cookies["csrftoken"]

    # Away from the end of a 30-second step, so that both attempts see the same code.
    while int(time.time()) % 30 > 20:
        time.sleep(1)
    code = format_hotp_value(hotp_value(TEST_TOTP_SECRET, int(time.time()) // 30))
    first, token = code_step(servers[0])
    accepted = first.post(
        servers[0] + "/compte/2fa/authenticate/", data={"code": code, "csrfmiddlewaretoken": token}, timeout=10
    )
    assert accepted.status_code == 200
    assert "/compte/2fa/authenticate/" not in accepted.url  # signed in, sent on
    second, token = code_step(servers[1])
    replayed = second.post(
        servers[1] + "/compte/2fa/authenticate/",
        data={"code": code, "csrfmiddlewaretoken": token},
        timeout=10,
        allow_redirects=False,
    )
    assert replayed.status_code == 200  # the code form again, with its error
    assert "Code incorrect" in replayed.text
