"""Vocabularies of outreach ("aller vers"): kinds of campaign and results of a contact attempt."""

from __future__ import annotations

from django.db import models


class CampaignKind(models.TextChoices):
    DOOR_TO_DOOR = "door_to_door", "Porte-à-porte"
    PERMANENCE = "permanence", "Permanence"
    EVENT = "event", "Événement"
    BUS_TOUR = "bus_tour", "Tournée en bus"
    STATION_TRAIN = "station_train", "Gare ou train"


class AttemptResult(models.TextChoices):
    ABSENT = "absent", "Absent"
    REFUSED = "refused", "Refus"
    CONTACT_MADE = "contact_made", "Contact établi"
    REQUEST_RECORDED = "request_recorded", "Demande enregistrée"
    REFERRED = "referred", "Orienté"


# A contact is made whenever someone answered and talked: the three results past "absent" and "refused".
CONTACT_MADE = {AttemptResult.CONTACT_MADE, AttemptResult.REQUEST_RECORDED, AttemptResult.REFERRED}
