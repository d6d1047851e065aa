"""Without redis-server or moto_server, their tests are skipped with the reason, and fail under CI=true."""

from __future__ import annotations

import pytest

from maillage.tests.local_services import require_program


def test_a_missing_server_program_skips_with_its_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="« serveur-absent » absent \\(paquet Debian serveur-absent\\)"):
        require_program("serveur-absent", "paquet Debian serveur-absent")


def test_a_missing_server_program_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true ces tests ne sont jamais sautés"):
        require_program("serveur-absent", "paquet Debian serveur-absent")


def test_an_installed_program_is_found() -> None:
    assert require_program("python", "l'interpréteur").endswith("python")
