"""django-auditlog registration: every change of requests, persons, mandates and follow-ups."""

from auditlog.registry import auditlog

from maillage.counter.models import FollowUp, Mandate, Person, Request

IDENTITY_FIELDS = ["first_name", "last_name", "birth_date", "phone", "email", "address", "partner_numbers"]

auditlog.register(Request)
auditlog.register(Person, mask_fields=IDENTITY_FIELDS, exclude_fields=["lookup_key", "last_activity_at"])
auditlog.register(Mandate)
auditlog.register(FollowUp, mask_fields=["note"])


def mask_completely(value: str) -> str:
    """Audit entries say that an identity field changed, never any part of its value."""
    return "••••••" if value not in ("", "None") else value
