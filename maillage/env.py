"""Typed readers for environment variables that fail loudly on bad values."""

from __future__ import annotations

import os
import sys
from typing import Any, NoReturn
from urllib.parse import parse_qsl, urlsplit


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


DATABASE_CACHE = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "maillage_shared_cache"}
REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"
S3_OPTIONS = {"endpoint_url", "region_name", "location", "addressing_style", "signature_version"}


def env_cache(name: str) -> dict[str, Any]:
    """The one cache of every server process: Django's database cache table when `name` is unset,
    Redis for `redis://host:port/db` (or `rediss://` over TLS)."""
    url = os.environ.get(name, "").strip()
    common = {"TIMEOUT": 3600}
    if not url:
        return {**DATABASE_CACHE, **common, "OPTIONS": {"MAX_ENTRIES": 100_000}}
    parts = urlsplit(url)
    if parts.scheme in {"redis", "rediss"} and parts.hostname:
        return {"BACKEND": REDIS_CACHE, "LOCATION": url, **common}
    raise ConfigurationError(
        f"{name}={_without_password(url)!r} : adresse de cache attendue sous la forme redis://hôte:port/base "
        "(ou rediss:// chiffré) ; sans valeur, le cache est la table de la base de données."
    )


def env_storage(name: str) -> dict[str, Any]:
    """Where uploaded and generated files live: MEDIA_ROOT when `name` is unset, else an S3-compatible
    bucket, `s3://bucket?endpoint_url=https://…&region_name=…&location=prefix` (keys from
    AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, read by boto3 itself)."""
    url = os.environ.get(name, "").strip()
    if not url:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    unknown = sorted(set(query) - S3_OPTIONS)
    if parts.scheme != "s3" or not parts.hostname or parts.netloc != parts.hostname or parts.path.strip("/") or unknown:
        detail = f" (options inconnues : {', '.join(unknown)})" if unknown else ""
        raise ConfigurationError(
            f"{name}={_without_password(url)!r} : stockage attendu sous la forme s3://compartiment?endpoint_url=https://…"
            f"{detail} ; sans valeur, les fichiers restent dans le dossier MEDIA_ROOT."
        )
    options: dict[str, Any] = {
        "bucket_name": parts.netloc,
        "default_acl": None,  # the bucket's policy: private; downloads go through our views
        "file_overwrite": False,
        "querystring_auth": True,
        **query,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


def exit_on_configuration_error(error: ConfigurationError) -> NoReturn:
    """Stop the process with the French message on one line of stderr: no traceback to read through."""
    message = " ".join(str(error).split())
    sys.stderr.write(f"Configuration invalide : {message}\n")
    raise SystemExit(2)
