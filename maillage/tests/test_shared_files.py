"""Without ../shared, the tests that read it are skipped with their reason, and fail under CI=true."""

from __future__ import annotations

from pathlib import Path

import pytest

from maillage.tests.shared_files import require_shared


@pytest.fixture
def absent_shared(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    missing = tmp_path / "absent"
    monkeypatch.setenv("MAILLAGE_SHARED_DIR", str(missing))
    monkeypatch.delenv("CI", raising=False)
    return missing


def test_missing_shared_files_skip_the_test_and_say_which(absent_shared: Path) -> None:
    with pytest.raises(pytest.skip.Exception, match=r"absents de .*absent : data/communes\.csv"):
        require_shared("data/communes.csv")


@pytest.mark.parametrize("ci", ["true", "1"])
def test_missing_shared_files_fail_under_ci(absent_shared: Path, monkeypatch: pytest.MonkeyPatch, ci: str) -> None:
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="CI=true ces tests ne sont jamais sautés"):
        require_shared("data/communes.csv")


def test_shared_data_fixture_skips_when_the_directory_is_absent(
    absent_shared: Path, request: pytest.FixtureRequest
) -> None:
    with pytest.raises(pytest.skip.Exception, match="Fichiers de référence nationaux absents"):
        request.getfixturevalue("shared_data")


def test_present_shared_files_are_found_where_the_variable_points(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "communes.csv").write_text("code,lat,lon,canton\n", encoding="utf-8")
    monkeypatch.setenv("MAILLAGE_SHARED_DIR", str(tmp_path))
    monkeypatch.setenv("CI", "true")
    assert require_shared("data/communes.csv") == tmp_path
