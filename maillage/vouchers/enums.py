"""Vocabularies of vouchers: a voucher's life, what it was redeemed against, a claim's life, targets."""

from django.db import models


class VoucherStatus(models.TextChoices):
    ISSUED = "issued", "Émis"
    REDEEMED = "redeemed", "Utilisé"
    PAID = "paid", "Remboursé"
    CANCELLED = "cancelled", "Annulé"
    EXPIRED = "expired", "Expiré"


class RedemptionKind(models.TextChoices):
    REQUEST = "request", "Accompagnement au guichet"
    WORKSHOP = "workshop", "Atelier collectif"


class ClaimStatus(models.TextChoices):
    DRAFTED = "drafted", "Brouillon"
    SENT = "sent", "Envoyée"
    PAID = "paid", "Payée"


class Target(models.TextChoices):
    EVERYONE = "everyone", "Tout public"
    YOUTH = "youth", "Jeunes (16-25 ans)"
    SENIORS = "seniors", "Personnes de 60 ans et plus"
    JOBSEEKERS = "jobseekers", "Personnes en recherche d'emploi"
    MINIMA = "minima", "Allocataires de minima sociaux"
    OTHER = "other", "Autre public (précisé)"


CLAIM_TRANSITIONS: dict[str, set[str]] = {
    ClaimStatus.DRAFTED: {ClaimStatus.SENT, ClaimStatus.PAID},
    ClaimStatus.SENT: {ClaimStatus.PAID},
}
