"""`maillage rollup`: build the report roll-up and the networks' footprints now, instead of tonight."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from maillage.reports import rollup
from maillage.reports.models import FootprintYear, PersonFootprint


class Command(BaseCommand):
    help = (
        "Construit les agrégats mensuels des rapports et les empreintes annuelles des réseaux qui manquent "
        "ou ne sont plus à jour (la tâche de nuit fait de même)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--everything", action="store_true", help="Tout reconstruire, même ce qui est à jour.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        months = rollup.refresh(everything=options["everything"])
        self.stdout.write(
            f"{len(months)} mois agrégés en {time.perf_counter() - started:.0f} s ; empreintes à jour : "
            f"{FootprintYear.objects.count()} années de réseau, {PersonFootprint.objects.count()} lignes."
        )
