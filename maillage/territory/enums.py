"""Vocabularies of the territory app: ASCII English codes, French labels."""

from django.db import models


class DistanceUnit(models.TextChoices):
    KM = "km", "kilomètres (à vol d'oiseau)"
    MINUTES = "min", "minutes (temps de trajet estimé)"


class SitingStatus(models.TextChoices):
    PENDING = "pending", "En attente"
    RUNNING = "running", "En cours"
    DONE = "done", "Terminé"
    FAILED = "failed", "Échec"


class CommuneAliasKind(models.TextChoices):
    DELEGATED = "delegated", "commune déléguée"
    ASSOCIATED = "associated", "commune associée"
    MUNICIPAL_DISTRICT = "district", "arrondissement municipal"
