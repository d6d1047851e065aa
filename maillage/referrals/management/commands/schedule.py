"""`maillage schedule --base-url URL`: book the daily background tasks once (each then books its next run)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from maillage.counter.tasks import purge_personal_data
from maillage.exchange.tasks import imports_daily
from maillage.network.tasks import places_freshness_daily
from maillage.referrals.tasks import referrals_daily
from maillage.reports.tasks import rollup_daily
from maillage.rights.tasks import rescreen_nightly, rights_daily
from maillage.scheduling import schedule_once
from maillage.surveys.tasks import surveys_daily
from maillage.territory.tasks import territory_daily
from maillage.tickets.tasks import tickets_nightly


class Command(BaseCommand):
    help = (
        "Programme les tâches quotidiennes : purge, orientations, fraîcheur des lieux, agrégats des rapports, "
        "empreintes des réponses aux questionnaires, calculs d'implantation anciens."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base-url", required=True, help="Adresse publique du site, pour les liens des courriels.")

    def handle(self, *args: Any, base_url: str, **options: Any) -> None:
        for label, task, task_args in [
            ("purge des données personnelles", purge_personal_data, ()),
            ("rappels et expiration des orientations", referrals_daily, (base_url,)),
            ("rappels des droits à suivre", rights_daily, (base_url,)),
            ("recalcul de nuit des droits", rescreen_nightly, ()),
            ("rappels de confirmation des lieux", places_freshness_daily, (base_url,)),
            ("agrégats mensuels des rapports", rollup_daily, ()),
            ("effacement des empreintes des réponses aux questionnaires", surveys_daily, ()),
            ("nettoyage des calculs d'implantation", territory_daily, ()),
            ("clôture des files d'attente des jours passés", tickets_nightly, ()),
            ("suppression des imports de lieux non confirmés", imports_daily, ()),
        ]:
            booked = schedule_once(task, *task_args)
            self.stdout.write(f"{label} : {'programmée' if booked else 'déjà programmée'}")
