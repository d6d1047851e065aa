"""Background work of the network app (django-tasks, database backend)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from maillage.accounts.models import Invitation


@task()
def send_invitation_email(invitation_id: int, base_url: str) -> bool:
    """E-mail the invitation link; the task carries the invitation id only, never the address."""
    invitation = Invitation.objects.select_related("structure").filter(pk=invitation_id).first()
    if invitation is None or not invitation.is_usable:
        return False
    link = base_url.rstrip("/") + reverse("accounts:accept_invitation", args=[invitation.token])
    send_mail(
        subject=f"Invitation à rejoindre {invitation.structure.name} sur Maillage",
        message=(
            f"Bonjour,\n\nVous êtes invité·e à rejoindre l'équipe de {invitation.structure.name} "
            f"({invitation.get_role_display()}).\nPour créer votre accès, ouvrez ce lien avant le "
            f"{invitation.expires_at:%d/%m/%Y} :\n{link}\n\nL'équipe Maillage"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[invitation.email],
    )
    return True


def remind_stale_places(now: dt.datetime, base_url: str) -> int:
    """E-mail each structure's managers the places not confirmed for PLACE_CONFIRM_MONTHS; once a period."""
    from maillage.accounts.enums import Role
    from maillage.accounts.models import Membership
    from maillage.network.models import Place

    period = dt.timedelta(days=30 * settings.PLACE_CONFIRM_MONTHS)
    stale = Place.objects.filter(confirmed_at__lt=now - period).filter(
        Q(confirm_reminded_at__isnull=True) | Q(confirm_reminded_at__lt=now - period)
    )
    by_structure: dict[int, list[Place]] = defaultdict(list)
    for place in stale.select_related("structure").order_by("name"):
        by_structure[place.structure_id].append(place)
    sent = 0
    for structure_id, places in by_structure.items():
        structure = places[0].structure
        emails = list(
            Membership.objects.filter(
                structure_id=structure_id, role=Role.STRUCTURE_MANAGER, user__is_active=True
            ).values_list("user__email", flat=True)
        )
        if not emails:
            continue
        link = base_url.rstrip("/") + reverse("network:structure", args=[structure.uuid])
        lines = "\n".join(f"- {p.name} (confirmé le {timezone.localtime(p.confirmed_at):%d/%m/%Y})" for p in places)
        send_mail(
            subject=f"{structure.name} : des informations de lieux à confirmer",
            message=(
                f"Bonjour,\n\nCes lieux n'ont pas été confirmés depuis plus de {settings.PLACE_CONFIRM_MONTHS} mois :\n"
                f"{lines}\n\nVérifiez horaires et services, puis cliquez « Confirmer à jour » ou modifiez-les :\n"
                f"{link}\n\nL'équipe Maillage"
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=emails,
        )
        Place.objects.filter(pk__in=[p.pk for p in places]).update(confirm_reminded_at=now)
        sent += 1
    return sent


@task()
def places_freshness_daily(base_url: str) -> int:
    """Runs every day: reminds managers of stale places, then books tomorrow's run."""
    from maillage.scheduling import schedule_once

    sent = remind_stale_places(timezone.now(), base_url)
    schedule_once(places_freshness_daily, base_url, run_after=timezone.now() + dt.timedelta(days=1))
    return sent
