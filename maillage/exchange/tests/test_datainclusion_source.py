"""A deployment names itself in the data·inclusion files; a malformed name stops start-up in French."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest

from maillage.exchange.datainclusion import build, published_places
from maillage.factories import PlaceFactory


@pytest.mark.django_db
def test_configured_source_names_every_row_and_prefixes_every_id(settings: Any) -> None:
    settings.DATA_INCLUSION_SOURCE = "pimms-aura"
    place = PlaceFactory(summary="Accueil sans rendez-vous")
    export = build(published_places())
    assert [(row["source"], row["id"]) for row in export.structures] == [("pimms-aura", f"pimms-aura--{place.uuid}")]
    assert [row["id"] for row in export.services] == [f"pimms-aura--{place.uuid}--admin_procedures"]
    assert {row["source"] for row in export.services} == {"pimms-aura"}


def test_a_source_that_is_not_a_lower_case_slug_stops_start_up() -> None:
    env = {**os.environ, "DATA_INCLUSION_SOURCE": "Maillage AURA"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os; os.environ['DJANGO_SETTINGS_MODULE']='maillage.settings'; "
            "from django.conf import settings; settings.DEBUG",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DATA_INCLUSION_SOURCE='Maillage AURA' : lettres minuscules, chiffres et tirets attendus." in result.stderr
