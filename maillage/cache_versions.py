"""Values derived from editable rows, kept in the shared cache under a version every process sees.

With several application servers, a value cached in one process's memory stays stale after another
process changes the rows it was built from. Such a value lives in the `shared` cache instead, stored
with the version of `name` it was built under; saving or deleting one of its rows replaces that
version (at once, and again when the transaction commits, so that a process reading between the two
rebuilds from committed rows), and every process builds the value afresh on its next read. One
read fetches both the version and the entry (`get_many`: one query, or one Redis round trip).
Bulk `QuerySet.update()` sends no signal: the timeout of each entry bounds that case.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import BaseCache, caches
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

CACHE_ALIAS = "shared"
T = TypeVar("T")


def _cache() -> BaseCache:
    return caches[CACHE_ALIAS]


def _version_key(name: str) -> str:
    return f"version:{name}"


def version(name: str) -> str:
    """The current version of `name`, created when none is known (first use, or evicted)."""
    return _current(_cache(), name, _cache().get(_version_key(name)))


def _current(cache: BaseCache, name: str, value: Any) -> str:
    if value is None:
        value = uuid.uuid4().hex
        if not cache.add(_version_key(name), value, None):
            value = cache.get(_version_key(name))  # another process added its own first
    return str(value)


def bump(name: str) -> None:
    """Make every entry of `name` unreachable, for every process."""

    def replace() -> None:
        _cache().set(_version_key(name), uuid.uuid4().hex, None)

    replace()
    transaction.on_commit(replace)


def _read(name: str, parts: tuple[str, ...]) -> tuple[str, str, Any]:
    """(key, current version, stored value or None when missing or built under another version)."""
    cache = _cache()
    key = ":".join([name, *parts])
    found = cache.get_many([_version_key(name), key])
    current = _current(cache, name, found.get(_version_key(name)))
    entry = found.get(key)
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == current:
        return key, current, entry[1]
    return key, current, None


def peek(name: str, parts: tuple[str, ...] = ()) -> Any:
    """The value stored for the current version of `name`, or None: what another process would find."""
    return _read(name, parts)[2]


def cached(name: str, build: Callable[[], T], *, timeout: int, parts: tuple[str, ...] = ()) -> T:
    """The value of `name` (and `parts`) for the current version, built and stored on a miss."""
    key, current, value = _read(name, parts)
    if value is None:
        value = build()
        _cache().set(key, (current, value), timeout)
    return value


def bump_on_change(name: str, *senders: type[models.Model]) -> None:
    """Bump `name` whenever a row of one of `senders` is saved or deleted."""

    def receiver(**kwargs: Any) -> None:
        bump(name)

    for sender in senders:
        for signal in (post_save, post_delete):
            signal.connect(receiver, sender=sender, weak=False, dispatch_uid=f"bump:{name}:{sender.__name__}")
