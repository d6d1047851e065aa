"""django-auditlog registration: every entry of a profile and the proposals (accepted or refused)."""

from auditlog.registry import auditlog

from maillage.people.models import (
    Assignment,
    EmploymentPeriod,
    Habilitation,
    Language,
    ProfileChangeProposal,
    Skill,
    Training,
)

for model in (EmploymentPeriod, Assignment, Skill, Training, Habilitation, Language, ProfileChangeProposal):
    auditlog.register(model)
