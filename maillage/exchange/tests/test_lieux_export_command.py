"""`maillage export lieux`: the national file of all published places, of a structure or of a network."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from maillage.exchange.tests.official_schema import csv_errors
from maillage.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def _names(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["nom"] for row in csv.DictReader(handle)]


def test_every_published_place_is_exported_with_a_french_summary(
    cast: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    PlaceFactory(structure=cast.structure_a, name="Brouillon", is_published=False)
    broken = PlaceFactory(structure=cast.structure_b, name="Lieu sans adresse", address="")
    out = tmp_path / "lieux.csv"
    call_command("export", "lieux", "--format", "csv", "--out", str(out))
    assert _names(out) == ["Lieu A", "Lieu B"]
    assert csv_errors(out.read_text(encoding="utf-8")) == []
    stdout, stderr = capsys.readouterr()
    assert stdout.strip() == f"2 lieux exportés dans {out}, 1 lieu non exporté."
    assert stderr.splitlines() == [
        "Lieux non exportés, à compléter :",
        f"- « Lieu sans adresse » ({broken.uuid}) : Adresse : à renseigner.",
    ]


@pytest.mark.parametrize("how", ["pivot", "uuid"])
def test_structure_option_takes_a_siret_or_a_uuid(cast: Any, tmp_path: Path, how: str) -> None:
    out = tmp_path / "a.json"
    call_command(
        "export", "lieux", "--format", "json", "--out", str(out), "--structure", str(getattr(cast.structure_a, how))
    )
    assert [r["nom"] for r in json.loads(out.read_text(encoding="utf-8"))] == ["Lieu A"]


@pytest.mark.parametrize("how", ["name", "uuid"])
def test_network_option_takes_a_name_or_a_uuid(cast: Any, tmp_path: Path, how: str) -> None:
    out = tmp_path / "b.csv"
    call_command(
        "export", "lieux", "--format", "csv", "--out", str(out), "--network", str(getattr(cast.network_b, how))
    )
    assert _names(out) == ["Lieu B"]


def test_an_unknown_structure_or_network_is_refused_and_nothing_is_written(cast: Any, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    with pytest.raises(CommandError, match="Structure introuvable : « 12345678901234 »") as error:
        call_command("export", "lieux", "--format", "csv", "--out", str(out), "--structure", "12345678901234")
    assert error.value.returncode == 2
    with pytest.raises(CommandError, match="Réseau introuvable : « Réseau Z »"):
        call_command("export", "lieux", "--format", "csv", "--out", str(out), "--network", "Réseau Z")
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_refused(cast: Any, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Dossier introuvable"):
        call_command("export", "lieux", "--format", "csv", "--out", str(tmp_path / "absent" / "x.csv"))


def test_one_scope_at_most_and_a_known_format(cast: Any, tmp_path: Path) -> None:
    out = str(tmp_path / "x.csv")
    with pytest.raises(CommandError, match="--network"):
        call_command("export", "lieux", "--format", "csv", "--out", out, "--structure", "a", "--network", "b")
    with pytest.raises(CommandError, match="xlsx"):
        call_command("export", "lieux", "--format", "xlsx", "--out", out)
    assert list(tmp_path.iterdir()) == []
