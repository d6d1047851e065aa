"""Users, their memberships (role within a structure, a network or for a partner) and invitations."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone

from maillage.accounts.enums import MFA_ROLES, STRUCTURE_ROLES, Role

INVITATION_VALIDITY = dt.timedelta(days=14)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("Une adresse e-mail est obligatoire.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField("adresse e-mail", unique=True)
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []
    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["email"]

    def __str__(self) -> str:
        full = self.get_full_name()
        return full or self.email

    def roles(self) -> set[str]:
        if not hasattr(self, "_roles_cache"):
            self._roles_cache = set(self.memberships.values_list("role", flat=True))
            if self.is_superuser:
                self._roles_cache.add(Role.ADMINISTRATOR)
        return self._roles_cache

    @property
    def is_administrator(self) -> bool:
        return Role.ADMINISTRATOR in self.roles()

    @property
    def can_study_territory(self) -> bool:
        """Coverage and siting pages (`/territoire/`): network coordinators and administrators."""
        return bool(self.roles() & {Role.NETWORK_COORDINATOR, Role.ADMINISTRATOR})

    @property
    def needs_second_factor(self) -> bool:
        return bool(self.roles() & MFA_ROLES)


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("rôle", max_length=30, choices=Role.choices)
    structure = models.ForeignKey(
        "network.Structure",
        verbose_name="structure",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
    )
    network = models.ForeignKey(
        "network.Network",
        verbose_name="réseau",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
    )
    partner = models.ForeignKey(
        "network.Partner",
        verbose_name="partenaire",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "rattachement"
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        role__in=[r.value for r in sorted(STRUCTURE_ROLES)],
                        structure__isnull=False,
                        network__isnull=True,
                        partner__isnull=True,
                    )
                    | models.Q(
                        role=Role.NETWORK_COORDINATOR,
                        network__isnull=False,
                        structure__isnull=True,
                        partner__isnull=True,
                    )
                    | models.Q(role=Role.PARTNER_VIEWER, partner__isnull=False, structure__isnull=True)
                    | models.Q(
                        role=Role.ADMINISTRATOR,
                        structure__isnull=True,
                        network__isnull=True,
                        partner__isnull=True,
                    )
                ),
                name="membership_scope_matches_role",
                violation_error_message=(
                    "Le rattachement ne correspond pas au rôle : une structure pour les médiateurs et responsables, "
                    "un réseau pour la coordination, un partenaire pour les partenaires."
                ),
            ),
            *[
                models.UniqueConstraint(
                    fields=["user", "role", scope],
                    condition=models.Q(**{f"{scope}__isnull": False}),
                    name=f"membership_unique_{scope}",
                    violation_error_message="Cette personne a déjà ce rôle ici.",
                )
                for scope in ("structure", "network", "partner")
            ],
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(role="administrator"),
                name="membership_unique_administrator",
                violation_error_message="Cette personne est déjà administratrice.",
            ),
        ]

    def __str__(self) -> str:
        scope = self.structure or self.network or self.partner or "plateforme"
        return f"{self.user} — {self.get_role_display()} — {scope}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def invitation_expiry() -> dt.datetime:
    return timezone.now() + INVITATION_VALIDITY


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField("adresse e-mail")
    role = models.CharField("rôle", max_length=30, choices=[(r.value, r.label) for r in sorted(STRUCTURE_ROLES)])
    structure = models.ForeignKey("network.Structure", on_delete=models.CASCADE, related_name="invitations")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} → {self.structure}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])

    def accept(self, user: User) -> Membership:
        membership, _ = Membership.objects.get_or_create(user=user, role=self.role, structure=self.structure)
        self.accepted_at = timezone.now()
        self.save(update_fields=["accepted_at"])
        return membership
