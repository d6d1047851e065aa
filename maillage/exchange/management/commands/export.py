"""`maillage export lieux --format csv|json --out FICHIER [--structure ID | --network ID]` and
`maillage export data-inclusion --out DOSSIER [--url-base URL]`."""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.db.models import Q

from maillage.exchange.lieux_export import SCHEMA_VERSION
from maillage.exchange.lieux_files import FORMATS, PlacesFile
from maillage.lib.identifiers import normalise_pivot
from maillage.network.models import Network, Place, Structure
from maillage.territory.management.base import BAD_INPUT, FrenchCommand


def _by_uuid_or(value: str, other: Q) -> Q:
    try:
        return Q(uuid=uuid.UUID(value))
    except ValueError:
        return other


def find_structure(value: str) -> Structure:
    structure = Structure.objects.filter(_by_uuid_or(value, Q(pivot=normalise_pivot(value)))).first()
    if structure is None:
        raise CommandError(
            f"Structure introuvable : « {value} ». Indiquez l'UUID ou le SIRET/RNA d'une structure.",
            returncode=BAD_INPUT,
        )
    return structure


def find_network(value: str) -> Network:
    network = Network.objects.filter(_by_uuid_or(value, Q(name__iexact=value.strip()))).first()
    if network is None:
        raise CommandError(
            f"Réseau introuvable : « {value} ». Indiquez l'UUID ou le nom exact d'un réseau.", returncode=BAD_INPUT
        )
    return network


def count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number <= 1 else plural}"


def write_atomically(path: Path, chunks: Any) -> None:
    """Write the whole file next to its destination, then move it there: never a half-written file."""
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise CommandError(f"Dossier introuvable : « {directory} ».", returncode=BAD_INPUT)
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            for chunk in chunks:
                stream.write(chunk)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Command(FrenchCommand):
    help = (
        "Exporter des données : « export lieux --format csv|json --out FICHIER [--structure ID | --network ID] », "
        "« export data-inclusion --out DOSSIER »."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="dataset", required=True)
        places = sub.add_parser(
            "lieux", help=f"Lieux publiés au standard national des lieux de médiation numérique {SCHEMA_VERSION}."
        )
        places.add_argument("--format", choices=sorted(FORMATS), required=True, help="csv ou json.")
        places.add_argument("--out", type=Path, required=True, help="Fichier à écrire (remplacé s'il existe).")
        scope = places.add_mutually_exclusive_group()
        scope.add_argument("--structure", help="UUID ou SIRET/RNA : les lieux de cette structure seulement.")
        scope.add_argument("--network", help="UUID ou nom : les lieux des structures de ce réseau seulement.")
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
        if options["dataset"] == "data-inclusion":
            self._data_inclusion(options["out"], options["url_base"])
            return
        places = Place.objects.all()
        if options["structure"]:
            places = places.filter(structure=find_structure(options["structure"]))
        elif options["network"]:
            places = places.filter(structure__network=find_network(options["network"]))
        export = PlacesFile(places)
        write_atomically(options["out"], export.chunks(options["format"]))
        exported = count(export.exported, "lieu exporté", "lieux exportés")
        skipped = count(len(export.skipped), "lieu non exporté", "lieux non exportés")
        self.stdout.write(f"{exported} dans {options['out']}, {skipped}.")
        if export.skipped:
            self.stderr.write("Lieux non exportés, à compléter :")
            for item in export.skipped:
                self.stderr.write(f"- {item}")

    def _data_inclusion(self, out: Path, url_base: str) -> None:
        from maillage.exchange import datainclusion  # its data·inclusion schema (pydantic models) loads on use

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
            write_atomically(out / name, [json.dumps(rows, ensure_ascii=False, indent=1), "\n"])
        for line in export.left_out:
            self.stderr.write(f"Écarté — {line}")
        day = datainclusion.last_modified(places)
        dated = f", données à jour au {day:%d/%m/%Y}" if day else ""
        self.stdout.write(f"{export.summary()} Fichiers écrits dans {out} (licence : {datainclusion.LICENCE}{dated}).")
