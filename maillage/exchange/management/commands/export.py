"""`maillage export data-inclusion --out DOSSIER [--url-base URL]`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from maillage.exchange import datainclusion
from maillage.territory.management.base import BAD_INPUT, FrenchCommand


class Command(FrenchCommand):
    help = "Exporter les lieux publiés : « export data-inclusion --out DOSSIER »."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        di = sub.add_parser(
            "data-inclusion",
            help="Structures et services au schéma data·inclusion v1 (structures.json et services.json).",
        )
        di.add_argument("--out", type=Path, required=True, help="Dossier où écrire les deux fichiers.")
        di.add_argument(
            "--url-base",
            default="",
            help="Adresse publique du site (ex. https://maillage.exemple.fr), pour le lien vers chaque lieu.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self._data_inclusion(options["out"], options["url_base"])

    def _data_inclusion(self, out: Path, url_base: str) -> None:
        if url_base and not url_base.startswith(("https://", "http://")):
            raise CommandError(
                f"--url-base « {url_base} » : une adresse en https:// est attendue.", returncode=BAD_INPUT
            )
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(
                f"Impossible de créer le dossier « {out} » : {exc.strerror}.", returncode=BAD_INPUT
            ) from exc
        places = list(datainclusion.published_places())
        export = datainclusion.build(places, base_url=url_base)
        for name, rows in (("structures.json", export.structures), ("services.json", export.services)):
            (out / name).write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        for line in export.left_out:
            self.stderr.write(f"Écarté — {line}")
        day = datainclusion.last_modified(places)
        dated = f", données à jour au {day:%d/%m/%Y}" if day else ""
        self.stdout.write(f"{export.summary()} Fichiers écrits dans {out} (licence : {datainclusion.LICENCE}{dated}).")
