from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from maillage.territory.cog import DEFAULT_CENTRES, GeoDataError, import_centres, load_cog
from maillage.territory.management.base import BAD_INPUT, FrenchCommand

DEFAULT_COG_DIR = "decoupage-administratif-6.0.0/package/data"


class Command(FrenchCommand):
    help = "Géographie de référence : « geo load » (COG) et « geo centres FICHIER.csv » (centres et cantons)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Charger régions, départements, EPCI et communes.")
        load.add_argument("--data-dir", type=Path, default=None, help="Dossier data/ du paquet npm.")
        centres = sub.add_parser("centres", help="Importer les centres des communes (code,lat,lon[,canton]).")
        centres.add_argument(
            "file",
            type=Path,
            nargs="?",
            default=DEFAULT_CENTRES,
            help="Fichier CSV ; par défaut, celui livré avec Maillage (La Poste, ODbL 1.0 ; INSEE, COG 2026).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "load":
                data_dir = options["data_dir"] or Path(settings.REFERENCE_DATA_DIR) / DEFAULT_COG_DIR
                report = load_cog(data_dir)
                self.stdout.write(
                    f"Géographie chargée : {report.regions} régions, {report.departements} départements, "
                    f"{report.epci} EPCI, {report.communes} communes, {report.postcodes} codes postaux."
                )
            else:
                self.centres(options["file"])
        except GeoDataError as exc:
            raise CommandError(f"{exc} Rien n'a été importé.", returncode=BAD_INPUT) from exc

    def centres(self, path: Path) -> None:
        result = import_centres(path)
        if result.rejected:
            for rejection in result.rejected:
                self.stderr.write(f"{path.name}, {rejection}")
            lines = len({rejection.line for rejection in result.rejected})
            raise CommandError(f"{lines} ligne(s) rejetée(s) : aucun centre n'a été importé.", returncode=BAD_INPUT)
        self.stdout.write(f"Centres importés : {result.updated} communes mises à jour.")
        if result.without_centre:
            self.stdout.write(f"{len(result.without_centre)} commune(s) sans coordonnées laissée(s) telles quelles.")
