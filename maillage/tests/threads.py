"""Database work of a test body on a thread of its own.

A browser test earlier in the same test process leaves Playwright's event loop registered on the main
thread, and Django then refuses every database call made there ("async context"). Tests that manage
committed data themselves (no `django_db` mark) run their body through `in_own_thread`."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections


def in_own_thread(body: Callable[[], None]) -> None:
    """Runs `body` on a new thread, closes that thread's connections, re-raises what it raised."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            body()
        except BaseException as exc:  # re-raised on the test's thread below
            errors.append(exc)
        finally:
            connections.close_all()

    runner = threading.Thread(target=run)
    runner.start()
    runner.join()
    if errors:
        raise errors[0]
