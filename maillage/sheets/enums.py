from django.db import models


class SheetStatus(models.TextChoices):
    DRAFT = "draft", "Brouillon"
    SUBMITTED = "submitted", "En relecture"
    PUBLISHED = "published", "Publiée"
    OBSOLETE = "obsolete", "Obsolète"
    ARCHIVED = "archived", "Archivée"


class SheetScope(models.TextChoices):
    NETWORK = "network", "Tout le réseau de ma structure"
    STRUCTURE = "structure", "Ma structure seulement"
