"""django-auditlog registration: tickets carry no identity; transitions write their own entry (models.py)."""

from auditlog.registry import auditlog

from maillage.tickets.models import Ticket

auditlog.register(Ticket, include_fields=["status", "visit", "redirect_kind", "redirect_reason"])
