"""Vocabularies of mediators' profiles: skill domains and levels, habilitations, proposal states."""

from __future__ import annotations

from django.db import models

from maillage.network.enums import ProcedureDomain


class SkillDomain(models.TextChoices):
    DIGITAL_IDENTITY = "digital_identity", "Identité numérique"
    PAPERS = "papers", "Papiers d'identité, titres"
    HEALTH = "health", "Santé"
    FAMILY = "family", "Famille, prestations sociales"
    TAX = "tax", "Impôts"
    EMPLOYMENT = "employment", "Emploi"
    RETIREMENT = "retirement", "Retraite"
    HOUSING = "housing", "Logement"
    ENERGY = "energy", "Énergie"
    TRANSPORT = "transport", "Transports, mobilité"
    FOREIGNERS = "foreigners", "Droit des étrangers"
    JUSTICE = "justice", "Justice"


# The request domains (`network.ProcedureDomain`) a skill domain covers: a skill of this domain counts
# as present for a partner whose own domains meet these (see `figures.covers`).
COVERED_DOMAINS: dict[str, set[str]] = {
    SkillDomain.DIGITAL_IDENTITY: {ProcedureDomain.PAPERS_CITIZENSHIP},
    SkillDomain.PAPERS: {ProcedureDomain.PAPERS_CITIZENSHIP},
    SkillDomain.HEALTH: {ProcedureDomain.SOCIAL_HEALTH},
    SkillDomain.FAMILY: {ProcedureDomain.FAMILY_SCHOOL, ProcedureDomain.SOCIAL_HEALTH},
    SkillDomain.TAX: {ProcedureDomain.MONEY_TAX},
    SkillDomain.EMPLOYMENT: {ProcedureDomain.WORK_TRAINING},
    SkillDomain.RETIREMENT: {ProcedureDomain.SOCIAL_HEALTH},
    SkillDomain.HOUSING: {ProcedureDomain.HOUSING},
    SkillDomain.ENERGY: {ProcedureDomain.HOUSING, ProcedureDomain.MONEY_TAX},
    SkillDomain.TRANSPORT: {ProcedureDomain.TRANSPORT},
    SkillDomain.FOREIGNERS: {ProcedureDomain.FOREIGNERS_EUROPE},
    SkillDomain.JUSTICE: {ProcedureDomain.JUSTICE},
}


class SkillLevel(models.TextChoices):
    BEGINNER = "beginner", "Débutant"
    CONFIRMED = "confirmed", "Confirmé"
    REFERENT = "referent", "Référent"


class HabilitationKind(models.TextChoices):
    AIDANTS_CONNECT = "aidants_connect", "Aidants Connect"
    PIX = "pix", "Pix (certification)"
    OTHER = "other", "Autre"


class LanguageLevel(models.TextChoices):
    BASIC = "basic", "Notions"
    FLUENT = "fluent", "Courant"
    NATIVE = "native", "Langue maternelle"


class ProposalKind(models.TextChoices):
    """What a mediator may propose to add to their own profile (periods and assignments: the manager)."""

    SKILL = "skill", "Compétence"
    TRAINING = "training", "Formation"
    HABILITATION = "habilitation", "Habilitation"
    LANGUAGE = "language", "Langue"


class ProposalAction(models.TextChoices):
    """A new entry, a change of one of the person's entries, or its removal."""

    ADD = "add", "Ajout"
    CHANGE = "change", "Modification"
    REMOVE = "remove", "Suppression"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "En attente"
    ACCEPTED = "accepted", "Acceptée"
    REFUSED = "refused", "Refusée"


class SpokenLanguage(models.TextChoices):
    """A short list of ISO 639-1 codes, the languages most asked for at French counters."""

    EN = "en", "Anglais"
    AR = "ar", "Arabe"
    DE = "de", "Allemand"
    ES = "es", "Espagnol"
    FA = "fa", "Persan"
    IT = "it", "Italien"
    PS = "ps", "Pachto"
    PT = "pt", "Portugais"
    RO = "ro", "Roumain"
    RU = "ru", "Russe"
    SQ = "sq", "Albanais"
    TR = "tr", "Turc"
    UK = "uk", "Ukrainien"
    WO = "wo", "Wolof"
    ZH = "zh", "Chinois"
