"""`maillage export lieux --format csv|json --out FICHIER [--structure ID | --network ID]`."""

from __future__ import annotations

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
    help = "Exporter des données : « export lieux --format csv|json --out FICHIER [--structure ID | --network ID] »."

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

    def handle(self, *args: Any, **options: Any) -> None:
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
