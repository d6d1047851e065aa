"""django-auditlog registration: who created, edited, closed a survey or renewed its link."""

from auditlog.registry import auditlog

from maillage.surveys.models import Survey

# The key itself stays out of the log: an entry says that it changed, not what it is.
auditlog.register(Survey, mask_fields=["public_key"])
