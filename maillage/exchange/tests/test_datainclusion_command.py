"""`maillage export data-inclusion --out DIR` writes two files the package validates, and says so in French."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from maillage.exchange.tests.datainclusion_checks import assert_valid
from maillage.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def test_command_writes_valid_structures_and_services(tmp_path: Path) -> None:
    place = PlaceFactory(name="Lieu ouvert", summary="Accueil sans rendez-vous")
    PlaceFactory(name="Lieu caché", summary="Accueil réservé", is_published=False)
    PlaceFactory(name="Lieu muet")
    out, err = StringIO(), StringIO()
    call_command(
        "export",
        "data-inclusion",
        "--out",
        str(tmp_path / "di"),
        "--url-base",
        "https://m.example.org",
        stdout=out,
        stderr=err,
    )
    structures = json.loads((tmp_path / "di" / "structures.json").read_text(encoding="utf-8"))
    services = json.loads((tmp_path / "di" / "services.json").read_text(encoding="utf-8"))
    assert_valid(structures, services)
    assert sorted(row["nom"] for row in structures) == ["Lieu muet", "Lieu ouvert"]
    assert [row["structure_id"] for row in services] == [f"maillage--{place.uuid}"]
    assert structures[0]["lien_source"].startswith("https://m.example.org/lieux/")
    assert "2 structure(s) et 1 service(s) data·inclusion, 1 élément(s) écarté(s)." in out.getvalue()
    assert "Licence Ouverte" in out.getvalue()
    assert "Écarté — Lieu muet : services non publiés, présentation du lieu absente" in err.getvalue()


def test_command_refuses_a_base_url_that_is_not_a_web_address(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="une adresse en https:// est attendue"):
        call_command("export", "data-inclusion", "--out", str(tmp_path), "--url-base", "maillage.fr")
    assert list(tmp_path.iterdir()) == []
