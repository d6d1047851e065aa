"""Vocabularies of collective workshops and of the digital-skills check."""

from __future__ import annotations

from django.db import models


class Theme(models.TextChoices):
    FIRST_STEPS = "first_steps", "Premiers pas avec le numérique"
    SMARTPHONE = "smartphone", "Utiliser son smartphone"
    EMAIL = "email", "Courriel et pièces jointes"
    ONLINE_PROCEDURES = "online_procedures", "Démarches administratives en ligne"
    DIGITAL_IDENTITY = "digital_identity", "FranceConnect et identité numérique"
    SECURITY = "security", "Sécurité et arnaques en ligne"
    HEALTH = "health", "Santé en ligne (ameli, Mon espace santé)"
    JOB_SEARCH = "job_search", "Recherche d'emploi en ligne"
    OTHER = "other", "Autre thème"


class Level(models.TextChoices):
    """The three levels of the skills check, which are also the levels of workshops."""

    BEGINNER = "beginner", "Initiation"
    INTERMEDIATE = "intermediate", "Perfectionnement"
    AUTONOMOUS = "autonomous", "Autonomie"


class SessionLevel(models.TextChoices):
    BEGINNER = "beginner", "Initiation"
    INTERMEDIATE = "intermediate", "Perfectionnement"
    AUTONOMOUS = "autonomous", "Autonomie"
    ALL = "all", "Tous niveaux"


LEVEL_ORDER = {Level.BEGINNER: 0, Level.INTERMEDIATE: 1, Level.AUTONOMOUS: 2}


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", "Inscrit"
    ATTENDED = "attended", "Présent"
    ABSENT = "absent", "Absent"
    CANCELLED = "cancelled", "Inscription annulée"


HOLDING_SEAT = (RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED, RegistrationStatus.ABSENT)


class Answer(models.TextChoices):
    ALONE = "alone", "Fait seul"
    HELPED = "helped", "Fait avec aide"
    NOT_DONE = "not_done", "Pas fait"
