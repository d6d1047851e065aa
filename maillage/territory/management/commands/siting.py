"""`maillage siting`: where to open K new places to cover the most people (no database)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from maillage.territory.inputs import parse_radius, parse_site_count, read_demand, read_places
from maillage.territory.management.commands.coverage import FileCommand, format_number, format_share


class Command(FileCommand):
    help = (
        "Implantation : choisir K nouveaux sites parmi des candidats pour couvrir le plus d'habitants "
        "encore sans lieu à moins de R km. Donne aussi une borne supérieure prouvée et l'écart "
        "(gap, relatif à la population nouvellement couverte)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--places", type=Path, required=True, help="Lieux existants (peut être vide).")
        parser.add_argument("--demand", type=Path, required=True, help="Points de demande avec leur population.")
        parser.add_argument(
            "--candidates",
            type=Path,
            default=None,
            help="Sites candidats (par défaut : les points de demande encore non couverts).",
        )
        parser.add_argument("--radius-km", required=True, help="Rayon de couverture en kilomètres (> 0).")
        parser.add_argument("--add", required=True, help="Nombre K de sites à ajouter.")
        parser.add_argument(
            "--exact", action="store_true", help="Résolution exacte (programme linéaire en nombres entiers)."
        )
        parser.add_argument(
            "--time-limit", type=float, default=None, help="Limite de temps (s) de la résolution exacte."
        )
        parser.add_argument(
            "--lp-bound", action="store_true", help="Borne plus serrée par relaxation linéaire (plus lent)."
        )
        parser.add_argument("--json", action="store_true", help="Résultat en JSON.")

    def handle_files(self, **options: Any) -> None:
        # numpy, scipy and HiGHS: imported on use
        from maillage.territory.siting import build_problem, solve_exact, solve_fast, uncovered_centres

        radius_km = parse_radius(options["radius_km"])
        demand = read_demand(options["demand"])
        places = read_places(options["places"])
        if options["candidates"] is None:
            candidates = uncovered_centres(demand, places, radius_km)
            label = "la liste des points de demande non couverts"
        else:
            candidates = read_places(options["candidates"])
            label = str(options["candidates"])
        k = parse_site_count(options["add"], len(candidates), label)
        started = time.perf_counter()  # coverage sets and solve; reading the files is not counted
        problem = build_problem(demand, places, candidates, radius_km)
        if options["exact"]:
            result = solve_exact(problem, k, time_limit=options["time_limit"])
        else:
            result = solve_fast(problem, k, use_lp_bound=options["lp_bound"])
        seconds = time.perf_counter() - started
        if options["json"]:
            payload = {
                "chosen": list(result.chosen),
                "population_covered": result.population_covered,
                "upper_bound": result.upper_bound,
                "gap": result.gap,
                "seconds": seconds,
                "population_already_covered": result.already_covered,
                "proven_optimal": result.proven_optimal,
            }
            self.stdout.write(json.dumps(payload, ensure_ascii=False))
            return
        total = result.population_total
        share = format_share(result.population_covered / total if total else 0.0)
        proof = " (optimum prouvé)." if result.proven_optimal else "."
        lines = [
            f"Sites proposés ({len(result.chosen)}) : {', '.join(result.chosen) or 'aucun'}.",
            f"Population couverte : {format_number(result.population_covered)} habitants sur "
            f"{format_number(total)} ({share}), "
            f"dont {format_number(result.newly_covered)} nouvellement couverts.",
            f"Borne supérieure prouvée : {format_number(result.upper_bound)} ; "
            f"écart : {format_share(result.gap)}{proof}",
        ]
        if len(result.chosen) < k:
            lines.append(f"Seuls {len(result.chosen)} sites sur {k} apportent une couverture nouvelle.")
        self.stdout.write("\n".join(lines))
