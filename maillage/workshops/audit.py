"""django-auditlog registration: sessions, registrations (roll call, cancellations) and skills checks."""

from auditlog.registry import auditlog

from maillage.workshops.models import Registration, Session, SkillsCheck

auditlog.register(Session, exclude_fields=["seats_taken"], m2m_fields={"partners"})
auditlog.register(Registration)
auditlog.register(SkillsCheck, mask_fields=["answers"])
