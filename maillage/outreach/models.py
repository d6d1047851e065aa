"""Outreach campaigns ("aller vers") and the contact attempts recorded during them.

A contact attempt may come from a phone later (offline capture): it then carries a `client_uuid`
made on the phone, unique in the database, so the same record sent twice is stored once
(`ContactAttempt.record`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone

from maillage.counter.fields import EncryptedTextField
from maillage.outreach.enums import AttemptResult, CampaignKind
from maillage.rights.enums import Right

if TYPE_CHECKING:
    from maillage.accounts.models import User

MAX_ATTEMPT_MINUTES = 480
OUTSIDE_DATES = "Cette campagne se déroule du {start:%d/%m/%Y} au {end:%d/%m/%Y} : la date du contact est en dehors."
OUTSIDE_TERRITORY = "La commune « {name} » n'est pas sur le territoire de la campagne."
OTHER_STRUCTURE_STOP = "Cette étape appartient à un lieu d'une autre structure."
UUID_TAKEN = "Cet identifiant de contact est déjà utilisé pour une autre campagne ou par une autre personne."


def _staff_filter(user: User, prefix: str, *, managers_only: bool = False) -> Q:
    from maillage.accounts.enums import STRUCTURE_ROLES, Role
    from maillage.accounts.scoping import structure_filter

    roles = {Role.STRUCTURE_MANAGER} if managers_only else set(STRUCTURE_ROLES)
    return structure_filter(user, prefix=prefix, roles=roles)


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def for_user(self, user: User) -> CampaignQuerySet:
        """Campaigns of the structures the user works for (mediator or manager; administrators: all)."""
        return self.filter(_staff_filter(user, "structure__"))

    def managed_by(self, user: User) -> CampaignQuerySet:
        return self.filter(_staff_filter(user, "structure__", managers_only=True))

    def active_on(self, day: dt.date) -> CampaignQuerySet:
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def past(self, day: dt.date) -> CampaignQuerySet:
        return self.filter(ends_on__lt=day)

    def current_or_coming(self, day: dt.date) -> CampaignQuerySet:
        return self.filter(ends_on__gte=day)


class Campaign(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    structure = models.ForeignKey("network.Structure", on_delete=models.CASCADE, related_name="campaigns")
    kind = models.CharField("type d'action", max_length=20, choices=CampaignKind.choices)
    title = models.CharField("intitulé", max_length=150)
    communes = models.ManyToManyField(
        "territory.Commune", verbose_name="communes du territoire", blank=True, related_name="+"
    )
    addresses = models.TextField(
        "adresses ou secteurs", blank=True, help_text="Rues, résidences, arrêts : une adresse par ligne."
    )
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin")
    partners = models.ManyToManyField(
        "network.Partner", verbose_name="partenaires associés", blank=True, related_name="campaigns"
    )
    target_right = models.CharField("droit visé", max_length=20, choices=Right.choices, blank=True)
    target_theme = models.CharField("ou thème visé", max_length=150, blank=True)
    team = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="équipe", blank=True, related_name="+")
    budget_cents = models.PositiveIntegerField("budget (centimes)", null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = "campagne d'aller vers"
        verbose_name_plural = "campagnes d'aller vers"
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["structure", "ends_on"], name="campaign_structure_end_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="campaign_ends_after_start",
                violation_error_message="La fin de la campagne ne peut pas être avant son début.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_kind_display()}, {self.starts_on:%d/%m/%Y} – {self.ends_on:%d/%m/%Y})"

    @property
    def target_label(self) -> str:
        return self.get_target_right_display() if self.target_right else self.target_theme

    def is_active_on(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "La fin de la campagne ne peut pas être avant son début."})

    def check_attempt(self, *, day: dt.date, commune: Any, stop: Any = None) -> None:
        """Refuses, in French, a contact outside the campaign's dates or territory, or at another structure's stop.

        A campaign whose territory lists no commune (addresses only) takes any commune."""
        errors: dict[str, str] = {}
        if not self.is_active_on(day):
            errors["occurred_at"] = OUTSIDE_DATES.format(start=self.starts_on, end=self.ends_on)
        if stop is not None and stop.place.structure_id != self.structure_id:
            errors["stop"] = OTHER_STRUCTURE_STOP
        if commune is not None:
            communes = set(self.communes.values_list("pk", flat=True))
            if communes and commune.pk not in communes:
                errors["commune"] = OUTSIDE_TERRITORY.format(name=commune.name)
        if errors:
            raise ValidationError(errors)


class ContactAttemptQuerySet(models.QuerySet["ContactAttempt"]):
    def for_user(self, user: User) -> ContactAttemptQuerySet:
        return self.filter(_staff_filter(user, "campaign__structure__"))


class ContactAttempt(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="attempts")
    occurred_at = models.DateTimeField("date et heure", default=timezone.now)
    commune = models.ForeignKey("territory.Commune", verbose_name="commune", on_delete=models.PROTECT, related_name="+")
    stop = models.ForeignKey(
        "network.OutreachStop", verbose_name="étape", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="médiateur", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    result = models.CharField("résultat", max_length=20, choices=AttemptResult.choices)
    note = EncryptedTextField("note", blank=True)
    client_uuid = models.UUIDField("identifiant donné par l'appareil", unique=True, null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField("durée (minutes)", default=5)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ContactAttemptQuerySet.as_manager()
    created_now = False  # set by `record` on the attempt it stored (a replay returns the stored one)

    class Meta:
        verbose_name = "tentative de contact"
        verbose_name_plural = "tentatives de contact"
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["campaign", "occurred_at"], name="attempt_campaign_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__lte=MAX_ATTEMPT_MINUTES),
                name="attempt_duration_range",
                violation_error_message="La durée d'un contact va de 0 à 480 minutes.",
            ),
        ]

    def __str__(self) -> str:
        return f"Contact {str(self.uuid)[:8]} — {self.get_result_display()}"

    @classmethod
    def record(
        cls,
        *,
        campaign: Campaign,
        mediator: User | None,
        commune: Any,
        result: str,
        occurred_at: dt.datetime | None = None,
        stop: Any = None,
        note: str = "",
        duration_minutes: int = 5,
        client_uuid: UUID | None = None,
    ) -> ContactAttempt:
        """Stores one attempt, checked against the campaign; the same `client_uuid` twice stores it once."""
        if client_uuid is not None:
            stored = cls._replayed(client_uuid, campaign, mediator)
            if stored is not None:
                return stored
        occurred_at = occurred_at or timezone.now()
        if stop is not None and commune is None:
            commune = stop.commune
        campaign.check_attempt(day=timezone.localdate(occurred_at), commune=commune, stop=stop)
        attempt = cls(
            campaign=campaign,
            mediator=mediator,
            commune=commune,
            stop=stop,
            result=result,
            occurred_at=occurred_at,
            note=note,
            duration_minutes=duration_minutes,
            client_uuid=client_uuid,
        )
        attempt.full_clean(exclude=["client_uuid"])  # the unique uuid is settled by the database below
        try:
            with transaction.atomic():
                attempt.save()
        except IntegrityError:
            stored = cls._replayed(client_uuid, campaign, mediator) if client_uuid else None
            if stored is None:
                raise
            return stored
        attempt.created_now = True
        return attempt

    @classmethod
    def _replayed(cls, client_uuid: UUID, campaign: Campaign, mediator: User | None) -> ContactAttempt | None:
        stored = cls.objects.filter(client_uuid=client_uuid).first()
        if stored is None:
            return None
        if stored.campaign_id != campaign.pk or stored.mediator_id != (mediator.pk if mediator else None):
            raise ValidationError(UUID_TAKEN)
        return stored
