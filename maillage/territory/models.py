"""Reference geography (COG): régions, départements, EPCI, communes and their postcodes."""

from __future__ import annotations

from django.db import models

from maillage.lib.text import normalise_name


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
        only through "saint etienne"; abbreviations are not expanded).
        """
        text = text.strip()
        if len(text) == 5 and (text.isdigit() or text[:2] in {"2A", "2B"}):
            by_postcode = self.filter(postcodes__code=text).distinct()
            return by_postcode if by_postcode.exists() else self.filter(code=text.upper())
        key = normalise_name(text)
        if not key:
            return self.none()
        return self.filter(search_name__startswith=key)


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


class PostalCode(models.Model):
    code = models.CharField("code postal", max_length=5, db_index=True)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="postcodes")

    class Meta:
        verbose_name = "code postal"
        constraints = [models.UniqueConstraint(fields=["code", "commune"], name="postalcode_unique")]

    def __str__(self) -> str:
        return self.code
