"""Reads of the reports, indicators, exports and territory pages from a PostgreSQL streaming replica.

`DATABASE_REPLICA_URL` adds the `replica` alias (settings.py). A view decorated with
`@reads_from_replica` (or code run inside `reading_from_replica()`, for a task) sends its reads to
it; every write, and every read elsewhere (the counter, logins, sessions, rate limits, the audit
log, the task queue), goes to the primary. Inside a transaction of the primary, reads stay on the
primary: a transaction reads its own writes, which the replica has not received yet. A replica
that cannot be reached is skipped for the request, with a warning in the log, rather than an
error page. The replica replays the primary's changes a little later (usually well under a
second): a page read from it may miss the last seconds of input (docs/adr/0018-read-replica.md).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

REPLICA = "replica"
# Never from the replica, even on a report page: rights, and state a request reads then writes.
PRIMARY_ONLY_APPS = frozenset(
    {
        "accounts",  # roles and memberships: a right just withdrawn is withdrawn at once
        "auth",
        "sessions",
        "django_cache",
        "axes",
        "auditlog",
        "account",
        "mfa",
        "socialaccount",
        "django_tasks_database",
    }
)

logger = logging.getLogger(__name__)


@dataclass
class _Reading:
    reachable: bool | None = None  # the replica, checked at the first routed read


_reading: ContextVar[_Reading | None] = ContextVar("maillage_replica_reading", default=None)


def configured() -> bool:
    return REPLICA in connections.settings


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Reads inside the block go to the replica when there is one (reachable, outside a transaction)."""
    token = _reading.set(_Reading())
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(view: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with reading_from_replica():
            return view(*args, **kwargs)

    return wrapper


def _reachable() -> bool:
    connection = connections[REPLICA]
    try:
        if connection.connection is not None and not connection.is_usable():
            connection.close()
        connection.ensure_connection()
    except DatabaseError as error:
        logger.warning("Réplique injoignable, lecture sur la base principale : %s", error)
        connection.close()
        return False
    return True


def _use_replica(model: Any) -> bool:
    reading = _reading.get()
    if reading is None or model._meta.app_label in PRIMARY_ONLY_APPS:
        return False
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return False
    if reading.reachable is None:
        reading.reachable = _reachable()
    return reading.reachable


class ReplicaRouter:
    """Without a replica, Django's own choice; with one, the replica only for `_use_replica` reads."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        if not configured():
            return None
        return REPLICA if _use_replica(model) else DEFAULT_DB_ALIAS

    def db_for_write(self, model: Any, **hints: Any) -> str | None:
        return DEFAULT_DB_ALIAS if configured() else None

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None
