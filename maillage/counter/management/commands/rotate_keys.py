"""`maillage rotate_keys`: after putting a new key first in FIELD_ENCRYPTION_KEYS, re-encrypt everything with it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.counter.keys import BATCH_SIZE, rotate_all
from maillage.lib.crypto import DecryptionError


class Command(BaseCommand):
    help = "Rechiffre toutes les données chiffrées avec la première clé de FIELD_ENCRYPTION_KEYS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="Lignes par transaction.")

    def handle(self, *args: Any, batch_size: int, **options: Any) -> None:
        try:
            counts = rotate_all(batch_size=batch_size)
        except DecryptionError as exc:
            raise CommandError(
                f"{exc} Les lots déjà traités restent rechiffrés ; ajoutez l'ancienne clé à la liste puis relancez."
            ) from exc
        for label, rows in counts.items():
            self.stdout.write(f"{label} : {rows} ligne(s) rechiffrée(s)")
        self.stdout.write("Rotation terminée : les anciennes clés peuvent être retirées de FIELD_ENCRYPTION_KEYS.")
