"""django-auditlog registration: who created, renamed or revoked a partner API token.

The digest of the secret stays out of the log, and so does each call's `last_used_at` (calls have
their own log, `ApiCall`)."""

from auditlog.registry import auditlog

from maillage.reports.models import ApiToken

auditlog.register(ApiToken, exclude_fields=["secret_hash", "last_used_at"])
