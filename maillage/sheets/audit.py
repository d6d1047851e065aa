"""django-auditlog registration: edits of a sheet's working copy (transitions log their own line)."""

from auditlog.registry import auditlog

from maillage.sheets.models import PracticeSheet, SheetReport

auditlog.register(PracticeSheet)
auditlog.register(SheetReport)
