"""django-auditlog registration: campaigns (with their territory, partners and team) and contact attempts."""

from auditlog.registry import auditlog

from maillage.outreach.models import Campaign, ContactAttempt

auditlog.register(Campaign, m2m_fields={"communes", "partners", "team"})
auditlog.register(ContactAttempt, mask_fields=["note"])
