"""`maillage purge [--dry-run | --schedule]`: apply the retention of personal data now, or book the daily run."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from maillage.counter.retention import purge
from maillage.counter.tasks import schedule_purge


class Command(BaseCommand):
    help = "Supprime les dossiers personnes inactifs et les résultats de tâches anciens (durées de conservation)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Compter sans rien supprimer.")
        parser.add_argument(
            "--schedule", action="store_true", help="Programmer la purge quotidienne (tâche de fond, une seule fois)."
        )

    def handle(self, *args: Any, dry_run: bool, schedule: bool, **options: Any) -> None:
        if dry_run and schedule:
            raise CommandError("--dry-run et --schedule ne vont pas ensemble.")
        if schedule:
            if schedule_purge():
                self.stdout.write("Purge quotidienne programmée : le travailleur de tâches (db_worker) la lancera.")
            else:
                self.stdout.write("Une purge est déjà programmée : rien à faire.")
            return
        report = purge(timezone.now(), dry_run=dry_run)
        if dry_run:
            self.stdout.write("Simulation : rien n'a été supprimé.")
        for line in report.lines():
            self.stdout.write(line)
