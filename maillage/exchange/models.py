"""An uploaded file of places kept between its dry run and its confirmation (back-office import)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class PlaceImportQuerySet(models.QuerySet["PlaceImport"]):
    def pending_for(self, user: object) -> PlaceImportQuerySet:
        return self.filter(created_by=user, status=PlaceImport.Status.PENDING)


class PlaceImport(models.Model):
    """The bytes of the file live here, never on disk at a client-given path; only its uploader
    confirms it, once."""

    class Status(models.TextChoices):
        PENDING = "pending", "En attente de confirmation"
        DONE = "done", "Importé"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    structure = models.ForeignKey(
        "network.Structure", verbose_name="structure", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    file_name = models.CharField("fichier", max_length=200)
    data = models.BinaryField("contenu")
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PENDING)
    summary = models.TextField("bilan", blank=True)

    objects = PlaceImportQuerySet.as_manager()

    class Meta:
        verbose_name = "import de lieux"
        verbose_name_plural = "imports de lieux"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    def mark_done(self, summary: str) -> None:
        self.status, self.summary, self.data = self.Status.DONE, summary, b""
        self.save(update_fields=["status", "summary", "data"])
