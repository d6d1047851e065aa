from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.counter.demo import add_requests
from maillage.counter.models import Request
from maillage.network.demo import (
    ACCOUNTS,
    DEMO_DOMAIN,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    DemoError,
    build_demo,
)
from maillage.outreach.demo import build_outreach
from maillage.people.demo import build_people
from maillage.rights.demo import build_rights
from maillage.sheets.demo import build_sheets
from maillage.socialvalue.demo import build_social_value
from maillage.surveys.demo import build_surveys
from maillage.tickets.demo import build_tickets
from maillage.vouchers.demo import build_vouchers
from maillage.workshops.demo import build_workshops


class Command(BaseCommand):
    help = (
        "Crée (ou met à jour) le territoire de démonstration en Auvergne-Rhône-Alpes ; --requests N ajoute N demandes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--requests", type=int, default=0, help="Ajouter N demandes réalistes sur les 12 derniers mois."
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="N'ajouter les demandes que si aucune n'est encore enregistrée."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("Le jeu de démonstration est refusé en production (MAILLAGE_ENV=production).")
        try:
            counts = build_demo()
            surveys = build_surveys()
            rights = build_rights()
            workshops = build_workshops()
            vouchers = build_vouchers()
            tickets = build_tickets()
            if options["requests"] < 0:
                raise CommandError("--requests attend un nombre positif.")
            wanted = options["requests"]
            if options["if_empty"] and Request.objects.exists():
                wanted = 0
            added = add_requests(wanted) if wanted else 0
            outreach = build_outreach()  # after `--if-empty` looked: its requests are tagged, not the random ones
            social_value = build_social_value()
            people = build_people()
            sheets = build_sheets()
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Démonstration prête : {counts['structures']} structures, {counts['places']} lieux, "
            f"{counts['accounts']} comptes, {surveys} questionnaires de satisfaction."
        )
        if added:
            self.stdout.write(f"{added} demandes ajoutées sur les 12 derniers mois.")
        if rights:
            self.stdout.write(f"{rights} droits suivis ajoutés (accès aux droits), à toutes les étapes.")
        if workshops:
            self.stdout.write(f"{workshops} ateliers collectifs ajoutés, avec inscriptions et diagnostics numériques.")
        if vouchers:
            self.stdout.write(f"{vouchers} bons (pass numérique) émis, dont une partie utilisés et réclamés.")
        if outreach:
            self.stdout.write(
                f"{outreach} campagnes d'aller vers ajoutées, avec leurs contacts et les demandes notées."
            )
        if people:
            self.stdout.write(
                f"{people} profils de l'équipe remplis : parcours, affectations, compétences, formations."
            )
        if sheets:
            self.stdout.write(f"{sheets} fiches pratiques ajoutées (publiées, en relecture, signalée, à revoir).")
        if tickets:
            self.stdout.write(f"{tickets} tickets de file d'attente ajoutés ce matin dans deux lieux.")
        if social_value:
            self.stdout.write(
                f"Paramètres de valeur sociale (valeurs de démonstration) posés pour {social_value} réseaux."
            )
        self.stdout.write(f"Comptes de démonstration (mot de passe : {DEMO_PASSWORD}) :")
        for local, role, _scope, _partner in ACCOUNTS:
            self.stdout.write(f"  {local}@{DEMO_DOMAIN:<28} {role}")
        self.stdout.write(
            f"Code de second facteur (TOTP) des comptes responsable, coordination et admin : "
            f"secret {DEMO_TOTP_SECRET} à saisir dans une application d'authentification."
        )
