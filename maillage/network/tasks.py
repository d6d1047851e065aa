"""Background work of the network app (django-tasks, database backend)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
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
