"""Referrals: a person sent from one structure to another place, structure or external partner."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone

from maillage.counter.fields import EncryptedTextField
from maillage.referrals.enums import CLOSED_STATUSES, TRANSITIONS, Status

if TYPE_CHECKING:
    from maillage.accounts.models import User


class TransitionError(Exception):
    """A referral cannot move to the asked status; the message is for the person who tried."""


def default_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=settings.REFERRAL_EXPIRY_DAYS)


class ReferralQuerySet(models.QuerySet["Referral"]):
    def sent_by(self, user: User) -> ReferralQuerySet:
        from maillage.accounts.enums import STRUCTURE_ROLES
        from maillage.accounts.scoping import structure_filter

        return self.filter(structure_filter(user, prefix="from_structure__", roles=set(STRUCTURE_ROLES)))

    def received_by(self, user: User) -> ReferralQuerySet:
        from maillage.accounts.enums import STRUCTURE_ROLES
        from maillage.accounts.scoping import structure_filter

        return self.filter(structure_filter(user, prefix="to_structure__", roles=set(STRUCTURE_ROLES)))

    def for_user(self, user: User) -> ReferralQuerySet:
        return (self.sent_by(user) | self.received_by(user)).distinct()

    def awaiting_answer(self) -> ReferralQuerySet:
        """Sent and still open to an answer: what the menu counts as unread for the receiving structure."""
        return self.filter(status=Status.SENT, expires_at__gt=timezone.now())


class Referral(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(
        "counter.Request", on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    from_structure = models.ForeignKey(
        "network.Structure", on_delete=models.PROTECT, related_name="referrals_sent", verbose_name="structure d'origine"
    )
    to_place = models.ForeignKey(
        "network.Place",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name="lieu destinataire",
    )
    to_structure = models.ForeignKey(
        "network.Structure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals_received",
        verbose_name="structure destinataire",
    )
    external_name = models.CharField("structure extérieure", max_length=200, blank=True)
    external_email = models.EmailField("courriel de la structure extérieure", blank=True)
    external_phone = models.CharField("téléphone de la structure extérieure", max_length=20, blank=True)
    reason = models.TextField("motif de l'orientation")
    already_done = models.TextField("ce qui a déjà été fait", blank=True)
    share_contact = models.BooleanField("la personne accepte que ses coordonnées soient transmises", default=False)
    contact_name = EncryptedTextField("nom de la personne", blank=True)
    contact_phone = EncryptedTextField("téléphone de la personne", blank=True)
    contact_email = EncryptedTextField("courriel de la personne", blank=True)
    status = models.CharField("statut", max_length=20, choices=Status.choices, default=Status.SENT, db_index=True)
    refused_reason = models.TextField("motif du refus", blank=True)
    feedback = models.TextField("retour de clôture", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(default=default_expiry)
    reminded_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    campaign = models.ForeignKey(
        "outreach.Campaign",
        verbose_name="campagne",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referrals",
    )

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = "orientation"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(to_structure__isnull=False) | ~models.Q(external_name=""),
                name="referral_has_a_target",
                violation_error_message="Choisissez un lieu ou une structure, ou décrivez la structure extérieure.",
            ),
            models.CheckConstraint(
                condition=models.Q(share_contact=True) | (models.Q(contact_phone="") & models.Q(contact_email="")),
                name="referral_contact_needs_consent",
                violation_error_message="Les coordonnées ne peuvent être transmises qu'avec l'accord de la personne.",
            ),
        ]

    def __str__(self) -> str:
        return f"Orientation vers {self.target_name}"

    @property
    def target_name(self) -> str:
        if self.to_place_id:
            return str(self.to_place)
        return str(self.to_structure) if self.to_structure_id else self.external_name

    @property
    def is_external(self) -> bool:
        return self.to_structure_id is None

    @property
    def is_closed_for_link(self) -> bool:
        """Closed (done, refused, no-show, expired) or past its deadline: the link shows nothing personal."""
        return self.status in CLOSED_STATUSES or self.expires_at <= timezone.now()

    def clean(self) -> None:
        if not self.share_contact and (self.contact_phone or self.contact_email):
            raise ValidationError(
                {"share_contact": "Les coordonnées ne peuvent être transmises qu'avec l'accord de la personne."}
            )
        if self.to_structure_id is None and not self.external_name:
            raise ValidationError({"to_place": "Choisissez un lieu destinataire ou décrivez la structure extérieure."})
        if self.is_external and not (self.external_email or self.external_phone):
            raise ValidationError({"external_email": "Donnez un courriel ou un téléphone de la structure extérieure."})

    def _move(self, to: str, *, user: User | None, via: str, note: str = "", **fields: Any) -> None:
        with transaction.atomic():
            locked = Referral.objects.select_for_update().get(pk=self.pk)
            if to not in TRANSITIONS.get(locked.status, set()):
                raise TransitionError(
                    f"Cette orientation est déjà « {locked.get_status_display().lower()} » : "
                    f"elle ne peut plus passer à « {Status(to).label.lower()} »."
                )
            previous = locked.status
            for name, value in fields.items():
                setattr(self, name, value)
            self.status = to
            self.save(update_fields=["status", *fields])
            ReferralEvent.objects.create(
                referral=self, from_status=previous, to_status=to, user=user, via=via, note=note
            )

    def accept(self, *, user: User | None, via: str = "platform") -> None:
        self._move(Status.ACCEPTED, user=user, via=via, answered_at=timezone.now())

    def refuse(self, *, user: User | None, reason: str, via: str = "platform") -> None:
        if not reason.strip():
            raise TransitionError("Indiquez le motif du refus.")
        now = timezone.now()
        self._move(
            Status.REFUSED, user=user, via=via, note=reason, refused_reason=reason, answered_at=now, closed_at=now
        )

    def complete(self, *, user: User | None, feedback: str = "", via: str = "platform") -> None:
        self._move(Status.DONE, user=user, via=via, note=feedback, feedback=feedback, closed_at=timezone.now())

    def mark_no_show(self, *, user: User | None, via: str = "platform") -> None:
        self._move(Status.NO_SHOW, user=user, via=via, closed_at=timezone.now())

    def expire(self) -> None:
        self._move(Status.EXPIRED, user=None, via="automatic", closed_at=timezone.now())

    def anonymise(self) -> None:
        self.contact_name = self.contact_phone = self.contact_email = ""
        self.reason = self.already_done = self.refused_reason = self.feedback = ""
        self.anonymised_at = timezone.now()
        self.save(
            update_fields=[
                "contact_name",
                "contact_phone",
                "contact_email",
                "reason",
                "already_done",
                "refused_reason",
                "feedback",
                "anonymised_at",
            ]
        )
        self.events.update(note="")
        for attachment in self.attachments.all():
            attachment.delete()


class ReferralEvent(models.Model):
    """One transition: who (a user, the external link, or the platform) and when."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    via = models.CharField(
        max_length=20,
        choices=[("platform", "Plateforme"), ("link", "Lien envoyé par courriel"), ("automatic", "Automatique")],
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "étape d'orientation"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


def attachment_path(instance: ReferralAttachment, filename: str) -> str:
    # A random name: the original file name may hold personal data, it is kept encrypted apart.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"referrals/{uuid.uuid4().hex}.{suffix}"


class ReferralAttachment(models.Model):
    """An optional document sent with a referral; deleted after REFERRAL_ATTACHMENT_DAYS."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path)
    name = EncryptedTextField("nom du fichier")
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "pièce jointe"
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return f"Pièce jointe {self.pk}"


@receiver(post_delete, sender=ReferralAttachment)
def _delete_file(instance: ReferralAttachment, **kwargs: Any) -> None:
    """The stored file goes with its row, whichever way the row goes (one, a queryset, a cascade),
    through the storage API: MEDIA_ROOT or the S3 bucket."""
    instance.file.delete(save=False)
