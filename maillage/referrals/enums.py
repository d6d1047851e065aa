from django.db import models


class Status(models.TextChoices):
    SENT = "sent", "Envoyée"
    ACCEPTED = "accepted", "Acceptée"
    REFUSED = "refused", "Refusée"
    DONE = "done", "Réalisée"
    NO_SHOW = "no_show", "Personne non venue"
    EXPIRED = "expired", "Expirée"


OPEN_STATUSES = {Status.SENT, Status.ACCEPTED}
CLOSED_STATUSES = {Status.REFUSED, Status.DONE, Status.NO_SHOW, Status.EXPIRED}
TRANSITIONS: dict[str, set[str]] = {
    Status.SENT: {Status.ACCEPTED, Status.REFUSED, Status.EXPIRED},
    Status.ACCEPTED: {Status.DONE, Status.NO_SHOW, Status.EXPIRED},
}
