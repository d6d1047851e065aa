"""`maillage import france-services FICHIER.csv --structure UUID_OU_SIRET` and
`maillage import lieux FICHIER [--structure UUID_OU_SIRET] [--dry-run]` (standard national, CSV ou JSON)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from maillage.exchange.management.import_lieux import run_import_lieux
from maillage.lib.identifiers import normalise_pivot
from maillage.network.models import Structure
from maillage.territory.france_services import ImportRefused, import_france_services
from maillage.territory.management.base import BAD_INPUT as REFUSED
from maillage.territory.management.base import FrenchCommand


def find_structure(value: str) -> Structure:
    lookup: dict[str, object]
    try:
        lookup = {"uuid": uuid.UUID(value)}
    except ValueError:
        lookup = {"pivot": normalise_pivot(value)}
    structure = Structure.objects.filter(**lookup).first()
    if structure is None:
        raise CommandError(
            f"Structure introuvable : « {value} ». Indiquez l'UUID ou le SIRET/RNA d'une structure "
            "existante, qui recevra les lieux importés (créez-la d'abord).",
            returncode=REFUSED,
        )
    return structure


class Command(FrenchCommand):
    help = (
        "Importer des lieux : « import france-services FICHIER.csv --structure UUID_OU_SIRET » ou "
        "« import lieux FICHIER [--structure UUID_OU_SIRET] [--dry-run] »."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="source", required=True)
        france_services = sub.add_parser(
            "france-services", help="Liste nationale des France Services (CSV, une ligne par France Services)."
        )
        france_services.add_argument("file", type=Path, help="Fichier CSV de la liste nationale.")
        france_services.add_argument(
            "--structure",
            required=True,
            help="UUID ou SIRET/RNA de la structure existante qui reçoit les lieux créés.",
        )

        lieux = sub.add_parser(
            "lieux", help="Lieux au standard national des lieux de médiation numérique (CSV ou JSON, v1.x ou v0)."
        )
        lieux.add_argument("file", type=Path, help="Fichier CSV ou JSON.")
        lieux.add_argument(
            "--structure",
            help="UUID ou SIRET/RNA de la structure qui reçoit tous les lieux (sinon : selon le SIRET de chaque lieu).",
        )
        lieux.add_argument("--dry-run", action="store_true", help="Afficher ce qui serait fait, sans rien enregistrer.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["source"] == "lieux":
            structure = find_structure(options["structure"]) if options["structure"] else None
            run_import_lieux(self, options["file"], structure=structure, dry_run=options["dry_run"])
            return
        structure = find_structure(options["structure"])
        try:
            report = import_france_services(options["file"], structure=structure)
        except ImportRefused as exc:
            raise CommandError(f"{exc} Aucun lieu n'a été importé.", returncode=REFUSED) from exc
        name = options["file"].name
        for rejection in report.rejected:
            self.stderr.write(f"{name}, {rejection}")
        if report.rejected and not report.imported:
            raise CommandError(f"Aucune ligne importée : {len(report.rejected)} ligne(s) rejetée(s).")
        self.stdout.write(report.summary())
