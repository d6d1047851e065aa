"""Followed rights: a right a person does not claim yet, followed from identified to opened, refused or abandoned."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from maillage.counter.fields import EncryptedTextField
from maillage.rights.enums import (
    OPEN_STAGES,
    PAYERS,
    TRANSITIONS,
    AmountPeriod,
    Right,
    ScreeningOrigin,
    ScreeningStatus,
    Stage,
)

if TYPE_CHECKING:
    from maillage.accounts.models import User

MAX_AMOUNT = Decimal("100000")  # per month or per year: above it, a typing error


class FollowedRightQuerySet(models.QuerySet["FollowedRight"]):
    def for_user(self, user: User) -> FollowedRightQuerySet:
        from maillage.accounts.enums import STRUCTURE_ROLES
        from maillage.accounts.scoping import structure_filter

        return self.filter(structure_filter(user, prefix="structure__", roles=set(STRUCTURE_ROLES)))

    def open(self) -> FollowedRightQuerySet:
        return self.filter(stage__in=list(OPEN_STAGES))

    def reminder_due(self, day: dt.date) -> FollowedRightQuerySet:
        return self.open().filter(remind_on__lte=day)

    def reminders_first(self) -> FollowedRightQuerySet:
        """Due reminders first (oldest first), then rights with a later reminder, then the others."""
        return self.order_by(models.F("remind_on").asc(nulls_last=True), "-identified_on", "-pk")


class FollowedRight(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("counter.Person", on_delete=models.CASCADE, related_name="followed_rights")
    structure = models.ForeignKey("network.Structure", on_delete=models.CASCADE, related_name="followed_rights")
    place = models.ForeignKey(
        "network.Place", verbose_name="lieu", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    partner = models.ForeignKey(
        "network.Partner", verbose_name="organisme", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="médiateur",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_rights",
    )
    right = models.CharField("droit", max_length=20, choices=Right.choices)
    stage = models.CharField("étape", max_length=20, choices=Stage.choices, default=Stage.IDENTIFIED)
    amount_period = models.CharField("périodicité du montant", max_length=10, choices=AmountPeriod.choices)
    expected_amount = models.DecimalField("montant estimé", max_digits=9, decimal_places=2, null=True, blank=True)
    opened_amount = models.DecimalField("montant obtenu", max_digits=9, decimal_places=2, null=True, blank=True)
    reason = EncryptedTextField("motif", blank=True)
    note = EncryptedTextField("note", blank=True)
    remind_on = models.DateField("me le rappeler le", null=True, blank=True)
    reminder_sent_on = models.DateField(null=True, blank=True, editable=False)
    identified_on = models.DateField("identifié le", default=timezone.localdate)
    explained_on = models.DateField("expliqué le", null=True, blank=True)
    filed_on = models.DateField("dossier déposé le", null=True, blank=True)
    decided_on = models.DateField("décision le", null=True, blank=True)
    abandoned_on = models.DateField("abandonné le", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    campaign = models.ForeignKey(
        "outreach.Campaign",
        verbose_name="campagne",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rights",
    )

    objects = FollowedRightQuerySet.as_manager()
    created_now = False  # set by `identify` on the instance it creates (a batch counts what it added)

    class Meta:
        verbose_name = "droit suivi"
        verbose_name_plural = "droits suivis"
        ordering = ["-identified_on", "-pk"]
        indexes = [
            models.Index(
                fields=["mediator", "remind_on"],
                condition=models.Q(stage__in=["identified", "explained", "filed"]),
                name="right_open_reminder_idx",
            ),
            models.Index(fields=["structure", "identified_on"], name="right_structure_day_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "right"],
                condition=models.Q(stage__in=["identified", "explained", "filed"]),
                name="right_followed_once_while_open",
                violation_error_message="Ce droit est déjà suivi pour cette personne.",
            ),
            models.CheckConstraint(
                condition=~models.Q(stage=Stage.OPENED)
                | models.Q(opened_amount__isnull=False, decided_on__isnull=False),
                name="right_opened_needs_amount",
                violation_error_message="Un droit ouvert doit indiquer le montant obtenu et la date de la décision.",
            ),
            models.CheckConstraint(
                condition=~models.Q(stage__in=[Stage.REFUSED, Stage.ABANDONED]) | ~models.Q(reason=""),
                name="right_closed_needs_reason",
                violation_error_message="Un droit refusé ou abandonné doit indiquer le motif.",
            ),
            models.CheckConstraint(
                condition=(models.Q(expected_amount__isnull=True) | models.Q(expected_amount__gte=0))
                & (models.Q(opened_amount__isnull=True) | models.Q(opened_amount__gte=0)),
                name="right_amounts_not_negative",
                violation_error_message="Un montant ne peut pas être négatif.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_right_display()} — {self.get_stage_display()}"

    @property
    def payer_label(self) -> str:
        return PAYERS[self.right].label

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def allowed_stages(self) -> list[Stage]:
        return [Stage(stage) for stage in Stage.values if stage in TRANSITIONS.get(self.stage, set())]

    @classmethod
    def identify(
        cls, *, person: Any, right: str, mediator: User | None, partners: dict[str, Any] | None = None, **fields: Any
    ) -> FollowedRight:
        """A right found for a person (by hand or by screening), paid by the partner of `PAYERS`.

        `partners` (partner code → Partner, filled as it goes) spares a query per right in a batch; a
        batch of screened rights also skips the field checks that query the database (foreign keys
        that exist, constraints that the database enforces anyway), keeping the model's own (`clean`)."""
        from maillage.network.models import Partner

        payer = PAYERS[right]
        fields.setdefault("amount_period", payer.period)
        partner = None
        if payer.partner_code and partners is not None and payer.partner_code in partners:
            partner = partners[payer.partner_code]
        elif payer.partner_code:
            partner = Partner.objects.filter(code=payer.partner_code).first()
            if partners is not None:
                partners[payer.partner_code] = partner
        followed = cls(person=person, structure_id=person.structure_id, right=right, mediator=mediator, partner=partner)
        for name, value in fields.items():
            setattr(followed, name, value)
        if partners is None:
            followed.full_clean()
        else:  # foreign keys come from rows just read: only the model's own rules are checked here
            followed.clean()
        followed.save()
        followed.created_now = True
        return followed

    def clean(self) -> None:
        errors: dict[str, str] = {}
        for name in ("expected_amount", "opened_amount"):
            value = getattr(self, name)
            if value is not None and value < 0:
                errors[name] = "Un montant ne peut pas être négatif."
            elif value is not None and value > MAX_AMOUNT:
                errors[name] = "Ce montant est trop élevé : vérifiez la saisie (en euros, sans centimes superflus)."
        if self.identified_on and self.identified_on > timezone.localdate():
            errors["identified_on"] = "La date ne peut pas être dans le futur."
        if errors:
            raise ValidationError(errors)

    def _move(self, to: str, *, day: dt.date | None = None, **fields: Any) -> None:
        """One transition: checked against the row as it is in the database, saved, logged by auditlog."""
        day = day or timezone.localdate()
        if day > timezone.localdate():
            raise ValidationError({"day": "La date ne peut pas être dans le futur."})
        with transaction.atomic():
            current = FollowedRight.objects.select_for_update().values_list("stage", flat=True).get(pk=self.pk)
            if to not in TRANSITIONS.get(current, set()):
                raise ValidationError(
                    f"Ce droit est à l'étape « {Stage(current).label.lower()} » : "
                    f"il ne peut pas passer à « {Stage(to).label.lower()} »."
                )
            for name, value in fields.items():
                setattr(self, name, value)
            self.stage = to
            self.save(update_fields=["stage", *fields])

    def explain(self, *, day: dt.date | None = None) -> None:
        self._move(Stage.EXPLAINED, day=day, explained_on=day or timezone.localdate())

    def file(self, *, day: dt.date | None = None) -> None:
        self._move(Stage.FILED, day=day, filed_on=day or timezone.localdate())

    def open_with(self, amount: Decimal | None, *, period: str | None = None, day: dt.date | None = None) -> None:
        if amount is None or amount < 0 or amount > MAX_AMOUNT:
            raise ValidationError({"amount": "Indiquez le montant obtenu (en euros, positif)."})
        period = period or self.amount_period
        if period not in AmountPeriod.values:
            raise ValidationError({"period": "Choisissez « par mois » ou « par an »."})
        self._move(
            Stage.OPENED,
            day=day,
            opened_amount=amount,
            amount_period=period,
            decided_on=day or timezone.localdate(),
            remind_on=None,
        )

    def refuse(self, *, reason: str, day: dt.date | None = None) -> None:
        if not reason.strip():
            raise ValidationError({"reason": "Indiquez le motif du refus."})
        self._move(
            Stage.REFUSED, day=day, reason=reason.strip(), decided_on=day or timezone.localdate(), remind_on=None
        )

    def abandon(self, *, reason: str, day: dt.date | None = None) -> None:
        if not reason.strip():
            raise ValidationError({"reason": "Indiquez pourquoi le droit est abandonné."})
        self._move(
            Stage.ABANDONED, day=day, reason=reason.strip(), abandoned_on=day or timezone.localdate(), remind_on=None
        )

    def set_reminder(self, day: dt.date | None) -> None:
        """The mediator's next reminder (None clears it); only open rights are reminded."""
        if day is not None and not self.is_open:
            raise ValidationError({"remind_on": "Ce droit est clos : il n'y a plus rien à rappeler."})
        if day is not None and day < timezone.localdate():
            raise ValidationError({"remind_on": "Choisissez une date à venir (ou aujourd'hui)."})
        self.remind_on = day
        self.reminder_sent_on = None
        self.save(update_fields=["remind_on", "reminder_sent_on"])


