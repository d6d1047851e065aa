"""Networks, structures, places (with outreach stops), partners and agreements."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from maillage.lib import geo, identifiers
from maillage.lib.calendars import LocalCalendar, calendar_for_commune
from maillage.lib.opening_hours import DayHours, Status, hours_error, hours_summary, status_at, week_table
from maillage.network import enums
from maillage.network.fields import ChoiceListField

if TYPE_CHECKING:
    from maillage.accounts.models import User


class Network(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField("nom", max_length=200, unique=True)
    kind = models.CharField("type de réseau", max_length=30, choices=enums.NetworkKind.choices)
    departement = models.ForeignKey(
        "territory.Departement", verbose_name="département", on_delete=models.PROTECT, null=True, blank=True
    )
    description = models.TextField("description", blank=True)

    class Meta:
        verbose_name = "réseau"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StructureQuerySet(models.QuerySet["Structure"]):
    def for_user(self, user: User) -> StructureQuerySet:
        from maillage.accounts.scoping import structure_filter

        return self.filter(structure_filter(user, prefix="")).distinct()


class Structure(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField("nom", max_length=200)
    pivot = models.CharField(
        "SIRET ou RNA",
        max_length=14,
        blank=True,
        help_text="14 chiffres pour un SIRET, ou W suivi de 9 chiffres pour un numéro RNA.",
    )
    typology = ChoiceListField("typologie", vocabulary=enums.Typology)
    network = models.ForeignKey(
        Network,
        verbose_name="réseau",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="structures",
    )
    chain_roles = ChoiceListField(
        "position dans le parcours",
        vocabulary=enums.ChainRole,
        help_text="Ce que fait la structure dans le parcours d'accès aux droits, pour bien orienter.",
    )
    email = models.EmailField("courriel", blank=True)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    website = models.URLField("site web", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = StructureQuerySet.as_manager()

    class Meta:
        verbose_name = "structure"
        ordering = ["name"]
        constraints = [
            # Empty only for the structure gathering a file's places without SIRET (exchange import);
            # forms and the admin still require one through `clean`.
            models.CheckConstraint(
                condition=models.Q(pivot__regex=r"^(\d{14}|W\d{9})?$"),
                name="structure_pivot_format",
                violation_error_message="Le SIRET doit comporter 14 chiffres, ou le RNA W suivi de 9 chiffres.",
            ),
            models.UniqueConstraint(
                fields=["pivot"],
                condition=~models.Q(pivot=""),
                name="structure_pivot_unique",
                violation_error_message="Une structure porte déjà ce SIRET ou ce RNA.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.pivot = identifiers.normalise_pivot(self.pivot or "")
        error = identifiers.pivot_error(self.pivot)
        if error:
            raise ValidationError({"pivot": error})


class Partner(models.Model):
    code = models.SlugField("code", max_length=40, unique=True, help_text="Identifiant court en minuscules (ex. caf).")
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("nature", max_length=20, choices=enums.PartnerKind.choices)
    france_services = models.BooleanField("partenaire national France Services", default=False)
    domains = ChoiceListField("domaines de démarches", vocabulary=enums.ProcedureDomain)
    website = models.URLField("site web", blank=True)
    is_active = models.BooleanField("actif", default=True)

    class Meta:
        verbose_name = "partenaire"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LocalHours:
    """Opening hours evaluated where the commune is: its time zone, public and school holidays."""

    commune_id: str
    opening_hours: str

    @property
    def calendar(self) -> LocalCalendar:
        return calendar_for_commune(self.commune_id)

    def hours_status(self, when: dt.datetime) -> Status | None:
        return status_at(self.opening_hours, when, self.calendar)

    def hours_week(self, when: dt.datetime) -> list[DayHours]:
        return week_table(self.opening_hours, when, self.calendar)

    @property
    def hours_text(self) -> str:
        """The hours in French for lists and popups ("du lundi au vendredi 9 h – 12 h ; …")."""
        return hours_summary(self.opening_hours, timezone.now(), self.calendar)


class PlaceQuerySet(models.QuerySet["Place"]):
    def for_user(self, user: User) -> PlaceQuerySet:
        from maillage.accounts.scoping import structure_filter

        return self.filter(structure_filter(user, prefix="structure__")).distinct()

    def public(self) -> PlaceQuerySet:
        return self.filter(is_published=True)

    def located(self) -> PlaceQuerySet:
        return self.filter(lat__isnull=False, lon__isnull=False)


def _index(values: list[str]) -> str:
    return "|" + "|".join(sorted(values)) + "|" if values else ""


class Place(LocalHours, models.Model):
    """A place where people are received; fields follow the national schema v1.0.2."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    structure = models.ForeignKey(Structure, verbose_name="structure", on_delete=models.CASCADE, related_name="places")
    name = models.CharField("nom", max_length=200)
    commune = models.ForeignKey("territory.Commune", verbose_name="commune", on_delete=models.PROTECT, related_name="+")
    postcode = models.CharField("code postal", max_length=5)
    address = models.CharField("adresse", max_length=250)
    address_complement = models.CharField("complément d'adresse", max_length=250, blank=True)
    lat = models.FloatField("latitude", null=True, blank=True)
    lon = models.FloatField("longitude", null=True, blank=True)
    typology = ChoiceListField("typologie", vocabulary=enums.Typology)
    phone = models.CharField(
        "téléphone", max_length=20, blank=True, help_text="Format international, ex. +33478000000."
    )
    emails = models.CharField("courriels", max_length=500, blank=True, help_text="Séparés par des virgules.")
    website = models.URLField("site web", blank=True)
    opening_hours = models.CharField(
        "horaires (format OpenStreetMap)",
        max_length=500,
        blank=True,
        help_text="Ex. Mo-Fr 09:00-12:00,13:30-17:00; PH off",
    )
    summary = models.CharField("présentation courte", max_length=280, blank=True)
    description = models.TextField("présentation détaillée", blank=True)
    source = models.CharField("source", max_length=100, blank=True)
    external_id = models.CharField(
        "identifiant dans la source",
        max_length=50,
        blank=True,
        db_index=True,
        help_text="Identifiant du lieu dans le fichier importé (ex. id_fs de la liste France Services).",
    )
    mobility = models.CharField(
        "itinérance", max_length=10, choices=enums.Mobility.choices, default=enums.Mobility.FIXED
    )
    services = ChoiceListField("services", vocabulary=enums.Service)
    publics = ChoiceListField("publics spécifiquement adressés", vocabulary=enums.Public)
    specific_support = ChoiceListField("prise en charge spécifique", vocabulary=enums.SpecificSupport)
    fees = ChoiceListField("frais à charge", vocabulary=enums.Fees)
    programmes = ChoiceListField("dispositifs et programmes nationaux", vocabulary=enums.NationalProgramme)
    labels = models.CharField("formations et labels", max_length=500, blank=True)
    other_labels = models.CharField("autres formations et labels", max_length=500, blank=True)
    access_modes = ChoiceListField("modalités d'accès", vocabulary=enums.AccessMode)
    support_modes = ChoiceListField("modalités d'accompagnement", vocabulary=enums.SupportMode)
    accessibility_url = models.URLField("fiche Acceslibre", blank=True)
    appointment_url = models.URLField("prise de rendez-vous en ligne", blank=True)
    # Beyond the national schema.
    functions = ChoiceListField("fonctions du lieu (signalétique commune)", vocabulary=enums.Function)
    partners = models.ManyToManyField(Partner, verbose_name="partenaires dont les démarches sont traitées", blank=True)
    languages = ChoiceListField("langues parlées", vocabulary=enums.Language)
    accessibility_notes = models.TextField("accessibilité", blank=True)
    how_to_come = models.TextField("comment venir", blank=True)
    is_published = models.BooleanField("publié dans l'annuaire", default=True)
    updated_on = models.DateField("date de mise à jour", default=dt.date.today)
    confirmed_at = models.DateTimeField("informations confirmées le", default=timezone.now)
    confirm_reminded_at = models.DateTimeField(
        "rappel de confirmation envoyé le", null=True, blank=True, editable=False
    )
    # Denormalised "|a|b|" indexes so filters stay plain portable SQL.
    services_index = models.CharField(max_length=400, blank=True, editable=False)
    languages_index = models.CharField(max_length=200, blank=True, editable=False)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        verbose_name = "lieu"
        ordering = ["name"]
        indexes = [
            # Covering for the directory search's narrow read (id, position, published, needs in a box).
            models.Index(fields=["lat", "lon", "is_published", "services_index"], name="place_search_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(lat__isnull=True) & models.Q(lon__isnull=True))
                | (models.Q(lat__gte=-90, lat__lte=90) & models.Q(lon__gte=-180, lon__lte=180)),
                name="place_coordinates_valid",
                violation_error_message="Latitude et longitude doivent être renseignées ensemble et valides.",
            ),
            models.CheckConstraint(
                condition=models.Q(postcode__regex=r"^\d{5}$"),
                name="place_postcode_format",
                violation_error_message="Le code postal doit comporter 5 chiffres.",
            ),
            models.UniqueConstraint(
                fields=["source", "external_id"],
                condition=~models.Q(external_id=""),
                name="place_source_external_id_unique",
                violation_error_message="Un lieu porte déjà cet identifiant pour cette source.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.set_indexes()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "services_index", "languages_index"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directory:place", args=[self.uuid])

    def set_indexes(self) -> None:
        """Fill the "|a|b|" filter columns; `save` calls it, bulk writers must call it themselves."""
        self.services_index = _index(self.services)
        self.languages_index = _index(self.languages)

    def _labels(self, field_name: str) -> list[tuple[str, str]]:
        field = self._meta.get_field(field_name)
        mapping = dict(field.vocabulary.choices)  # type: ignore[union-attr]
        return [(code, mapping.get(code, code)) for code in getattr(self, field_name)]

    @property
    def functions_labels(self) -> list[tuple[str, str]]:
        return self._labels("functions")

    @property
    def services_labels(self) -> list[str]:
        return [label for _, label in self._labels("services")]

    @property
    def access_modes_labels(self) -> list[str]:
        return [label for _, label in self._labels("access_modes")]

    @property
    def languages_labels(self) -> list[str]:
        return [label for _, label in self._labels("languages")]

    @property
    def is_itinerant(self) -> bool:
        return self.mobility == enums.Mobility.ITINERANT

    def clean(self) -> None:
        errors: dict[str, str] = {}
        coords = geo.coordinates_error(self.lat, self.lon)
        if coords:
            errors["lat"] = coords
        if self.opening_hours:
            hours = hours_error(self.opening_hours)
            if hours:
                errors["opening_hours"] = hours
        if self.postcode and self.commune_id:
            from maillage.territory.models import PostalCode

            known = PostalCode.objects.filter(commune_id=self.commune_id)
            if known.exists() and not known.filter(code=self.postcode).exists():
                errors["postcode"] = "Ce code postal ne correspond pas à la commune choisie."
        if errors:
            raise ValidationError(errors)

    def mark_updated(self) -> None:
        """Date an edit (unsaved): `updated_on` is the `date_maj` of every file the place is published in."""
        self.updated_on = timezone.localdate()

    def confirm(self) -> None:
        """Record that a manager checked the information is still right."""
        self.confirmed_at = timezone.now()
        self.updated_on = timezone.localdate()
        self.save(update_fields=["confirmed_at", "updated_on"])


class OutreachStop(LocalHours, models.Model):
    """A stop of an itinerant place (bus, permanence in a town hall...), with its own hours."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="stops")
    commune = models.ForeignKey("territory.Commune", verbose_name="commune", on_delete=models.PROTECT, related_name="+")
    address = models.CharField("adresse ou point de rendez-vous", max_length=250)
    lat = models.FloatField("latitude", null=True, blank=True)
    lon = models.FloatField("longitude", null=True, blank=True)
    opening_hours = models.CharField("horaires (format OpenStreetMap)", max_length=300)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "étape d'itinérance"
        verbose_name_plural = "étapes d'itinérance"
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(lat__isnull=True) & models.Q(lon__isnull=True))
                | (models.Q(lat__gte=-90, lat__lte=90) & models.Q(lon__gte=-180, lon__lte=180)),
                name="stop_coordinates_valid",
                violation_error_message="Latitude et longitude doivent être renseignées ensemble et valides.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.commune.name} — {self.address}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        coords = geo.coordinates_error(self.lat, self.lon)
        if coords:
            errors["lat"] = coords
        hours = hours_error(self.opening_hours or "")
        if hours:
            errors["opening_hours"] = hours
        if errors:
            raise ValidationError(errors)


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def for_user(self, user: User) -> AgreementQuerySet:
        from maillage.accounts.scoping import structure_filter

        return self.filter(structure_filter(user, prefix="structure__")).distinct()

    def active_on(self, day: dt.date) -> AgreementQuerySet:
        return self.filter(models.Q(end__isnull=True) | models.Q(end__gte=day), start__lte=day)


class Agreement(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    partner = models.ForeignKey(Partner, verbose_name="partenaire", on_delete=models.PROTECT, related_name="agreements")
    structure = models.ForeignKey(
        Structure, verbose_name="structure", on_delete=models.CASCADE, related_name="agreements"
    )
    start = models.DateField("début")
    end = models.DateField("fin", null=True, blank=True)
    places = models.ManyToManyField(Place, verbose_name="lieux concernés", blank=True, related_name="agreements")
    domains = ChoiceListField("domaines couverts", vocabulary=enums.ProcedureDomain)
    funding_eur = models.DecimalField("financement annuel (€)", max_digits=12, decimal_places=2, null=True, blank=True)
    notes = models.TextField("remarques", blank=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = "convention"
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="agreement_period_valid",
                violation_error_message="La fin de la convention ne peut pas précéder son début.",
            ),
            models.CheckConstraint(
                condition=models.Q(funding_eur__isnull=True) | models.Q(funding_eur__gte=0),
                name="agreement_funding_positive",
                violation_error_message="Le financement ne peut pas être négatif.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} — {self.structure}"
