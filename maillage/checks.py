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
