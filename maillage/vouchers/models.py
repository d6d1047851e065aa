"""Vouchers (pass numérique or a collectivité's own): series, vouchers, redemptions, monthly claims.

Amounts are integer cents. A voucher is redeemed once: `Redemption.voucher` is one-to-one and the
voucher's status moves by a conditional UPDATE (issued and valid that day → redeemed), so two
mediators typing the same code at once cannot both count it. No operator API is assumed: the claim
file is a CSV/XLSX the structure sends to the funder.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.text import slugify

from maillage.vouchers import codes
from maillage.vouchers.enums import CLAIM_TRANSITIONS, ClaimStatus, RedemptionKind, Target, VoucherStatus

if TYPE_CHECKING:
    from maillage.accounts.models import User
    from maillage.counter.models import Person, Request
    from maillage.network.models import Place, Structure

MAX_FACE_VALUE_CENTS = 100_000  # 1 000 €: above it, a typing error


def euros(cents: int) -> str:
    """12345 → "123,45 €" (French writing, narrow no-break space before thousands)."""
    whole, rest = divmod(abs(cents), 100)
    text = f"{whole:,}".replace(",", "\u202f") + f",{rest:02d}\u00a0€"
    return f"-{text}" if cents < 0 else text


def staff_structure_ids(user: User) -> set[int]:
    """Structures whose vouchers the user handles (issue, redeem): their staff, or all for administrators."""
    from maillage.accounts.enums import STRUCTURE_ROLES
    from maillage.accounts.scoping import structure_filter
    from maillage.network.models import Structure

    return set(
        Structure.objects.filter(structure_filter(user, prefix="", roles=set(STRUCTURE_ROLES))).values_list(
            "pk", flat=True
        )
    )


class VoucherSeriesQuerySet(models.QuerySet["VoucherSeries"]):
    def usable_by(self, structure_ids: set[int]) -> VoucherSeriesQuerySet:
        """Series a structure may issue and redeem: its own, and its network's."""
        from maillage.network.models import Structure

        networks = Structure.objects.filter(pk__in=structure_ids, network__isnull=False).values("network_id")
        return self.filter(models.Q(structure_id__in=structure_ids) | models.Q(network_id__in=networks))


