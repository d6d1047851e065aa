"""Real servers for the several-servers tests: `redis-server` (Debian) and moto's S3-compatible server.

Each starts on a free port in a temporary folder and stops with its fixture. When its program is
missing the test is skipped with the reason; under `CI=true` it fails (scripts/ensure-system-packages.sh
installs redis-server, the dev requirements moto).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from maillage.tests.shared_files import running_in_ci


def require_program(name: str, why: str) -> str:
    """The path of the program `name` next to Python or on PATH; skip (fail under CI) without it."""
    beside_python = Path(sys.executable).parent / name
    path = str(beside_python) if beside_python.exists() else shutil.which(name)
    if path:
        return path
    reason = f"Programme « {name} » absent ({why})."
    if running_in_ci():
        pytest.fail(f"{reason} Avec CI=true ces tests ne sont jamais sautés.", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(ready: Callable[[], bool], process: subprocess.Popen[bytes], log: Path, what: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} s'est arrêté : {log.read_text(errors='replace')[-2000:]}")
        if ready():
            return
        time.sleep(0.1)
    pytest.fail(f"{what} ne répond pas.")


@contextmanager
def _running(command: list[str], folder: Path, ready: Callable[[], bool], what: str) -> Iterator[None]:
    log = folder / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=folder, stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait(ready, process, log, what)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """A throw-away Redis without persistence; yields its `redis://` address."""
    program = require_program("redis-server", "paquet Debian redis-server")
    port = free_port()
    command = [program, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder), "--save", ""]
    command += ["--appendonly", "no"]

    def ready() -> bool:
        import redis

        try:
            return bool(redis.Redis(port=port, socket_timeout=1).ping())
        except redis.RedisError:  # not listening yet, or too slow on a loaded machine
            return False

    with _running(command, folder, ready, "redis-server"):
        yield f"redis://127.0.0.1:{port}/0"


@contextmanager
def s3_server(folder: Path) -> Iterator[str]:
    """moto's S3-compatible HTTP server (`moto_server`); yields its endpoint URL."""
    program = require_program("moto_server", "paquet Python moto[server] des dépendances de développement")
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"

    def ready() -> bool:
        import requests

        try:
            return requests.get(endpoint, timeout=10).status_code < 500
        except requests.RequestException:  # not listening yet, or too slow on a loaded machine
            return False

    with _running([program, "-H", "127.0.0.1", "-p", str(port)], folder, ready, "moto_server"):
        yield endpoint
