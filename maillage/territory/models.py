"""Reference geography (COG): régions, départements, EPCI, communes and their postcodes; siting runs."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models

from maillage.lib.text import normalise_name
from maillage.territory.enums import CommuneAliasKind, DistanceUnit, SitingStatus


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)

    class Meta:
        verbose_name = "région"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Departement(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements")

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Epci(models.Model):
    code = models.CharField("SIREN", max_length=9, primary_key=True)
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=10, blank=True)
    population = models.PositiveIntegerField("population", default=0)

    class Meta:
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CommuneQuerySet(models.QuerySet["Commune"]):
    def located(self) -> CommuneQuerySet:
        return self.filter(lat__isnull=False, lon__isnull=False)

    def matching(self, text: str) -> CommuneQuerySet:
        """Communes whose postcode or INSEE code is `text`, or whose name starts with it.

        Names are compared without accents, case or punctuation ("st etienne" finds Saint-Étienne
        only through "saint etienne"; abbreviations are not expanded). The code or name of a former
        commune (déléguée, associée) or of a municipal district finds the commune that holds it today.
        """
        text = text.strip()
        if len(text) == 5 and (text.isdigit() or text[:2] in {"2A", "2B"}):
            by_postcode = self.filter(postcodes__code=text).distinct()
            if by_postcode.exists():
                return by_postcode
            code = text.upper()
            former = CommuneAlias.objects.filter(code=code).values("commune_id")
            return self.filter(models.Q(code=code) | models.Q(code__in=former))  # no join: index lookups
        key = normalise_name(text)
        if not key:
            return self.none()
        former = CommuneAlias.objects.filter(search_name__startswith=key).values("commune_id")
        return self.filter(models.Q(search_name__startswith=key) | models.Q(code__in=former))

    def resolve_code(self, code: str) -> Commune | None:
        """The current commune for an INSEE code, following former communes and municipal districts."""
        code = (code or "").strip().upper()
        if not code:
            return None
        return self.filter(models.Q(code=code) | models.Q(aliases__code=code)).distinct().first()

    def current_codes(self, codes: Iterable[str]) -> dict[str, str]:
        """Map each known code (current or former) to the current commune's code; unknown codes are left out."""
        wanted = {code.strip().upper() for code in codes if code and code.strip()}
        found = {code: code for code in self.filter(code__in=wanted).values_list("code", flat=True)}
        for alias, current in CommuneAlias.objects.filter(code__in=wanted - set(found)).values_list(
            "code", "commune_id"
        ):
            found[alias] = current
        return found


class Commune(models.Model):
    code = models.CharField("code INSEE", max_length=5, primary_key=True)
    name = models.CharField("nom", max_length=200)
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
    epci = models.ForeignKey(Epci, on_delete=models.SET_NULL, null=True, blank=True, related_name="communes")
    population = models.PositiveIntegerField("population", default=0)
    canton = models.CharField("code canton", max_length=5, blank=True)
    lat = models.FloatField("latitude du centre", null=True, blank=True)
    lon = models.FloatField("longitude du centre", null=True, blank=True)

    objects = CommuneQuerySet.as_manager()

    class Meta:
        verbose_name = "commune"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(lat__isnull=True) & models.Q(lon__isnull=True))
                | (models.Q(lat__gte=-90, lat__lte=90) & models.Q(lon__gte=-180, lon__lte=180)),
                name="commune_centre_valid",
                violation_error_message="Le centre de la commune doit avoir une latitude et une longitude valides.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.departement_id})"

    def save(self, *args, **kwargs) -> None:
        self.search_name = normalise_name(self.name)
        super().save(*args, **kwargs)

    @property
    def has_centre(self) -> bool:
        return self.lat is not None and self.lon is not None


class CommuneAlias(models.Model):
    """A code that is no longer a commune of its own: a commune déléguée or associée (merged into a
    commune nouvelle) or a municipal district (Paris, Lyon, Marseille), and the commune holding it."""

    code = models.CharField("code INSEE", max_length=5, primary_key=True)
    name = models.CharField("nom", max_length=200)
    search_name = models.CharField(max_length=200, db_index=True, editable=False)
    kind = models.CharField("type", max_length=20, choices=CommuneAliasKind.choices)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name = "ancienne commune ou arrondissement"
        verbose_name_plural = "anciennes communes et arrondissements"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code}) → {self.commune_id}"


class PostalCode(models.Model):
    code = models.CharField("code postal", max_length=5, db_index=True)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="postcodes")

    class Meta:
        verbose_name = "code postal"
        constraints = [models.UniqueConstraint(fields=["code", "commune"], name="postalcode_unique")]

    def __str__(self) -> str:
        return self.code


class SitingRunQuerySet(models.QuerySet["SitingRun"]):
    def for_user(self, user: Any) -> SitingRunQuerySet:
        """Administrators see every run, other users the runs they started."""
        if not user.is_authenticated:
            return self.none()
        return self if user.is_administrator else self.filter(created_by=user)

    def interrupt_started_before(self, moment: Any, message: str) -> int:
        """Mark the runs still waiting or running since before `moment` as failed, with `message`."""
        unfinished = self.filter(status__in=[SitingStatus.PENDING, SitingStatus.RUNNING], created_at__lt=moment)
        return unfinished.update(status=SitingStatus.FAILED, progress=message)


class SitingRun(models.Model):
    """One "where to open K new places" computation, run by a background task.

    The parameters are codes and numbers only; the result is a small JSON document (the proposed
    communes, the population gained, the proven upper bound and the gap).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="lancé par", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField("lancé le", auto_now_add=True)
    departement = models.ForeignKey(Departement, verbose_name="département", on_delete=models.PROTECT, related_name="+")
    network = models.ForeignKey(
        "network.Network", verbose_name="réseau", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    service = models.CharField("service", max_length=40, blank=True)
    partner = models.CharField("partenaire (code)", max_length=40, blank=True)
    distance = models.FloatField("distance")
    unit = models.CharField("unité", max_length=3, choices=DistanceUnit.choices, default=DistanceUnit.KM)
    sites = models.PositiveSmallIntegerField("nombre de sites à proposer")
    status = models.CharField("état", max_length=10, choices=SitingStatus.choices, default=SitingStatus.PENDING)
    progress = models.CharField("avancement", max_length=200, blank=True)
    result = models.JSONField("résultat", null=True, blank=True)

    objects = SitingRunQuerySet.as_manager()

    class Meta:
        verbose_name = "calcul d'implantation"
        verbose_name_plural = "calculs d'implantation"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sites__gte=1, sites__lte=50),
                name="sitingrun_sites_range",
                violation_error_message="Le nombre de sites doit être compris entre 1 et 50.",
            ),
            models.CheckConstraint(
                condition=models.Q(distance__gt=0),
                name="sitingrun_distance_positive",
                violation_error_message="La distance doit être positive.",
            ),
        ]

    def __str__(self) -> str:
        return f"Implantation de {self.sites} site(s) — {self.departement_id}"

    @property
    def is_finished(self) -> bool:
        return self.status in {SitingStatus.DONE, SitingStatus.FAILED}

    def set_progress(self, text: str) -> None:
        self.status, self.progress = SitingStatus.RUNNING, text
        self.save(update_fields=["status", "progress"])

    def finish(self, result: dict[str, Any]) -> None:
        self.status, self.progress, self.result = SitingStatus.DONE, "Calcul terminé.", result
        self.save(update_fields=["status", "progress", "result"])

    def fail(self, message: str) -> None:
        self.status, self.progress = SitingStatus.FAILED, message
        self.save(update_fields=["status", "progress"])
