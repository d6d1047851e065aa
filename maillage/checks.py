"""System checks for a misconfigured deployment (run by `maillage check`, and at start-up)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from maillage.territory.management.commands.geo import DEFAULT_COG_DIR


@register(Tags.staticfiles)
def vendor_assets_check(app_configs: Any, **kwargs: Any) -> list[Error]:
    missing = [prefix for prefix, path in settings.VENDOR_ASSETS.items() if not path.is_dir()]
    if not missing:
        return []
    return [
        Error(
            f"Fichiers front-end manquants : {', '.join(missing)}.",
            hint="Lancez « make install » (npm ci) pour installer Leaflet et ses extensions.",
            id="maillage.E001",
        )
    ]


@register()
def reference_data_check(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if (settings.REFERENCE_DATA_DIR / DEFAULT_COG_DIR).is_dir():
        return []
    return [
        Warning(
            "Le paquet de géographie officielle (COG) est absent : « maillage geo load » échouera.",
            hint="Lancez « make install » (npm pack @etalab/decoupage-administratif@6.0.0).",
            id="maillage.W001",
        )
    ]


@register(Tags.security, deploy=True)
def production_checks(app_configs: Any, **kwargs: Any) -> list[Warning]:
    warnings = []
    if settings.PRODUCTION and settings.EMAIL_BACKEND.endswith("console.EmailBackend"):
        warnings.append(
            Warning(
                "Les e-mails sont écrits dans la console en production : aucun ne partira.",
                hint="Réglez EMAIL_BACKEND et EMAIL_HOST.",
                id="maillage.W002",
            )
        )
    if settings.PRODUCTION and settings.MAP_TILES_URL.startswith("http://"):
        warnings.append(
            Warning(
                "MAP_TILES_URL utilise http:// : les tuiles seront bloquées sur un site en HTTPS.",
                id="maillage.W003",
            )
        )
    if settings.PRODUCTION and not settings.MAILLAGE_REQUIRE_MFA:
        warnings.append(Warning("Le second facteur n'est plus exigé (MAILLAGE_REQUIRE_MFA=false).", id="maillage.W004"))
    return warnings


@register(Tags.security)
def encryption_keys_check(app_configs: Any, **kwargs: Any) -> list[Error]:
    """Every key must be a Fernet key, and the stored person files must be readable with them."""
    from cryptography.fernet import Fernet
    from django.db import DatabaseError

    from maillage.lib.crypto import DecryptionError

    errors = []
    for position, key in enumerate(settings.FIELD_ENCRYPTION_KEYS, start=1):
        try:
            Fernet(key.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            errors.append(
                Error(
                    f"FIELD_ENCRYPTION_KEYS : la clé n° {position} n'est pas une clé Fernet valide.",
                    hint="Une clé Fernet fait 32 octets encodés en base64 (44 caractères) ; "
                    "générez-en une avec « python -c 'from cryptography.fernet import Fernet; "
                    "print(Fernet.generate_key().decode())' ».",
                    id="maillage.E003",
                )
            )
    if errors or not settings.FIELD_ENCRYPTION_KEYS:
        return errors
    from maillage.counter.models import Person

    try:
        Person.objects.order_by("pk").first()
    except DecryptionError:
        return [
            Error(
                "Les dossiers personnes sont illisibles : clé de chiffrement incorrecte (FIELD_ENCRYPTION_KEYS).",
                hint="Remettez la clé qui a chiffré les données (en dernière position si vous en ajoutez une "
                "nouvelle), puis lancez « maillage rotate_keys ».",
                id="maillage.E002",
            )
        ]
    except DatabaseError:
        return []  # database not reachable or not migrated yet: nothing to read
    return []
