"""`maillage coverage`: population within reach of places, from CSV files (no database)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from maillage.territory.inputs import InputError, parse_radius, read_demand, read_places
from maillage.territory.management.base import BAD_INPUT, FrenchCommand


class FileCommand(FrenchCommand):
    """A command that reads files only: no system checks, French errors, exit code 2 on bad input."""

    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self.handle_files(**options)
        except InputError as exc:
            raise CommandError(str(exc), returncode=BAD_INPUT) from exc

    def handle_files(self, **options: Any) -> None:
        raise NotImplementedError


def format_number(value: int) -> str:
    return f"{value:,}".replace(",", "\N{NARROW NO-BREAK SPACE}")


def format_share(share: float) -> str:
    return f"{share * 100:.1f}".replace(".", ",") + "\N{NARROW NO-BREAK SPACE}%"


class Command(FileCommand):
    help = (
        "Couverture de la population : part des habitants à moins de R km (à vol d'oiseau) d'un lieu. "
        "Fichiers CSV avec en-tête : id,lat,lon (+ population pour la demande)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--places", type=Path, required=True, help="Lieux existants (peut être vide).")
        parser.add_argument("--demand", type=Path, required=True, help="Points de demande avec leur population.")
        parser.add_argument("--radius-km", required=True, help="Rayon de couverture en kilomètres (> 0).")
        parser.add_argument("--json", action="store_true", help="Résultat en JSON.")

    def handle_files(self, **options: Any) -> None:
        from maillage.territory.coverage import compute_coverage  # numpy: imported on use

        radius_km = parse_radius(options["radius_km"])
        demand = read_demand(options["demand"])
        places = read_places(options["places"])
        coverage = compute_coverage(demand, places, radius_km)
        uncovered = int((~coverage.covered).sum())
        if options["json"]:
            payload = {
                "population_total": coverage.population_total,
                "population_covered": coverage.population_covered,
                "share": coverage.share,
                "uncovered_count": uncovered,
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        covered, total = format_number(coverage.population_covered), format_number(coverage.population_total)
        self.stdout.write(
            f"{covered} habitants sur {total} ({format_share(coverage.share)}) ont un lieu "
            f"à moins de {radius_km:g} km à vol d'oiseau ({len(places)} lieux). "
            f"Points de demande sans lieu à portée : {format_number(uncovered)}."
        )
