"""The daily reminder of followed rights: each mediator gets one e-mail listing how many rights are due."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from maillage.rights.models import FollowedRight
from maillage.scheduling import schedule_once


def send_reminders(day: dt.date, base_url: str) -> int:
    """One e-mail per mediator with reminders due and not yet sent; no personal data in it, only a count
    and the link to the list (the menu badge shows the same count). Returns the number of e-mails."""
    due = FollowedRight.objects.reminder_due(day).filter(mediator__isnull=False, mediator__is_active=True)
    due = due.filter(reminder_sent_on__isnull=True).select_related("mediator")  # set_reminder clears it
    per_mediator: Counter[int] = Counter()
    addresses: dict[int, str] = {}
    ids: list[int] = []
    for followed in due:
        per_mediator[followed.mediator_id] += 1  # type: ignore[index]
        addresses[followed.mediator_id] = followed.mediator.email  # type: ignore[index, union-attr]
        ids.append(followed.pk)
    link = base_url.rstrip("/") + reverse("rights:list")
    for mediator_id, count in per_mediator.items():
        plural = "s" if count > 1 else ""
        send_mail(
            subject=f"Droits à suivre : {count} rappel{plural} aujourd'hui",
            message=(
                f"Bonjour,\n\n{count} droit{plural} que vous suivez arrive{'nt' if count > 1 else ''} "
                f"à la date de rappel que vous avez choisie.\nPour les voir :\n{link}\n\nL'équipe Maillage"
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[addresses[mediator_id]],
        )
    FollowedRight.objects.filter(pk__in=ids).update(reminder_sent_on=day)
    return len(per_mediator)


@task()
def rights_daily(base_url: str) -> int:
    """Runs every day: sends the due reminders, then books tomorrow's run."""
    sent = send_reminders(timezone.localdate(), base_url)
    schedule_once(rights_daily, base_url, run_after=timezone.now() + dt.timedelta(days=1))
    return sent


RESCREEN_HOUR = 2  # local time: the service and the database are quiet
RETRY = dt.timedelta(minutes=2)  # the service did not answer: files are still waiting, try again soon


@task()
def rescreen_nightly() -> dict[str, int]:
    """Runs every night: re-screens the files that need it (`rights/rescreening.py`), then books the next
    night, or a new try in a few minutes when the service did not answer."""
    from maillage.rights.rescreening import rescreen

    report = rescreen()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    next_run = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(RESCREEN_HOUR)))
    if report.unavailable:
        next_run = min(next_run, timezone.now() + RETRY)
    schedule_once(rescreen_nightly, run_after=next_run)
    return {"candidates": report.candidates, "screened": report.screened, "new_rights": report.new_rights}
