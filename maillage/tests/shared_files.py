"""The national reference files of `../shared`: where they are, and what a test does without them.

A contributor outside this repository's CI may not have `../shared`: the tests that read it are
skipped with the reason. Under `CI=true` the same absence fails the test, so a broken CI set-up
never turns into silently skipped checks. `MAILLAGE_SHARED_DIR` points at another copy.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
TRUE_VALUES = {"1", "true", "yes", "on"}


def shared_dir() -> Path:
    return Path(os.environ.get("MAILLAGE_SHARED_DIR") or REPO_ROOT.parent / "shared")


def running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in TRUE_VALUES


def require_shared(*relative: str) -> Path:
    """Return the shared directory holding every `relative` path; skip the test otherwise (fail under CI)."""
    base = shared_dir()
    missing = [name for name in relative if not (base / name).exists()]
    if not missing:
        return base
    reason = (
        f"Fichiers de référence nationaux absents de {base} : {', '.join(missing)} "
        "(définissez MAILLAGE_SHARED_DIR pour un autre emplacement)."
    )
    if running_in_ci():
        pytest.fail(f"{reason} Avec CI=true ces tests ne sont jamais sautés.", pytrace=False)
    pytest.skip(reason)