class VoucherSeries(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField("nom", max_length=200)
    structure = models.ForeignKey(
        "network.Structure", verbose_name="structure", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    network = models.ForeignKey(
        "network.Network", verbose_name="réseau", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    funder_partner = models.ForeignKey(
        "network.Partner", verbose_name="financeur (partenaire)", on_delete=models.PROTECT, null=True, blank=True
    )
    funder_name = models.CharField(
        "financeur (autre)",
        max_length=200,
        blank=True,
        help_text="Ex. Département du Rhône, s'il n'est pas partenaire.",
    )
    funder_key = models.CharField(max_length=220, editable=False)
    face_value_cents = models.PositiveIntegerField("valeur faciale (centimes)")
    valid_from = models.DateField("valable du")
    valid_until = models.DateField("valable jusqu'au")
    target = models.CharField("public visé", max_length=20, choices=Target.choices, default=Target.EVERYONE)
    target_detail = models.CharField("précision sur le public", max_length=200, blank=True)
    prefix = models.CharField(
        "préfixe des codes",
        max_length=6,
        unique=True,
        help_text="1 à 6 caractères (chiffres, lettres sauf I, L, O, U).",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VoucherSeriesQuerySet.as_manager()

    class Meta:
        verbose_name = "série de bons"
        verbose_name_plural = "séries de bons"
        ordering = ["-valid_from", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(structure__isnull=True, network__isnull=False)
                | models.Q(structure__isnull=False, network__isnull=True),
                name="voucher_series_one_owner",
                violation_error_message="Une série appartient à une structure ou à un réseau (un seul des deux).",
            ),
            models.CheckConstraint(
                condition=models.Q(funder_partner__isnull=False) | ~models.Q(funder_name=""),
                name="voucher_series_has_funder",
                violation_error_message="Indiquez le financeur : un partenaire ou un autre nom.",
            ),
            models.CheckConstraint(
                condition=models.Q(face_value_cents__gt=0, face_value_cents__lte=MAX_FACE_VALUE_CENTS),
                name="voucher_series_face_value_range",
                violation_error_message="La valeur faciale doit être comprise entre 0,01 € et 1 000 €.",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="voucher_series_validity_order",
                violation_error_message="La fin de validité doit suivre son début.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({euros(self.face_value_cents)})"

    def save(self, *args, **kwargs) -> None:
        self.funder_key = (
            f"partner-{self.funder_partner_id}" if self.funder_partner_id else f"name-{slugify(self.funder_name)}"
        )
        super().save(*args, **kwargs)

    @property
    def funder_label(self) -> str:
        return self.funder_partner.name if self.funder_partner else self.funder_name

    @property
    def owner_label(self) -> str:
        return str(self.structure or self.network)

    def clean(self) -> None:
        self.prefix = codes.normalise(self.prefix or "")
        if not codes.is_prefix(self.prefix):
            raise ValidationError(
                {"prefix": "Le préfixe compte 1 à 6 caractères : chiffres et lettres sauf I, L, O, U."}
            )
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": "La fin de validité doit suivre son début."})

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day <= self.valid_until

    def issue(self, *, structure: Structure, issued_by: User, person: Person | None = None) -> Voucher:
        """A new voucher of this series, handed out by a prescriber of `structure` (to a person file or anonymously)."""
        today = timezone.localdate()
        if today > self.valid_until:
            raise ValidationError(f"La série « {self.name} » n'est plus valable depuis le {self.valid_until:%d/%m/%Y}.")
        if person is not None and person.structure_id != structure.pk:
            raise ValidationError("Ce dossier appartient à une autre structure.")
        for _attempt in range(5):  # 40 random bits: a collision is rare, the unique index settles it
            try:
                with transaction.atomic():
                    return Voucher.objects.create(
                        series=self,
                        code=codes.new_code(self.prefix),
                        structure=structure,
                        person=person,
                        issued_by=issued_by,
                    )
            except IntegrityError:
                continue
        raise ValidationError("Aucun code libre n'a été trouvé : réessayez.")


class VoucherQuerySet(models.QuerySet["Voucher"]):
    def for_user(self, user: User) -> VoucherQuerySet:
        """Vouchers issued by the user's structures."""
        from maillage.accounts.enums import STRUCTURE_ROLES
        from maillage.accounts.scoping import structure_filter

        return self.filter(structure_filter(user, prefix="structure__", roles=set(STRUCTURE_ROLES)))

    def shown_as(self, status: str, day: dt.date) -> VoucherQuerySet:
        """Vouchers a person reads in this state on `day`: an issued voucher past its series' end is expired."""
        if status == VoucherStatus.EXPIRED:
            return self.filter(status=VoucherStatus.ISSUED, series__valid_until__lt=day)
        if status == VoucherStatus.ISSUED:
            return self.filter(status=VoucherStatus.ISSUED, series__valid_until__gte=day)
        return self.filter(status=status)


class Voucher(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    series = models.ForeignKey(VoucherSeries, verbose_name="série", on_delete=models.PROTECT, related_name="vouchers")
    code = models.CharField("code", max_length=20, unique=True)
    structure = models.ForeignKey(
        "network.Structure", verbose_name="structure prescriptrice", on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "counter.Person", verbose_name="dossier", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="prescripteur", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    issued_at = models.DateTimeField("émis le", default=timezone.now)
    status = models.CharField("état", max_length=20, choices=VoucherStatus.choices, default=VoucherStatus.ISSUED)
    cancelled_at = models.DateTimeField("annulé le", null=True, blank=True)

    objects = VoucherQuerySet.as_manager()

    class Meta:
        verbose_name = "bon"
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["structure", "issued_at"], name="voucher_structure_issued_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status=VoucherStatus.CANCELLED) | models.Q(cancelled_at__isnull=False),
                name="voucher_cancelled_has_date",
                violation_error_message="Un bon annulé porte sa date d'annulation.",
            ),
        ]

    def __str__(self) -> str:
        return f"Bon {self.printed_code}"

    @property
    def printed_code(self) -> str:
        return codes.grouped(self.code)

    @property
    def shown_status(self) -> str:
        """The status a person reads: an issued voucher past its validity is shown as expired."""
        if self.status == VoucherStatus.ISSUED and timezone.localdate() > self.series.valid_until:
            return VoucherStatus.EXPIRED.label
        return self.get_status_display()

    def cancel(self, *, by: User) -> None:
        """Cancel an issued voucher (lost, wrongly issued): a conditional update, so that a voucher
        redeemed meanwhile stays redeemed."""
        now = timezone.now()
        if not Voucher.objects.filter(pk=self.pk, status=VoucherStatus.ISSUED).update(
            status=VoucherStatus.CANCELLED, cancelled_at=now
        ):
            self.refresh_from_db(fields=["status"])
            raise ValidationError(f"Ce bon est « {self.get_status_display().lower()} » : il ne peut plus être annulé.")
        self.status, self.cancelled_at = VoucherStatus.CANCELLED, now
        _log(self, VoucherStatus.ISSUED, VoucherStatus.CANCELLED, by)

    def redeem(
        self,
        *,
        place: Place,
        redeemed_by: User,
        kind: str = RedemptionKind.REQUEST,
        request: Request | None = None,
        workshop: Any = None,
        when: dt.datetime | None = None,
    ) -> Redemption:
        """Redeem once, on a day within the series' validity: refused in French otherwise, under concurrency too."""
        when = when or timezone.now()
        day = timezone.localdate(when)
        series = self.series
        if day > series.valid_until:
            raise ValidationError(f"Ce bon a expiré le {series.valid_until:%d/%m/%Y} : il ne peut plus être utilisé.")
        if day < series.valid_from:
            raise ValidationError(f"Ce bon n'est valable qu'à partir du {series.valid_from:%d/%m/%Y}.")
        if not VoucherSeries.objects.usable_by({place.structure_id}).filter(pk=series.pk).exists():
            raise ValidationError("Ce bon n'est pas accepté dans ce lieu : sa série appartient à une autre structure.")
        if request is not None and request.place_id != place.pk:
            raise ValidationError("Cette demande a été enregistrée dans un autre lieu.")
        if workshop is not None and workshop.place_id != place.pk:
            raise ValidationError("Cet atelier a lieu dans un autre lieu.")
        with transaction.atomic():
            moved = Voucher.objects.filter(
                pk=self.pk,
                status=VoucherStatus.ISSUED,
                series__valid_from__lte=day,
                series__valid_until__gte=day,
            ).update(status=VoucherStatus.REDEEMED)
            if not moved:
                raise ValidationError(self._refusal())
            try:
                with transaction.atomic():
                    redemption = Redemption.objects.create(
                        voucher=self,
                        place=place,
                        structure_id=place.structure_id,
                        redeemed_by=redeemed_by,
                        redeemed_at=when,
                        kind=kind,
                        request=request,
                        workshop=workshop,
                        amount_cents=series.face_value_cents,
                    )
            except IntegrityError as exc:  # the one-to-one index: someone redeemed it in between
                raise ValidationError("Ce bon a déjà été utilisé.") from exc
            self.status = VoucherStatus.REDEEMED
            _log(self, VoucherStatus.ISSUED, VoucherStatus.REDEEMED, redeemed_by)
        return redemption

    def _refusal(self) -> str:
        current = Voucher.objects.values_list("status", flat=True).get(pk=self.pk)
        if current in {VoucherStatus.REDEEMED, VoucherStatus.PAID}:
            return "Ce bon a déjà été utilisé."
        if current == VoucherStatus.CANCELLED:
            return "Ce bon a été annulé : il ne peut pas être utilisé."
        return "Ce bon n'est plus valable : il ne peut pas être utilisé."


class RedemptionQuerySet(models.QuerySet["Redemption"]):
    def for_user(self, user: User) -> RedemptionQuerySet:
        """Redemptions made at the user's structures."""
        from maillage.accounts.enums import STRUCTURE_ROLES
        from maillage.accounts.scoping import structure_filter

        return self.filter(structure_filter(user, prefix="structure__", roles=set(STRUCTURE_ROLES)))

    def unpaid(self) -> RedemptionQuerySet:
        return self.filter(voucher__status=VoucherStatus.REDEEMED)


class Redemption(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # One-to-one: the database itself refuses a second redemption of the same voucher.
    voucher = models.OneToOneField(Voucher, verbose_name="bon", on_delete=models.PROTECT, related_name="redemption")
    place = models.ForeignKey("network.Place", verbose_name="lieu", on_delete=models.PROTECT, related_name="+")
    structure = models.ForeignKey("network.Structure", on_delete=models.PROTECT, related_name="+")
    redeemed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    redeemed_at = models.DateTimeField("utilisé le", default=timezone.now)
    amount_cents = models.PositiveIntegerField("montant (centimes)")
    kind = models.CharField("utilisé pour", max_length=20, choices=RedemptionKind.choices)
    request = models.ForeignKey(
        "counter.Request", verbose_name="demande", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    workshop = models.ForeignKey(
        "workshops.Session", verbose_name="atelier", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    claim = models.ForeignKey(
        "Claim",
        verbose_name="demande de remboursement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="redemptions",
    )

    objects = RedemptionQuerySet.as_manager()

    class Meta:
        verbose_name = "utilisation d'un bon"
        verbose_name_plural = "utilisations de bons"
        ordering = ["-redeemed_at", "-pk"]
        indexes = [models.Index(fields=["structure", "redeemed_at"], name="redemption_structure_day_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind=RedemptionKind.REQUEST) | models.Q(request__isnull=True),
                name="redemption_request_only_for_requests",
                violation_error_message="Seule une utilisation au guichet peut être rattachée à une demande.",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=RedemptionKind.WORKSHOP) | models.Q(workshop__isnull=True),
                name="redemption_workshop_only_for_workshops",
                violation_error_message="Seule une utilisation en atelier peut être rattachée à un atelier.",
            ),
        ]

    def __str__(self) -> str:
        return f"Utilisation du {self.voucher}"


class ClaimQuerySet(models.QuerySet["Claim"]):
    def for_user(self, user: User) -> ClaimQuerySet:
        """Claims of the structures the user manages (managers, coordinators of their network, administrators)."""
        from maillage.accounts.scoping import managed_structure_filter

        return self.filter(managed_structure_filter(user, prefix="structure__"))


class Claim(models.Model):
    """What a structure asks one funder for one month: the redemptions it covers, drafted, sent, paid."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    structure = models.ForeignKey(
        "network.Structure", verbose_name="structure", on_delete=models.PROTECT, related_name="+"
    )
    funder_key = models.CharField(max_length=220)
    funder_label = models.CharField("financeur", max_length=200)
    month = models.DateField("mois")  # first day of the month claimed
    status = models.CharField("état", max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.DRAFTED)
    amount_cents = models.PositiveIntegerField("montant (centimes)", default=0)
    count = models.PositiveIntegerField("bons", default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField("envoyée le", null=True, blank=True)
    paid_at = models.DateField("payée le", null=True, blank=True)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        verbose_name = "demande de remboursement"
        verbose_name_plural = "demandes de remboursement"
        ordering = ["-month", "funder_label"]
        constraints = [
            models.UniqueConstraint(
                fields=["structure", "funder_key", "month"],
                name="claim_once_per_funder_and_month",
                violation_error_message="Une demande existe déjà pour ce financeur et ce mois.",
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1),
                name="claim_month_first_day",
                violation_error_message="Le mois d'une demande commence le 1er.",
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ClaimStatus.PAID) | models.Q(paid_at__isnull=False),
                name="claim_paid_has_date",
                violation_error_message="Une demande payée porte sa date de paiement.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funder_label} — {self.month:%m/%Y}"

    @property
    def month_end(self) -> dt.date:
        following = (self.month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return following - dt.timedelta(days=1)

    def _move(self, to: str, **fields: object) -> None:
        with transaction.atomic():
            current = Claim.objects.select_for_update().values_list("status", flat=True).get(pk=self.pk)
            if to not in CLAIM_TRANSITIONS.get(current, set()):
                raise ValidationError(
                    f"Cette demande est « {ClaimStatus(current).label.lower()} » : "
                    f"elle ne peut pas passer à « {ClaimStatus(to).label.lower()} »."
                )
            for name, value in fields.items():
                setattr(self, name, value)
            self.status = to
            self.save(update_fields=["status", *fields])
            if to == ClaimStatus.PAID:
                Voucher.objects.filter(redemption__claim=self, status=VoucherStatus.REDEEMED).update(
                    status=VoucherStatus.PAID
                )

    def mark_sent(self) -> None:
        self._move(ClaimStatus.SENT, sent_at=timezone.now())

    def mark_paid(self, day: dt.date | None = None) -> None:
        day = day or timezone.localdate()
        if day > timezone.localdate():
            raise ValidationError("La date de paiement ne peut pas être dans le futur.")
        self._move(ClaimStatus.PAID, paid_at=day)


def _log(voucher: Voucher, before: str, after: str, actor: User | None) -> None:
    """A change made by a conditional UPDATE (not seen by auditlog's signals) still leaves an audit line."""
    from auditlog.models import LogEntry

    LogEntry.objects.log_create(
        voucher, action=LogEntry.Action.UPDATE, changes={"status": [before, after]}, actor=actor, force_log=True
    )
