"""`maillage import lieux FICHIER [--structure UUID_OU_SIRET] [--dry-run]`: the command's output in French."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from maillage.exchange.lieux_import import ImportRefused, import_lieux_file
from maillage.network.models import Structure
from maillage.territory.management.base import BAD_INPUT


def run_import_lieux(command: BaseCommand, path: Path, *, structure: Structure | None, dry_run: bool) -> None:
    try:
        report = import_lieux_file(path, structure=structure, dry_run=dry_run)
    except ImportRefused as exc:
        raise CommandError(f"{exc} Aucun lieu n'a été importé.", returncode=BAD_INPUT) from exc
    for warning in report.warnings:
        command.stdout.write(f"{path.name}, {warning} (avertissement)")
    for rejection in report.rejected:
        command.stderr.write(f"{path.name}, {rejection}")
    if report.rejected and not report.imported:
        raise CommandError(f"Aucun lieu importé : {len(report.rejected)} ligne(s) rejetée(s).")
    command.stdout.write(report.summary())
