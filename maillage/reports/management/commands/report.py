"""`maillage report`: write a report file for scheduled sending (cron, systemd timer)."""

from __future__ import annotations

import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.network.models import Partner
from maillage.reports.compute import build_report
from maillage.reports.exports import RENDERERS, render
from maillage.reports.period import PeriodError, parse_period
from maillage.reports.scope import KINDS, ScopeError, partner_scope, resolve_scope


class Command(BaseCommand):
    help = "Produit un rapport d'activité (CSV, XLSX, PDF ou JSON) pour un périmètre et une période."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scope", required=True, choices=sorted(KINDS), help="Périmètre du rapport.")
        parser.add_argument("--id", required=True, help="Identifiant (numéro ou UUID ; code INSEE du département).")
        parser.add_argument("--period", required=True, help="2025, 2025-Q3, 2025-07 ou 2025-01-01:2025-06-30.")
        parser.add_argument("--partner", help="Code du partenaire (ex. caf) : limite le rapport à ses démarches.")
        parser.add_argument("--format", required=True, choices=sorted(RENDERERS), dest="fmt")
        parser.add_argument("--out", required=True, help="Fichier à écrire (« - » pour la sortie standard).")
        parser.add_argument("--masked", action="store_true", help="Masque les effectifs de moins de 5 personnes.")
        parser.add_argument("--budget", help="Budget annuel à répartir entre partenaires (euros).")
        parser.add_argument("--key", default="requests", choices=["requests", "time"], help="Clé de répartition.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = parse_period(options["period"])
        except PeriodError as error:
            raise CommandError(str(error)) from None
        partner = None
        if options["partner"]:
            partner = Partner.objects.filter(code=options["partner"].strip().lower()).first()
            if partner is None:
                known = ", ".join(Partner.objects.order_by("code").values_list("code", flat=True)[:30])
                raise CommandError(f"Partenaire « {options['partner']} » inconnu. Codes connus : {known}.")
        try:
            if options["scope"] == "partner":
                found = Partner.objects.filter(code=options["id"]).first()
                if found is None:
                    raise ScopeError(f"Partenaire « {options['id']} » inconnu.")
                scope, partner = partner_scope(found, period), found
            else:
                scope = resolve_scope(options["scope"], options["id"])
        except ScopeError as error:
            raise CommandError(str(error)) from None
        budget = None
        if options["budget"]:
            try:
                budget = Decimal(options["budget"].replace(",", ".").replace(" ", ""))
            except InvalidOperation:
                raise CommandError(
                    f"Budget « {options['budget']} » illisible : un montant en euros est attendu."
                ) from None
            if budget < 0 or not budget.is_finite():
                raise CommandError("Le budget doit être un montant positif.")
        report = build_report(
            scope, period, partner=partner, masked=options["masked"], budget=budget, key=options["key"]
        )
        content = render(report, options["fmt"])
        if options["out"] == "-":
            sys.stdout.buffer.write(content)
            return
        target = Path(options["out"])
        if not target.parent.is_dir():
            raise CommandError(f"Le dossier {target.parent} n'existe pas.")
        temporary = target.with_name(target.name + ".partiel")
        temporary.write_bytes(content)
        temporary.replace(target)  # never a half-written file where the scheduler expects the report
        self.stderr.write(f"{report.title} : {report.totals.requests} demandes → {target}")
