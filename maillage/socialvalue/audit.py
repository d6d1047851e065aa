"""django-auditlog registration: every change of a network's social-value parameters keeps its history."""

from auditlog.registry import auditlog

from maillage.socialvalue.models import PartnerCounter, PartnerParameters, SocialValueParameters

auditlog.register(SocialValueParameters)
auditlog.register(PartnerParameters)
auditlog.register(PartnerCounter)
