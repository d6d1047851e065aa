"""Referral e-mails, reminders, expiry and anonymisation (django-tasks, database backend)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from maillage.referrals.enums import CLOSED_STATUSES, Status
from maillage.referrals.links import make_token
from maillage.referrals.models import Referral, ReferralAttachment
from maillage.scheduling import schedule_once


def _recipient_and_link(referral: Referral, base_url: str) -> tuple[str, str]:
    base = base_url.rstrip("/")
    if referral.is_external:
        return referral.external_email, base + reverse("referrals:answer", args=[make_token(referral)])
    email = referral.to_structure.email if referral.to_structure else ""
    return email, base + reverse("referrals:detail", args=[referral.uuid])


def _send(referral: Referral, base_url: str, *, reminder: bool) -> bool:
    recipient, link = _recipient_and_link(referral, base_url)
    if not recipient:
        return False
    subject = ("Rappel : " if reminder else "") + f"Orientation de {referral.from_structure.name}"
    send_mail(
        subject=subject,
        message=(
            f"Bonjour,\n\n{referral.from_structure.name} vous adresse une personne.\n"
            f"Pour voir l'orientation et y répondre (accepter, refuser, indiquer la suite) :\n{link}\n\n"
            f"Sans réponse, l'orientation expirera le {timezone.localtime(referral.expires_at):%d/%m/%Y}.\n\n"
            "L'équipe Maillage"
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[recipient],
    )
    return True


@task()
def notify_referral(referral_id: int, base_url: str) -> bool:
    """E-mail the receiving side; the task carries the referral id, never personal data."""
    referral = Referral.objects.select_related("from_structure", "to_structure").filter(pk=referral_id).first()
    return bool(referral and referral.status == Status.SENT and _send(referral, base_url, reminder=False))


def run_daily(now: dt.datetime, base_url: str) -> dict[str, int]:
    """Remind unanswered referrals, expire old open ones, anonymise long-closed ones."""
    counts = {"reminded": 0, "expired": 0, "anonymised": 0}
    for referral in Referral.objects.filter(status__in=[Status.SENT, Status.ACCEPTED], expires_at__lte=now):
        referral.expire()
        counts["expired"] += 1
    remind_before = now - dt.timedelta(days=settings.REFERRAL_REMINDER_DAYS)
    for referral in Referral.objects.filter(
        status=Status.SENT, created_at__lte=remind_before, reminded_at__isnull=True
    ).select_related("from_structure", "to_structure"):
        if _send(referral, base_url, reminder=True):
            referral.reminded_at = now
            referral.save(update_fields=["reminded_at"])
            counts["reminded"] += 1
    attachments_before = now - dt.timedelta(days=settings.REFERRAL_ATTACHMENT_DAYS)
    counts["attachments"] = 0
    for attachment in ReferralAttachment.objects.filter(uploaded_at__lte=attachments_before):
        attachment.delete()
        counts["attachments"] += 1
    anonymise_before = now - dt.timedelta(days=settings.REFERRAL_ANONYMISE_DAYS)
    for referral in Referral.objects.filter(
        status__in=list(CLOSED_STATUSES), closed_at__lte=anonymise_before, anonymised_at__isnull=True
    ):
        referral.anonymise()
        counts["anonymised"] += 1
    return counts


@task()
def referrals_daily(base_url: str) -> dict[str, int]:
    """Runs every day: does the daily work, then enqueues tomorrow's run."""
    counts = run_daily(timezone.now(), base_url)
    schedule_once(referrals_daily, base_url, run_after=timezone.now() + dt.timedelta(days=1))
    return counts
