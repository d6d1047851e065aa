"""An uploaded file of places kept between its dry run and its confirmation (back-office import)."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

PENDING_DAYS = 7  # an import left unconfirmed this long is deleted, with its file (exchange.tasks)


class PlaceImportQuerySet(models.QuerySet["PlaceImport"]):
    def pending_for(self, user: object) -> PlaceImportQuerySet:
        return self.filter(created_by=user, status=PlaceImport.Status.PENDING)

    def abandoned(self, now: dt.datetime) -> PlaceImportQuerySet:
        return self.filter(status=PlaceImport.Status.PENDING, created_at__lt=now - dt.timedelta(days=PENDING_DAYS))


def import_path(instance: PlaceImport, filename: str) -> str:
    # A random name in the default storage (MEDIA_ROOT or the S3 bucket): never a client-given path.
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"imports/{uuid.uuid4().hex}{suffix}"


class PlaceImport(models.Model):
    """The uploaded file lives in the default storage (every server reads it) under a random name;
    only its uploader confirms it, once, and the file is deleted then."""

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
    file = models.FileField("fichier déposé", upload_to=import_path, blank=True)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PENDING)
    summary = models.TextField("bilan", blank=True)

    objects = PlaceImportQuerySet.as_manager()

    class Meta:
        verbose_name = "import de lieux"
        verbose_name_plural = "imports de lieux"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name

    @classmethod
    def receive(cls, *, created_by: Any, structure: Any, file_name: str, data: bytes) -> PlaceImport:
        pending = cls(created_by=created_by, structure=structure, file_name=file_name)
        pending.file.save(file_name, ContentFile(data), save=False)
        pending.save()
        return pending

    def content(self) -> bytes:
        with self.file.open("rb") as handle:
            return bytes(handle.read())

    def mark_done(self, summary: str) -> None:
        self.file.delete(save=False)
        self.status, self.summary = self.Status.DONE, summary
        self.save(update_fields=["status", "summary", "file"])


@receiver(post_delete, sender=PlaceImport)
def _delete_file(instance: PlaceImport, **kwargs: Any) -> None:
    if instance.file:
        instance.file.delete(save=False)
