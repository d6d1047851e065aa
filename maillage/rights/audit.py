"""django-auditlog registration: every change of a followed right (its reason and note masked)."""

from auditlog.registry import auditlog

from maillage.rights.models import FollowedRight

auditlog.register(FollowedRight, mask_fields=["reason", "note"], exclude_fields=["reminder_sent_on"])
