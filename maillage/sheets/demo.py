"""Demo practice sheets (`maillage demo`): written by the demo mediator of PIMMS Lyon, published by its
manager; one waits for review, one carries an "obsolète" report, one is past its review date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.accounts.models import Membership
from maillage.counter.models import Procedure
from maillage.network.demo import DEMO_DOMAIN
from maillage.sheets.enums import SheetScope
from maillage.sheets.models import PracticeSheet


@dataclass(frozen=True)
class DemoSheet:
    code: str
    title: str
    steps: str
    documents: str
    pitfalls: str
    links: str
    state: str = "published"  # or "submitted", "reported", "expired"
    scope: str = SheetScope.NETWORK


SHEETS = [
    DemoSheet(
        "caf_prime_activite",
        "Prime d'activité : simuler puis faire la demande en ligne",
        "Ouvrir caf.fr avec la personne et faire la simulation « Prime d'activité » (5 minutes).\n"
        "Si la simulation donne un droit, se connecter à « Mon Compte » (numéro allocataire ou FranceConnect).\n"
        "Choisir « Faire une demande de prestation » puis « Prime d'activité ».\n"
        "Saisir les ressources des trois derniers mois de chaque membre du foyer.\n"
        "Valider, télécharger le récapitulatif et noter la date de la prochaine déclaration trimestrielle.",
        "Numéro de sécurité sociale (et numéro allocataire s'il existe)\n"
        "Bulletins de salaire des trois derniers mois (ligne « montant net social »)\n"
        "Autres ressources des trois derniers mois (chômage, indemnités journalières, pensions)\n"
        "RIB au nom de la personne",
        "Déclarer le « montant net social » du bulletin, pas le net à payer.\n"
        "Sans déclaration trimestrielle, le versement s'arrête : proposer un rappel.\n"
        "Les revenus d'un enfant de plus de 18 ans qui vit au foyer comptent aussi.",
        "https://www.caf.fr Site de la CAF (simulateur et demande)\n"
        "https://www.service-public.fr/particuliers/vosdroits/F2882 Prime d'activité sur service-public.fr",
    ),
    DemoSheet(
        "ants_carte_identite",
        "Carte d'identité : pré-demande en ligne et rendez-vous en mairie",
        "Créer ou ouvrir le compte ANTS de la personne (ou passer par FranceConnect).\n"
        "Remplir la pré-demande de carte d'identité et noter son numéro (ou imprimer le QR code).\n"
        "Acheter le timbre fiscal en ligne si la carte a été perdue ou volée.\n"
        "Prendre rendez-vous dans une mairie équipée (pas forcément celle du domicile).\n"
        "Au rendez-vous : dépôt du dossier et prise d'empreintes ; retrait dans la même mairie.",
        "Numéro de pré-demande ou QR code\n"
        "Photo d'identité de moins de 6 mois, conforme aux normes\n"
        "Justificatif de domicile de moins d'un an\n"
        "Ancienne carte d'identité (renouvellement) ou déclaration de perte ou de vol\n"
        "Timbre fiscal de 25 € en cas de perte ou de vol",
        "Les photos faites à la maison sont souvent refusées : cabine agréée ou photographe.\n"
        "Les délais de rendez-vous varient beaucoup : regarder les mairies voisines.\n"
        "La carte est à retirer dans les trois mois, sinon elle est détruite.",
        "https://ants.gouv.fr Agence nationale des titres sécurisés (pré-demande)\n"
        "https://timbres.impots.gouv.fr Timbre fiscal électronique\n"
        "https://www.service-public.fr/particuliers/vosdroits/F1341 Carte d'identité d'un majeur",
    ),
    DemoSheet(
        "dgfip_declaration_revenus",
        "Déclaration de revenus en ligne sur impots.gouv.fr",
        "La personne se connecte elle-même à son espace particulier (numéro fiscal et mot de passe, "
        "ou FranceConnect).\n"
        "Première connexion : numéro fiscal, numéro d'accès en ligne et revenu fiscal de référence "
        "de l'avis d'impôt.\n"
        "Ouvrir « Déclarer mes revenus » et vérifier chaque montant prérempli avec les justificatifs.\n"
        "Ajouter ce qui manque : frais de garde, dons, emploi à domicile, pension alimentaire versée.\n"
        "Signer la déclaration et enregistrer l'accusé de réception.",
        "Dernier avis d'impôt (numéro fiscal, revenu fiscal de référence)\n"
        "Bulletin de salaire de décembre (cumul net imposable)\n"
        "Attestations de France Travail, de la caisse de retraite ou de la CPAM\n"
        "Justificatifs des frais de garde et des dons",
        "Ne jamais saisir ni noter le mot de passe de la personne ; pour faire à sa place, "
        "passer par un mandat (Aidants Connect).\n"
        "La date limite dépend du département : la vérifier avant le rendez-vous.\n"
        "Un mariage, un PACS ou une naissance se déclare aussi dans « Gérer mon prélèvement à la source ».",
        "https://www.impots.gouv.fr Espace particulier\n"
        "https://www.service-public.fr/particuliers/vosdroits/F358 Déclaration de revenus",
        scope=SheetScope.STRUCTURE,
    ),
    DemoSheet(
        "cpam_css",
        "Complémentaire santé solidaire : la demande sur ameli",
        "Se connecter au compte ameli de la personne.\n"
        "Ouvrir « Mes démarches » puis la demande de complémentaire santé solidaire.\n"
        "Déclarer les ressources des 12 derniers mois de chaque membre du foyer.\n"
        "Envoyer la demande et noter la réponse attendue (environ deux mois).",
        "Numéro de sécurité sociale de chaque membre du foyer\n"
        "Ressources des 12 derniers mois (salaires, allocations, pensions)\n"
        "Dernier avis d'impôt",
        "Les bénéficiaires du RSA l'obtiennent sans demande : vérifier d'abord sur ameli.",
        "https://www.ameli.fr Compte ameli",
        state="submitted",
    ),
    DemoSheet(
        "ft_actualisation",
        "Actualisation mensuelle France Travail",
        "Se connecter à l'espace personnel France Travail (identifiant et mot de passe, ou FranceConnect).\n"
        "Choisir « M'actualiser » entre le 28 du mois et le 15 du mois suivant.\n"
        "Répondre aux questions sur le mois écoulé (travail, formation, arrêt maladie).\n"
        "Déclarer les heures et les salaires de chaque employeur du mois.\n"
        "Enregistrer la confirmation d'actualisation.",
        "Bulletins de salaire du mois écoulé ou heures travaillées\nIdentifiant France Travail",
        "Une actualisation oubliée entraîne une radiation et l'arrêt des allocations.",
        "https://www.pole-emploi.fr Espace personnel",
        state="reported",
    ),
    DemoSheet(
        "edf_cheque_energie",
        "Chèque énergie : l'utiliser en ligne chez son fournisseur",
        "Vérifier que la personne a reçu son chèque énergie (envoyé au printemps).\n"
        "Ouvrir chequeenergie.gouv.fr et choisir « Utiliser mon chèque en ligne ».\n"
        "Saisir le numéro du chèque et le code, puis choisir le fournisseur.\n"
        "Cocher la pré-affectation pour les années suivantes.",
        "Le chèque énergie reçu par courrier\nUne facture récente du fournisseur (numéro de client)",
        "Un ménage qui a déménagé ne le reçoit pas toujours : le réclamer sur le site.",
        "https://chequeenergie.gouv.fr Site du chèque énergie",
        state="expired",
    ),
]
REPORT_REASON = "Le lien mène encore à pole-emploi.fr : le site s'appelle maintenant francetravail.fr."


@transaction.atomic
def build_sheets(*, today: dt.date | None = None) -> int:
    """Once: nothing is added when demo sheets exist. Returns the number of sheets added."""
    today = today or timezone.localdate()
    staff = {
        m.user.email.split("@")[0]: m
        for m in Membership.objects.filter(
            user__email__in=[
                f"{name}@{DEMO_DOMAIN}" for name in ("mediateur", "responsable", "mediateur.villeurbanne")
            ],
            role__in=[Role.MEDIATOR, Role.STRUCTURE_MANAGER],
        ).select_related("user", "structure")
    }
    if not {"mediateur", "responsable"} <= set(staff) or staff["mediateur"].structure is None:
        return 0
    author, manager = staff["mediateur"].user, staff["responsable"].user
    structure = staff["mediateur"].structure
    if PracticeSheet.objects.filter(structure=structure, title__in=[s.title for s in SHEETS]).exists():
        return 0
    procedures = {p.code: p for p in Procedure.objects.filter(code__in=[s.code for s in SHEETS])}
    reporter = staff["mediateur.villeurbanne"].user if "mediateur.villeurbanne" in staff else manager
    added = 0
    for demo in SHEETS:
        if demo.code in procedures:
            _add(demo, procedures[demo.code], structure, author, manager, reporter, today)
            added += 1
    return added


def _add(
    demo: DemoSheet, procedure: Procedure, structure: Any, author: Any, manager: Any, reporter: Any, today: dt.date
) -> None:
    sheet = PracticeSheet.objects.create(
        procedure=procedure,
        structure=structure,
        author=author,
        scope=demo.scope,
        title=demo.title,
        steps=demo.steps,
        documents=demo.documents,
        pitfalls=demo.pitfalls,
        links=demo.links,
        expires_on=today + dt.timedelta(days=300),
    )
    sheet.full_clean()
    sheet.submit(author)
    if demo.state == "submitted":
        return
    version = sheet.approve(manager, comment="Relue et validée.")
    if demo.state == "reported":
        sheet.report_obsolete(reporter, reason=REPORT_REASON)
    if demo.state == "expired":
        past = today - dt.timedelta(days=20)
        PracticeSheet.objects.filter(pk=sheet.pk).update(expires_on=past)
        type(version).objects.filter(pk=version.pk).update(expires_on=past)
