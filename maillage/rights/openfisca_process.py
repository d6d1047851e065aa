"""Start our OpenFisca service as a child process (tests, benchmark): `make run` starts it for real."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

REPO_ROOT = Path(__file__).resolve().parents[2]
OPENFISCA_PYTHON = REPO_ROOT / ".venv-openfisca" / "bin" / "python"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class ServiceProcess:
    """`.venv-openfisca/bin/python -m openfisca_service` on a free port, stopped by `stop()`."""

    def __init__(self, log: IO[bytes], port: int | None = None) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environment = {**os.environ, "OPENFISCA_PORT": str(self.port), "PYTHONPATH": str(REPO_ROOT)}
        self.process = subprocess.Popen(
            [str(OPENFISCA_PYTHON), "-m", "openfisca_service"],
            cwd=REPO_ROOT,
            env=environment,
            stdout=log,
            stderr=log,
        )

    def wait_ready(self, seconds: float = 180) -> str:
        """Wait for the health check; return the service's openfisca-france version."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"le service OpenFisca s'est arrêté (code {self.process.returncode})")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=2) as response:  # noqa: S310
                    return str(json.loads(response.read())["openfisca_france_version"])
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        raise RuntimeError(f"le service OpenFisca n'a pas démarré en {seconds:g} secondes")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@contextmanager
def running_service(port: int | None = None) -> Iterator[str]:
    """The service started and warm for the `with` block (its URL); a start that fails raises
    RuntimeError with the end of the service's own output."""
    with tempfile.TemporaryFile() as log:
        service = ServiceProcess(log, port)
        try:
            service.wait_ready()
        except RuntimeError as error:
            service.stop()
            log.seek(0)
            raise RuntimeError(f"{error}\n{log.read().decode(errors='replace')[-3000:]}") from None
        try:
            yield service.url
        finally:
            service.stop()
