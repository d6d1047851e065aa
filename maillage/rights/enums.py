"""Vocabularies of followed rights: the rights, who pays each, the stages of a right's follow-up."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Right(models.TextChoices):
    RSA = "rsa", "RSA"
    PRIME_ACTIVITE = "prime_activite", "Prime d'activité"
    APL = "apl", "Aide personnelle au logement"
    CSS = "css", "Complémentaire santé solidaire"
    CHEQUE_ENERGIE = "cheque_energie", "Chèque énergie"
    ASPA = "aspa", "ASPA (minimum vieillesse)"
    AAH = "aah", "AAH"


class AmountPeriod(models.TextChoices):
    MONTHLY = "monthly", "par mois"
    YEARLY = "yearly", "par an"


@dataclass(frozen=True)
class Payer:
    """Who pays a right: its label, the `network.Partner` code when the partner exists there, the
    catalogue procedure (`counter.Procedure.code`, seeded by `counter/seed.py`) to open it, and the
    period its amounts are usually counted in."""

    label: str
    partner_code: str
    procedure_code: str
    period: str


PAYERS: dict[str, Payer] = {
    Right.RSA: Payer("CAF", "caf", "caf_rsa", AmountPeriod.MONTHLY),
    Right.PRIME_ACTIVITE: Payer("CAF", "caf", "caf_prime_activite", AmountPeriod.MONTHLY),
    Right.APL: Payer("CAF", "caf", "caf_aide_logement", AmountPeriod.MONTHLY),
    Right.CSS: Payer("CPAM", "cpam", "cpam_css", AmountPeriod.YEARLY),
    Right.CHEQUE_ENERGIE: Payer("ASP / État", "", "edf_cheque_energie", AmountPeriod.YEARLY),
    Right.ASPA: Payer("CARSAT / MSA", "cnav", "cnav_retraite", AmountPeriod.MONTHLY),
    Right.AAH: Payer("CAF", "caf", "", AmountPeriod.MONTHLY),
}


class Stage(models.TextChoices):
    IDENTIFIED = "identified", "Identifié"
    EXPLAINED = "explained", "Expliqué à la personne"
    FILED = "filed", "Dossier déposé"
    OPENED = "opened", "Ouvert"
    REFUSED = "refused", "Refusé"
    ABANDONED = "abandoned", "Abandonné"


OPEN_STAGES = {Stage.IDENTIFIED, Stage.EXPLAINED, Stage.FILED}
CLOSED_STAGES = {Stage.OPENED, Stage.REFUSED, Stage.ABANDONED}
# The decision (opened or refused) comes after a filed dossier; any open right may be abandoned.
TRANSITIONS: dict[str, set[str]] = {
    Stage.IDENTIFIED: {Stage.EXPLAINED, Stage.FILED, Stage.ABANDONED},
    Stage.EXPLAINED: {Stage.FILED, Stage.ABANDONED},
    Stage.FILED: {Stage.OPENED, Stage.REFUSED, Stage.ABANDONED},
}


class ScreeningOrigin(models.TextChoices):
    FORM = "form", "Calcul avec la personne"
    NIGHTLY = "nightly", "Recalcul de nuit"


class ScreeningStatus(models.TextChoices):
    COMPUTED = "computed", "Calculé"
    PENDING = "pending", "À calculer"  # saved while the service was down: the nightly run computes it
