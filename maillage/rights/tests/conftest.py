"""Fixtures of the rights tests: our OpenFisca-France service, started once per test session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from maillage.rights.openfisca_process import OPENFISCA_PYTHON, running_service
from maillage.tests.shared_files import running_in_ci


def start_openfisca(port: int | None = None) -> Iterator[str]:
    """Skipped without `.venv-openfisca` (failing under CI=true); failing with the service's output."""
    if not OPENFISCA_PYTHON.exists():
        reason = f"Environnement OpenFisca absent ({OPENFISCA_PYTHON}) : lancez `make install`."
        if running_in_ci():
            pytest.fail(f"{reason} Avec CI=true ces tests ne sont jamais sautés.", pytrace=False)
        pytest.skip(reason)
    try:
        with running_service(port) as url:
            yield url
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def openfisca_url() -> Iterator[str]:
    yield from start_openfisca()


@pytest.fixture
def service(settings, openfisca_url: str) -> str:
    settings.OPENFISCA_URL = openfisca_url
    settings.OPENFISCA_TIMEOUT = 60
    return openfisca_url
