"""Vocabularies of the walk-in queue: why a person comes, priority, the ticket's statuses."""

from __future__ import annotations

from django.db import models


class Reason(models.TextChoices):
    PROCEDURE = "procedure", "Démarche administrative"
    DOCUMENT = "document", "Dépôt ou copie de document"
    INFORMATION = "information", "Renseignement"
    DIGITAL = "digital", "Aide au numérique"
    LETTER = "letter", "Comprendre un courrier"
    APPOINTMENT = "appointment", "Rendez-vous prévu"
    OTHER = "other", "Autre"


class Priority(models.TextChoices):
    STANDARD = "standard", "Sans priorité"
    PREGNANCY = "pregnancy", "Prioritaire : grossesse"
    DISABILITY = "disability", "Prioritaire : handicap ou mobilité réduite"
    ELDERLY = "elderly", "Prioritaire : personne âgée"
    CHILD = "child", "Prioritaire : enfant en bas âge"
    URGENT = "urgent", "Prioritaire : situation urgente"


class Status(models.TextChoices):
    WAITING = "waiting", "En attente"
    CALLED = "called", "Appelé"
    IN_SERVICE = "in_service", "En cours"
    SERVED = "served", "Reçu"
    NO_SHOW = "no_show", "Absent à l'appel"
    REDIRECTED = "redirected", "Réorienté"
    CANCELLED = "cancelled", "Annulé"


class RedirectKind(models.TextChoices):
    PARTNER = "partner", "Vers un autre partenaire"
    APPOINTMENT = "appointment", "Vers un rendez-vous"


class RedirectReason(models.TextChoices):
    MISSING_DOCUMENT = "missing_document", "Il manque un document"
    NEEDS_APPOINTMENT = "needs_appointment", "Demande à traiter sur rendez-vous"
    OTHER_PARTNER = "other_partner", "Demande relevant d'un autre partenaire"
    TOO_LONG = "too_long", "Attente trop longue aujourd'hui"
    OTHER = "other", "Autre motif"


OPEN_STATUSES = {Status.WAITING, Status.CALLED, Status.IN_SERVICE}
# Who may move to a status, from which statuses (checked in the database by a conditional UPDATE).
SOURCES: dict[str, set[str]] = {
    Status.CALLED: {Status.WAITING},
    Status.IN_SERVICE: {Status.CALLED},
    Status.SERVED: {Status.CALLED, Status.IN_SERVICE},
    Status.NO_SHOW: {Status.CALLED},
    Status.REDIRECTED: {Status.WAITING, Status.CALLED},
    Status.CANCELLED: {Status.WAITING},
}
