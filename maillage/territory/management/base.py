"""What the territory commands share: errors printed as one French line, with their exit code."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

# Exit code when nothing was done because an input (file, option, reference) is unusable.
BAD_INPUT = 2


class FrenchCommand(BaseCommand):
    """On the command line, a CommandError is printed as "Erreur : ...", not Django's English
    "CommandError: ..." prefix, and the process exits with the error's code."""

    def execute(self, *args: Any, **options: Any) -> str | None:
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            if not getattr(self, "_called_from_command_line", False):
                raise
            self.stderr.write(f"Erreur : {exc}")
            sys.exit(exc.returncode)
