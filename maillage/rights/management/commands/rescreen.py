"""`maillage rescreen`: the nightly re-screening of rights, by hand (the task worker runs it every night)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from maillage.rights.rescreening import candidates, rescreen


class Command(BaseCommand):
    help = "Recalcule les droits des dossiers actifs dont la situation ou l'année de législation a changé."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Compte les dossiers à recalculer sans calculer.")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        if dry_run:
            self.stdout.write(f"Dossiers à recalculer : {len(candidates(timezone.now()))}")
            return
        report = rescreen()
        for line in report.lines():
            self.stdout.write(line)
        if report.unavailable:
            raise CommandError("Recalcul interrompu : le service de calcul est indisponible.")
