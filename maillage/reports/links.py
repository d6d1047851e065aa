"""Shared report links: a signed token naming a ReportLink row, which can expire or be revoked."""

from __future__ import annotations

from django.core import signing

from maillage.reports.models import ReportLink

SALT = "maillage.reports.link"


class LinkError(Exception):
    """The link cannot be used; the message is French and says why."""


def token_for(link: ReportLink) -> str:
    return signing.Signer(salt=SALT).sign(str(link.uuid))


def read_token(token: str) -> ReportLink:
    try:
        value = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        raise LinkError("Ce lien de rapport n'est pas valide : vérifiez qu'il a été copié en entier.") from None
    link = ReportLink.objects.select_related("created_by").filter(uuid=value).first()
    if link is None:
        raise LinkError("Ce lien de rapport n'existe plus.")
    if link.revoked_at is not None:
        raise LinkError(
            f"Ce lien a été désactivé le {link.revoked_at:%d/%m/%Y}. Demandez un nouveau lien à la structure."
        )
    if not link.is_usable:
        raise LinkError(f"Ce lien a expiré le {link.expires_at:%d/%m/%Y}. Demandez un nouveau lien à la structure.")
    return link
