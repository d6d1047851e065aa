"""Pilotage storage: the monthly activity roll-up that makes yearly reports fast, and shared links.

The roll-up is a cache of `counter.Request`, never a source: any month can be rebuilt from the
requests, and a month is read from the roll-up only while it is marked fresh (see rollup.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

ALL_PARTNERS = 0  # partner_key of the rows that count every request, whatever its partner


class RollupCounts(models.Model):
    """The counts of a roll-up cell: one structure, one partner (or all), one value of one dimension."""

    structure_id = models.IntegerField()
    partner_key = models.IntegerField(help_text="0 = toutes les demandes ; sinon l'identifiant du partenaire.")
    dimension = models.CharField(max_length=20)
    value = models.CharField(max_length=60, blank=True)
    requests = models.PositiveIntegerField()
    minutes = models.PositiveBigIntegerField()
    resolved = models.PositiveIntegerField()
    anonymous_visits = models.PositiveIntegerField()

    class Meta:
        abstract = True


class ActivityRollup(RollupCounts):
    """Counts of one month of requests of one structure, for one value of one dimension."""

    month = models.DateField()

    class Meta:
        verbose_name = "agrégat mensuel d'activité"
        indexes = [models.Index(fields=["partner_key", "month", "structure_id"], name="rollup_read_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "structure_id", "partner_key", "dimension", "value"], name="rollup_one_row_per_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} — structure {self.structure_id} — {self.dimension}={self.value}"


class YearRollup(RollupCounts):
    """`ActivityRollup` summed over the twelve months of a calendar year: what a yearly report reads
    (one row per structure and value instead of twelve), used while `RollupYear` says it is current."""

    year = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = "agrégat annuel d'activité"
        indexes = [models.Index(fields=["partner_key", "year", "structure_id"], name="year_rollup_read_idx")]

    def __str__(self) -> str:
        return f"{self.year} — structure {self.structure_id} — {self.dimension}={self.value}"


class RollupYear(models.Model):
    """A year of `YearRollup`, built from these versions of its twelve months: current while they
    are all fresh at the same versions (a changed request bumps its month's version)."""

    year = models.PositiveSmallIntegerField(unique=True)
    versions = models.JSONField(help_text="Version de chaque mois agrégé lu (mois ISO -> version).")
    built_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "année agrégée"

    def __str__(self) -> str:
        return str(self.year)


KNOWN_RESIDENCE = ""  # residence_id of the rows that sum every known commune


class ResidenceRollup(models.Model):
    """Requests of one month of one structure, per partner and commune of residence: what the social
    value reads (socialvalue/figures.py), built and made stale with the month's `ActivityRollup`.
    Besides a row per commune, a row with `KNOWN_RESIDENCE` sums them: enough for the partners whose
    trips are not valued (the commune then does not matter). NULL: commune unknown."""

    month = models.DateField()
    structure_id = models.IntegerField()
    partner_id = models.IntegerField(null=True)
    residence_id = models.CharField(max_length=5, null=True)
    requests = models.PositiveIntegerField()

    class Meta:
        verbose_name = "agrégat mensuel par commune de résidence"
        indexes = [
            models.Index(
                fields=["residence_id", "month", "structure_id", "partner_id", "requests"], name="residence_sum_idx"
            ),
            models.Index(
                fields=["partner_id", "month", "structure_id", "residence_id", "requests"], name="residence_partner_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} — structure {self.structure_id} — {self.residence_id}"


class RollupMonth(models.Model):
    """State of one calendar month in the roll-up: built when, and stale since a request changed."""

    month = models.DateField(unique=True)
    built_at = models.DateTimeField(null=True, blank=True)
    stale = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=0, help_text="Augmente à chaque modification d'une demande du mois.")

    class Meta:
        verbose_name = "mois agrégé"

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} ({'à reconstruire' if self.stale else 'à jour'})"


class PersonFootprint(models.Model):
    """One person seen in a network during a year for one value of one dimension (among all requests,
    or one partner's), without saying who.

    `months` has bit k-1 set when the person was seen in month k. The distinct people of a value over
    whole months of the year are the rows whose `months` meet the period's bits (footprint.py); the
    person's identifier is not kept, so the table holds no personal data and needs no purge of its own.
    """

    network_id = models.IntegerField()
    year = models.PositiveSmallIntegerField()
    partner_key = models.IntegerField(help_text="0 = toutes les demandes ; sinon l'identifiant du partenaire.")
    dimension = models.CharField(max_length=20)
    value = models.CharField(max_length=60, blank=True)
    months = models.PositiveIntegerField()

    class Meta:
        verbose_name = "empreinte annuelle anonyme"
        indexes = [
            models.Index(
                fields=["network_id", "year", "partner_key", "dimension", "value", "months"], name="footprint_read_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} — réseau {self.network_id} — {self.dimension}={self.value}"


class FootprintYear(models.Model):
    """When a network's footprint of one year was built, from which structures and which month versions."""

    network_id = models.IntegerField()
    year = models.PositiveSmallIntegerField()
    structures = models.CharField(max_length=64, help_text="Empreinte de la liste des structures du réseau.")
    versions = models.JSONField(help_text="Version de chaque mois agrégé lu (mois ISO -> version).")
    built_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "année d'empreintes"
        constraints = [models.UniqueConstraint(fields=["network_id", "year"], name="footprint_one_per_year")]

    def __str__(self) -> str:
        return f"{self.year} — réseau {self.network_id}"


def default_link_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=30)


class ReportLinkQuerySet(models.QuerySet["ReportLink"]):
    def usable(self) -> ReportLinkQuerySet:
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ReportLink(models.Model):
    """A read-only link to one report (its parameters, not its figures: they are computed on each view)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    label = models.CharField("destinataire ou objet", max_length=200, blank=True)
    parameters = models.JSONField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField("expire le", default=default_link_expiry)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)
    views = models.PositiveIntegerField(default=0)

    objects = ReportLinkQuerySet.as_manager()

    class Meta:
        verbose_name = "lien de partage de rapport"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="report_link_expires_after_creation",
                violation_error_message="Le lien doit expirer après sa création.",
            )
        ]

    def __str__(self) -> str:
        return self.label or f"Lien {str(self.uuid)[:8]}"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def revoke(self) -> bool:
        if self.revoked_at is not None:
            return False
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
        return True


# Partner API: a partner viewer's tokens and the log of every call made with one (api.py).
TOKEN_PREFIX = "mlg"  # noqa: S105 - the public start of every token, not a secret
TOKEN_DAYS = (30, 90, 180, 365)  # the choices offered; 365 is the maximum
TOKEN_MAX_DAYS = max(TOKEN_DAYS)


def token_digest(plain: str) -> str:
    """What is stored of a token: its SHA-256 (the secret has 256 random bits, no salt is needed)."""
    return hashlib.sha256(plain.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def find(self, plain: str) -> ApiToken | None:
        """The token named by the public part of `plain` (`mlg_<key_id>_<secret>`), secret not checked."""
        prefix, _, rest = plain.partition("_")
        key_id, _, secret = rest.partition("_")
        if prefix != TOKEN_PREFIX or not key_id or not secret or len(key_id) > 16:
            return None
        return self.select_related("partner", "created_by").filter(key_id=key_id).first()


class ApiToken(models.Model):
    """A partner viewer's key to the API: shown once, stored as a digest, expiring, revocable."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField("nom", max_length=100)
    partner = models.ForeignKey(
        "network.Partner", verbose_name="partenaire", on_delete=models.CASCADE, related_name="api_tokens"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="créé par", on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_id = models.CharField(max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField("créé le", default=timezone.now)
    expires_at = models.DateTimeField("expire le")
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "jeton d'API partenaire"
        verbose_name_plural = "jetons d'API partenaires"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="api_token_expires_after_creation",
                violation_error_message="Le jeton doit expirer après sa création.",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def issue(cls, *, user: Any, partner: Any, name: str, days: int) -> tuple[ApiToken, str]:
        """Create a token and return it with its plain text, which is never stored nor shown again."""
        if not 1 <= days <= TOKEN_MAX_DAYS:
            raise ValueError(f"Durée de validité refusée : de 1 à {TOKEN_MAX_DAYS} jours.")
        key_id = secrets.token_hex(6)
        plain = f"{TOKEN_PREFIX}_{key_id}_{secrets.token_urlsafe(32)}"
        now = timezone.now()
        token = cls.objects.create(
            name=name,
            partner=partner,
            created_by=user,
            key_id=key_id,
            secret_hash=token_digest(plain),
            created_at=now,
            expires_at=now + dt.timedelta(days=days),
        )
        return token, plain

    def matches(self, plain: str) -> bool:
        return hmac.compare_digest(self.secret_hash, token_digest(plain))

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        return "active" if self.expires_at > timezone.now() else "expired"

    @property
    def is_usable(self) -> bool:
        return self.status == "active"

    def revoke(self) -> bool:
        if self.revoked_at is not None:
            return False
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])  # an audit line (audit.py)
        return True

    def mark_used(self, moment: dt.datetime) -> None:
        """Not audited: `update` writes no log line on each call (the calls have their own log)."""
        ApiToken.objects.filter(pk=self.pk).update(last_used_at=moment)


class ApiCall(models.Model):
    """One call of the partner API, answered or refused; kept API_CALL_RETENTION_DAYS days."""

    token = models.ForeignKey(ApiToken, on_delete=models.SET_NULL, null=True, blank=True, related_name="calls")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    status = models.PositiveSmallIntegerField()
    duration_ms = models.PositiveIntegerField()

    class Meta:
        verbose_name = "appel de l'API partenaire"
        verbose_name_plural = "appels de l'API partenaire"
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.method} {self.path} → {self.status}"


class ExportStatus(models.TextChoices):
    PENDING = "pending", "En attente"
    RUNNING = "running", "En préparation"
    DONE = "done", "Prêt"
    FAILED = "failed", "Échec"


class ExportJobQuerySet(models.QuerySet["ExportJob"]):
    def for_user(self, user: Any) -> ExportJobQuerySet:
        """A file is seen by the user who asked for it, nobody else (administrators included)."""
        return self.filter(created_by=user) if user.is_authenticated else self.none()


def _export_path(job: ExportJob, name: str) -> str:
    return f"exports/{job.uuid}/{name}"


class ExportJob(models.Model):
    """A large PDF or XLSX of a report, built by the task worker and kept a few days for its author.

    The parameters are those of the report form (codes and uuids); the report is computed again in
    the worker with the rights its author has then. The file goes through Django's storage API."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="demandé par", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField("demandé le", auto_now_add=True)
    parameters = models.JSONField("paramètres du rapport")
    format = models.CharField("format", max_length=4, choices=[("pdf", "PDF"), ("xlsx", "Tableur (XLSX)")])
    status = models.CharField("état", max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    percent = models.PositiveSmallIntegerField("avancement (%)", default=0)
    step = models.CharField("étape", max_length=200, blank=True)
    file = models.FileField("fichier", upload_to=_export_path, max_length=200, blank=True)
    filename = models.CharField("nom du fichier", max_length=200, blank=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        verbose_name = "export de rapport"
        verbose_name_plural = "exports de rapport"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__lte=100),
                name="exportjob_percent_range",
                violation_error_message="L'avancement est un pourcentage, de 0 à 100.",
            )
        ]

    def __str__(self) -> str:
        return f"Export {self.format.upper()} du {timezone.localtime(self.created_at):%d/%m/%Y %H:%M}"

    @property
    def is_finished(self) -> bool:
        return self.status in {ExportStatus.DONE, ExportStatus.FAILED}

    def advance(self, percent: int, step: str) -> None:
        self.status, self.percent, self.step = ExportStatus.RUNNING, percent, step
        self.save(update_fields=["status", "percent", "step"])

    def finish(self, content: bytes, filename: str) -> None:
        from django.core.files.base import ContentFile

        self.file.save(filename, ContentFile(content), save=False)
        self.status, self.percent, self.step = ExportStatus.DONE, 100, "Fichier prêt."
        self.filename, self.finished_at = filename, timezone.now()
        self.save(update_fields=["file", "status", "percent", "step", "filename", "finished_at"])

    def fail(self, message: str) -> None:
        self.status, self.step, self.finished_at = ExportStatus.FAILED, message, timezone.now()
        self.save(update_fields=["status", "step", "finished_at"])

    def purge(self) -> None:
        """Delete the file from the storage, then the job."""
        if self.file:
            self.file.delete(save=False)
        self.delete()
