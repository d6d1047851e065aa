"""Social-value parameters of a network: mileage rate, CO2 factor, detour factor, share of requests that
avoided a trip, and per partner its counters (imported file) or a distance, and a unit cost.

Every change goes through `apply`, which records who set each parameter and when (`provenance`);
django-auditlog keeps the full history (audit.py)."""

from __future__ import annotations

import collections
import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from maillage.socialvalue import enums

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.network.models import Network, Partner

DEFAULT_NOTE = "Valeur par défaut"


def _who(user: User | None) -> str:
    if user is None:
        return "Commande en ligne"
    return user.get_full_name() or user.email


class Provenance(models.Model):
    """Who set each parameter and when: {field: {"by": name, "at": iso datetime}}."""

    provenance = models.JSONField(default=dict, blank=True, editable=False)
    updated_at = models.DateTimeField("modifié le", null=True, blank=True, editable=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        abstract = True

    def apply(self, user: User | None, values: dict[str, Any]) -> list[str]:
        """Set the changed `values`, note who set each and when, save; returns the names changed."""
        now = timezone.now()
        changed = [name for name, value in values.items() if getattr(self, name) != value]
        for name in changed:
            setattr(self, name, values[name])
            self.provenance[name] = {"by": _who(user), "at": now.isoformat()}
        if changed or self.pk is None:
            self.updated_at, self.updated_by = now, user
            self.save()
        return changed

    def set_by(self, name: str) -> str:
        """« Valeur par défaut », or « Camille Test, le 07/12/2026 »."""
        entry = self.provenance.get(name)
        if not entry:
            return DEFAULT_NOTE if getattr(self, name) is not None else "Non renseigné"
        at = timezone.localtime(dt.datetime.fromisoformat(entry["at"]))
        return f"{entry['by']}, le {at:%d/%m/%Y}"


class SocialValueParameters(Provenance):
    network = models.OneToOneField(
        "network.Network", verbose_name="réseau", on_delete=models.CASCADE, related_name="social_value"
    )
    mileage_rate = models.DecimalField(
        "indemnité kilométrique (€/km)", max_digits=6, decimal_places=3, default=enums.MILEAGE_RATE
    )
    mileage_source = models.CharField("source du barème", max_length=300, default=enums.MILEAGE_SOURCE)
    co2_factor = models.DecimalField(
        "facteur d'émission (kg CO2e/km)", max_digits=6, decimal_places=3, default=enums.CO2_FACTOR
    )
    co2_source = models.CharField("source du facteur d'émission", max_length=300, default=enums.CO2_SOURCE)
    detour_factor = models.DecimalField(
        "coefficient de détour (route / ligne droite)", max_digits=4, decimal_places=2, default=enums.DETOUR_FACTOR
    )
    detour_source = models.CharField("source du coefficient de détour", max_length=300, default=enums.DETOUR_SOURCE)
    avoided_share = models.DecimalField(
        "part des demandes ayant évité un déplacement (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Sans valeur par défaut : aucun chiffre public ne la donne. Tant qu'elle n'est pas renseignée, "
        "les déplacements évités ne sont pas calculés.",
    )
    avoided_share_source = models.CharField("source de la part", max_length=300, blank=True)

    class Meta:
        verbose_name = "paramètres de valeur sociale"
        verbose_name_plural = "paramètres de valeur sociale"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mileage_rate__gte=0) & models.Q(co2_factor__gte=0),
                name="socialvalue_rates_positive",
                violation_error_message="Le barème et le facteur d'émission doivent être positifs ou nuls.",
            ),
            models.CheckConstraint(
                condition=models.Q(detour_factor__gte=1),
                name="socialvalue_detour_at_least_one",
                violation_error_message="Le coefficient de détour vaut au moins 1 (la route n'est pas plus courte "
                "que la ligne droite).",
            ),
            models.CheckConstraint(
                condition=models.Q(avoided_share__isnull=True)
                | (models.Q(avoided_share__gte=0) & models.Q(avoided_share__lte=100)),
                name="socialvalue_share_percent",
                violation_error_message="La part des demandes est un pourcentage entre 0 et 100.",
            ),
        ]

    def __str__(self) -> str:
        return f"Valeur sociale — {self.network}"

    @classmethod
    def for_network(cls, network: Network) -> SocialValueParameters:
        """The network's parameters, or the defaults (not saved) when it has never set any."""
        return cls.objects.filter(network=network).first() or cls(network=network)