class ScreeningQuerySet(models.QuerySet["Screening"]):
    def for_user(self, user: User) -> ScreeningQuerySet:
        from maillage.accounts.enums import STRUCTURE_ROLES
        from maillage.accounts.scoping import structure_filter

        return self.filter(structure_filter(user, prefix="structure__", roles=set(STRUCTURE_ROLES)))


class Screening(models.Model):
    """One screening of a person's rights: the situation typed with the person (encrypted, with the
    consent given for it), what OpenFisca-France found and its version. Never edited: a new
    situation or a new legislation year makes a new screening. Deleted with the person file."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey("counter.Person", on_delete=models.CASCADE, related_name="screenings")
    structure = models.ForeignKey("network.Structure", on_delete=models.CASCADE, related_name="+")
    place = models.ForeignKey("network.Place", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    mediator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="médiateur", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    origin = models.CharField("origine", max_length=10, choices=ScreeningOrigin.choices, default=ScreeningOrigin.FORM)
    status = models.CharField("état", max_length=10, choices=ScreeningStatus.choices)
    consent_given_on = models.DateField("accord de la personne le")
    consent_method = models.CharField("forme de l'accord", max_length=20)
    period = models.CharField("mois de la situation", max_length=7)  # YYYY-MM
    situation = EncryptedTextField("situation")  # JSON: screening.situation_json()
    results = EncryptedTextField("résultats", blank=True)  # JSON: {right: outcome}; empty while pending
    openfisca_version = models.CharField("version d'OpenFisca-France", max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    computed_at = models.DateTimeField(null=True, blank=True)

    objects = ScreeningQuerySet.as_manager()

    class Meta:
        verbose_name = "calcul de droits"
        verbose_name_plural = "calculs de droits"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["person", "-created_at"], name="screening_person_latest_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status=ScreeningStatus.PENDING)
                | (~models.Q(results="") & ~models.Q(openfisca_version="") & models.Q(computed_at__isnull=False)),
                name="screening_computed_has_results",
                violation_error_message="Un calcul terminé doit garder ses résultats et la version d'OpenFisca.",
            ),
        ]

    def __str__(self) -> str:
        return f"Calcul du {timezone.localtime(self.created_at):%d/%m/%Y}"

    @property
    def situation_data(self) -> dict[str, Any]:
        return dict(json.loads(self.situation))

    @property
    def results_data(self) -> dict[str, dict[str, Any]]:
        return dict(json.loads(self.results)) if self.results else {}

    @property
    def is_pending(self) -> bool:
        return self.status == ScreeningStatus.PENDING
