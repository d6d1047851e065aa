"""Fixtures of the rights tests: our OpenFisca-France service, started once per test session."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator

import pytest

from maillage.rights.openfisca_process import OPENFISCA_PYTHON, ServiceProcess
from maillage.tests.shared_files import running_in_ci


@pytest.fixture(scope="session")
def openfisca_url() -> Iterator[str]:
    if not OPENFISCA_PYTHON.exists():
        reason = f"Environnement OpenFisca absent ({OPENFISCA_PYTHON}) : lancez `make install`."
        if running_in_ci():
            pytest.fail(f"{reason} Avec CI=true ces tests ne sont jamais sautés.", pytrace=False)
        pytest.skip(reason)
    with tempfile.TemporaryFile() as log:
        service = ServiceProcess(log)
        try:
            service.wait_ready()
        except RuntimeError as error:
            log.seek(0)
            service.stop()
            pytest.fail(f"{error}\n{log.read().decode(errors='replace')[-3000:]}", pytrace=False)
        yield service.url
        service.stop()


@pytest.fixture
def service(settings, openfisca_url: str) -> str:
    settings.OPENFISCA_URL = openfisca_url
    settings.OPENFISCA_TIMEOUT = 60
    return openfisca_url
