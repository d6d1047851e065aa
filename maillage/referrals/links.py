"""Signed, expiring answer links for receivers without an account. The URL carries no personal data."""

from __future__ import annotations

from django.conf import settings
from django.core import signing

from maillage.referrals.models import Referral

SALT = "maillage.referrals.answer"


class LinkError(Exception):
    """The link is tampered with, expired, or points to nothing: the message is shown as is."""


def make_token(referral: Referral) -> str:
    return signing.TimestampSigner(salt=SALT).sign(str(referral.uuid))


def read_token(token: str) -> Referral:
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=settings.REFERRAL_LINK_DAYS * 86400)
    except signing.SignatureExpired:
        raise LinkError("Ce lien a expiré. Contactez la structure qui vous a adressé la personne.") from None
    except signing.BadSignature:
        raise LinkError("Ce lien n'est pas valide : vérifiez qu'il a été copié en entier.") from None
    referral = Referral.objects.select_related("from_structure").filter(uuid=value).first()
    if referral is None:
        raise LinkError("Cette orientation n'existe plus.")
    return referral