class PartnerParameters(Provenance):
    network = models.ForeignKey("network.Network", on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(
        "network.Partner", verbose_name="partenaire", on_delete=models.CASCADE, related_name="+"
    )
    distance_km = models.DecimalField(
        "distance au guichet (km, aller simple)",
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="Utilisée quand aucun fichier des guichets du partenaire n'est importé.",
    )
    distance_source = models.CharField("source de la distance", max_length=300, blank=True)
    unit_cost = models.DecimalField(
        "coût d'une visite ou d'un appel au guichet (€)",
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Sans valeur par défaut : aucun chiffre public sourcé.",
    )
    unit_cost_source = models.CharField("source du coût unitaire", max_length=300, blank=True)

    class Meta:
        verbose_name = "paramètres d'un partenaire"
        constraints = [
            models.UniqueConstraint(fields=["network", "partner"], name="socialvalue_partner_once"),
            models.CheckConstraint(
                condition=models.Q(distance_km__isnull=True) | models.Q(distance_km__gt=0),
                name="socialvalue_distance_positive",
                violation_error_message="La distance doit être supérieure à 0 km.",
            ),
            models.CheckConstraint(
                condition=models.Q(unit_cost__isnull=True) | models.Q(unit_cost__gte=0),
                name="socialvalue_unit_cost_positive",
                violation_error_message="Le coût unitaire doit être positif ou nul.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner} — {self.network}"

    @classmethod
    def for_pair(cls, network: Network, partner: Partner) -> PartnerParameters:
        return cls.objects.filter(network=network, partner=partner).first() or cls(network=network, partner=partner)


class PartnerCounter(models.Model):
    """A counter (guichet) of a partner, from the file the network imported: its position is its own
    latitude/longitude, or the centre of its commune."""

    network = models.ForeignKey("network.Network", on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(
        "network.Partner", verbose_name="partenaire", on_delete=models.CASCADE, related_name="+"
    )
    name = models.CharField("nom du guichet", max_length=200)
    commune = models.ForeignKey(
        "territory.Commune", verbose_name="commune", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lat = models.FloatField("latitude")
    lon = models.FloatField("longitude")
    imported_at = models.DateTimeField("importé le", default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "guichet d'un partenaire"
        ordering = ["partner__name", "name"]
        indexes = [models.Index(fields=["network", "partner"], name="socialvalue_counter_pair")]

    def __str__(self) -> str:
        return f"{self.partner} — {self.name}"

    @classmethod
    @transaction.atomic
    def replace_all(cls, network: Network, rows: list[PartnerCounter], user: User | None) -> int:
        """Replace the network's counters of the partners present in `rows` (other partners keep theirs)."""
        from auditlog.models import LogEntry

        partner_ids = {row.partner_id for row in rows}
        before = cls.objects.filter(network=network, partner_id__in=partner_ids)
        counts = dict(before.values_list("partner_id").annotate(n=models.Count("id")).values_list("partner_id", "n"))
        before.delete()
        now = timezone.now()
        for row in rows:
            row.network, row.imported_at, row.imported_by = network, now, user
        PartnerCounter.objects.bulk_create(rows)
        # bulk_create is not seen by auditlog's signals: one line per import says what changed.
        after = collections.Counter(row.partner_id for row in rows)
        codes = {row.partner_id: row.partner.code for row in rows}
        changes = {f"guichets {codes[pk]}": [counts.get(pk, 0), n] for pk, n in after.items()}
        LogEntry.objects.log_create(network, action=LogEntry.Action.UPDATE, changes=changes, actor=user, force_log=True)
        return len(rows)


def share_fraction(share: Decimal | None) -> Decimal | None:
    return None if share is None else share / 100
