"""CACHE_URL and STORAGE_URL: the database cache and MEDIA_ROOT by default, Redis and S3 when given,
a French refusal at start for anything else."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from maillage.env import ConfigurationError, env_cache, env_storage


def test_without_cache_url_every_process_shares_the_database_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CACHE_URL", raising=False)
    cache = env_cache("CACHE_URL")
    assert (cache["BACKEND"], cache["LOCATION"]) == (
        "django.core.cache.backends.db.DatabaseCache",
        "maillage_shared_cache",
    )


@pytest.mark.parametrize("url", ["redis://cache.interne:6379/1", "rediss://:secret@cache.interne:6380/0"])
def test_a_redis_url_selects_django_redis_cache(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("CACHE_URL", url)
    cache = env_cache("CACHE_URL")
    assert (cache["BACKEND"], cache["LOCATION"]) == ("django.core.cache.backends.redis.RedisCache", url)


@pytest.mark.parametrize("url", ["memcached://cache:11211", "redis://", "locmem://"])
def test_another_cache_url_is_refused_in_french(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("CACHE_URL", url)
    with pytest.raises(ConfigurationError, match="adresse de cache attendue sous la forme redis://"):
        env_cache("CACHE_URL")


def test_a_refused_cache_url_does_not_print_its_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CACHE_URL", "memcached://user:tres-secret@cache:11211")
    with pytest.raises(ConfigurationError) as error:
        env_cache("CACHE_URL")
    assert "tres-secret" not in str(error.value)


def test_without_storage_url_files_stay_in_media_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STORAGE_URL", raising=False)
    assert env_storage("STORAGE_URL") == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_an_s3_url_selects_a_private_bucket(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STORAGE_URL", "s3://maillage-fichiers?endpoint_url=https://s3.example.fr&region_name=fr-par")
    storage = env_storage("STORAGE_URL")
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] == {
        "bucket_name": "maillage-fichiers",
        "endpoint_url": "https://s3.example.fr",
        "region_name": "fr-par",
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
    }


@pytest.mark.parametrize(
    "url", ["/srv/fichiers", "s3://", "s3://compartiment/dossier", "s3://compartiment?acl=public-read", "gs://x"]
)
def test_another_storage_url_is_refused_in_french(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    monkeypatch.setenv("STORAGE_URL", url)
    with pytest.raises(ConfigurationError, match="stockage attendu sous la forme s3://"):
        env_storage("STORAGE_URL")


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("CACHE_URL", "memcached://cache:11211", "adresse de cache attendue"),
        ("STORAGE_URL", "ftp://fichiers", "stockage attendu"),
        ("SHARED_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache", "n'est plus lu"),
    ],
)
def test_the_server_refuses_to_start_with_an_unusable_cache_or_storage(name: str, value: str, message: str) -> None:
    env = {**os.environ, name: value}
    result = subprocess.run(
        [sys.executable, "-m", "maillage", "check"], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.startswith("Configuration invalide :")
    assert message in result.stderr
