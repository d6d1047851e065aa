"""`maillage import lieux`: French output, exit codes, dry run and --structure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from maillage.factories import StructureFactory
from maillage.network.models import Place, Structure

pytestmark = pytest.mark.django_db

V0_FILE = Path(__file__).parent / "data" / "lieux-v0-region.json"


def test_the_command_imports_and_prints_rejections_warnings_and_summary(capsys):
    call_command("import", "lieux", str(V0_FILE))
    out, err = capsys.readouterr()
    assert "27 lieu(x) ont été créé(s), 0 mis à jour, 0 inchangé(s), 4 ligne(s) rejetée(s)" in out
    assert "lieux-v0-region.json, élément 20, champ horaires : « Du lundi au vendredi de 9h à 12h »" in out
    assert "lieux-v0-region.json, élément 29, champ nom : valeur manquante (champ obligatoire du standard)." in err
    assert Place.objects.count() == 27


def test_the_dry_run_prints_the_plan_and_writes_nothing(capsys):
    call_command("import", "lieux", str(V0_FILE), "--dry-run")
    out, _ = capsys.readouterr()
    assert "Simulation, rien n'a été enregistré : 27 lieu(x) seraient créé(s)" in out
    assert "Hub numérique Exemple (sans SIRET)" in out
    assert (Place.objects.count(), Structure.objects.count()) == (0, 0)


def test_the_structure_option_takes_a_siret(capsys):
    structure = StructureFactory()
    call_command("import", "lieux", str(V0_FILE), "--structure", structure.pivot)
    assert structure.places.count() == 27


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "maillage", "import", "lieux", *args], capture_output=True, text=True, check=False
    )


def test_a_refused_file_exits_with_code_2_and_one_french_line(tmp_path):
    bad = tmp_path / "lieux.json"
    bad.write_text('{"lieux": []}', encoding="utf-8")
    result = run_cli(str(bad), "--dry-run")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "Erreur : lieux.json : le JSON doit être une liste de lieux ([{...}, {...}]), pas un objet. "
        "Aucun lieu n'a été importé."
    )
