from django.db import models


class Channel(models.TextChoices):
    WALK_IN = "walk_in", "Accueil au guichet"
    APPOINTMENT = "appointment", "Rendez-vous"
    PHONE = "phone", "Téléphone"
    REMOTE = "remote", "Courriel ou à distance"
    OUTREACH_STOP = "outreach_stop", "Permanence itinérante"
    HOME_VISIT = "home_visit", "Visite à domicile"
    STATION = "station", "Gare ou transport"
    PARTNER_PREMISES = "partner_premises", "Locaux d'un partenaire"


class HelpLevel(models.TextChoices):
    INFORMATION = "information", "Information"
    ORIENTATION = "orientation", "Orientation"
    ACCOMPANIMENT = "accompaniment", "Accompagnement (faire avec)"
    DONE_FOR = "done_for", "Faire à la place"


class Outcome(models.TextChoices):
    RESOLVED = "resolved", "Résolu sur place"
    FOLLOW_UP = "follow_up", "Suite à donner"
    REORIENTED = "reoriented", "Réorienté"
    ABANDONED = "abandoned", "Abandonné"


class Autonomy(models.TextChoices):
    UNKNOWN = "unknown", "Non renseigné"
    GUIDED = "guided", "Entièrement accompagné"
    PARTLY = "partly", "Partiellement autonome"
    AUTONOMOUS = "autonomous", "Autonome"


class ReferredBy(models.TextChoices):
    UNKNOWN = "unknown", "Non renseigné"
    WORD_OF_MOUTH = "word_of_mouth", "Bouche à oreille"
    PARTNER = "partner", "Un partenaire"
    STRUCTURE = "structure", "Une autre structure"
    SOCIAL_WORKER = "social_worker", "Travailleur social"
    TOWN_HALL = "town_hall", "Mairie"
    SIGNAGE = "signage", "Passage devant le lieu"
    INTERNET = "internet", "Internet"


class AgeBand(models.TextChoices):
    UNKNOWN = "unknown", "Non renseigné"
    UNDER_18 = "under_18", "Moins de 18 ans"
    FROM_18_TO_25 = "18_25", "18 à 25 ans"
    FROM_26_TO_39 = "26_39", "26 à 39 ans"
    FROM_40_TO_59 = "40_59", "40 à 59 ans"
    FROM_60_TO_74 = "60_74", "60 à 74 ans"
    OVER_75 = "75_plus", "75 ans et plus"


class Gender(models.TextChoices):
    UNKNOWN = "unknown", "Non renseigné"
    FEMALE = "female", "Femme"
    MALE = "male", "Homme"
    OTHER = "other", "Autre"


class SocialStatus(models.TextChoices):
    UNKNOWN = "unknown", "Non renseigné"
    EMPLOYED = "employed", "En emploi"
    JOBSEEKER = "jobseeker", "Demandeur d'emploi"
    RETIRED = "retired", "Retraité"
    STUDENT = "student", "Étudiant"
    MINIMUM_INCOME = "minimum_income", "Bénéficiaire de minima sociaux"
    OTHER = "other", "Autre situation"


class ConsentMethod(models.TextChoices):
    ORAL = "oral", "Oral, recueilli par le médiateur"
    WRITTEN = "written", "Écrit et signé"
    DIGITAL = "digital", "Formulaire numérique"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", "À faire"
    DONE = "done", "Fait"
    CANCELLED = "cancelled", "Annulé"
