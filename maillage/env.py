"""Typed readers for environment variables that fail loudly on bad values."""

from __future__ import annotations

import os
import sys
from typing import NoReturn


class ConfigurationError(RuntimeError):
    """Raised at start-up when an environment variable holds an unusable value."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name}={raw!r} : valeur booléenne attendue (true/false, 1/0, yes/no, on/off).")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigurationError(f"{name}={raw!r} : nombre entier attendu.") from None
    if minimum is not None and value < minimum:
        raise ConfigurationError(f"{name}={raw!r} : doit être supérieur ou égal à {minimum}.")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def exit_on_configuration_error(error: ConfigurationError) -> NoReturn:
    """Stop the process with the French message on one line of stderr: no traceback to read through."""
    message = " ".join(str(error).split())
    sys.stderr.write(f"Configuration invalide : {message}\n")
    raise SystemExit(2)
