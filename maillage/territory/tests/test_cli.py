"""The `coverage` and `siting` commands: JSON contract, French text, exit code 2 on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

DEMAND = "id,lat,lon,population\na,48.0,2.0,100\nb,48.1,2.0,50\nc,49.0,2.0,10\nd,49.05,2.0,5\n"
PLACES = "id,lat,lon\np1,48.0,2.0\n"
CANDIDATES = "id,lat,lon\nx,49.02,2.0\ny,48.05,2.0\nz,45.0,2.0\n"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    paths = {}
    for name, text in {"demand": DEMAND, "places": PLACES, "candidates": CANDIDATES, "empty": ""}.items():
        paths[name] = tmp_path / f"{name}.csv"
        paths[name].write_text(text, encoding="utf-8")
    return paths


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_coverage_json(files: dict[str, Path]) -> None:
    out, _ = run(
        "coverage", "--places", str(files["places"]), "--demand", str(files["demand"]), "--radius-km", "12", "--json"
    )
    payload = json.loads(out)
    assert payload == {"population_total": 165, "population_covered": 150, "share": 150 / 165, "uncovered_count": 2}
    assert isinstance(payload["population_total"], int)
    assert isinstance(payload["share"], float)


def test_coverage_text_is_french(files: dict[str, Path]) -> None:
    out, _ = run("coverage", "--places", str(files["places"]), "--demand", str(files["demand"]), "--radius-km", "12")
    assert "150 habitants sur 165 (90,9\N{NARROW NO-BREAK SPACE}%)" in out
    assert "sans lieu à portée : 2" in out


def test_coverage_greenfield_with_a_zero_byte_places_file(files: dict[str, Path]) -> None:
    out, _ = run(
        "coverage", "--places", str(files["empty"]), "--demand", str(files["demand"]), "--radius-km", "5", "--json"
    )
    assert json.loads(out)["population_covered"] == 0


def siting_args(files: dict[str, Path], *extra: str) -> list[str]:
    return [
        "siting",
        "--places",
        str(files["places"]),
        "--demand",
        str(files["demand"]),
        "--candidates",
        str(files["candidates"]),
        "--radius-km",
        "12",
        *extra,
    ]


@pytest.mark.parametrize("method", [[], ["--exact"]])
def test_siting_json(files: dict[str, Path], method: list[str]) -> None:
    out, _ = run(*siting_args(files, "--add", "1", "--json", *method))
    payload = json.loads(out)
    assert payload["chosen"] == ["x"]
    assert payload["population_covered"] == 165
    assert payload["upper_bound"] == 165
    assert payload["gap"] == 0.0
    assert isinstance(payload["seconds"], float)
    assert payload["seconds"] >= 0
    assert {"chosen", "population_covered", "upper_bound", "gap", "seconds"} <= payload.keys()


def test_siting_text_and_default_candidates(files: dict[str, Path]) -> None:
    args = ["siting", "--places", str(files["empty"]), "--demand", str(files["demand"]), "--radius-km", "12"]
    out, _ = run(*args, "--add", "2")
    assert "Sites proposés (2) : a, c." in out
    assert "Population couverte : 165 habitants sur 165" in out
    assert "(optimum prouvé)" in out


def bad(files: dict[str, Path], tmp_path: Path, case: str) -> list[str]:
    bad_demand = {
        "missing-lat": "id,lat,lon,population\na,,2.0,1\n",
        "non-numeric": "id,lat,lon,population\na,48.0,deux,1\n",
        "lat-range": "id,lat,lon,population\na,-95,2.0,1\n",
        "negative": "id,lat,lon,population\na,48.0,2.0,-1\n",
        "duplicate": "id,lat,lon,population\na,48.0,2.0,1\na,48.0,2.0,1\n",
        "empty-demand": "id,lat,lon,population\n",
    }
    demand = files["demand"]
    if case in bad_demand:
        demand = tmp_path / "mauvais.csv"
        demand.write_text(bad_demand[case], encoding="utf-8")
    return [
        "siting",
        "--places",
        str(files["places"]),
        "--demand",
        str(demand),
        "--candidates",
        str(files["candidates"]),
        "--radius-km",
        "0" if case == "radius" else "12",
        "--add",
        "4" if case == "too-many" else "1",
    ]


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("missing-lat", "mauvais.csv, ligne 2, colonne 2 (« lat ») : valeur manquante."),
        ("non-numeric", "mauvais.csv, ligne 2, colonne 3 (« lon ») : « deux » n'est pas un nombre."),
        ("lat-range", "mauvais.csv, ligne 2, colonne 2 (« lat ») : -95 est impossible"),
        ("negative", "mauvais.csv, ligne 2, colonne 4 (« population ») : population négative (-1)."),
        ("duplicate", "mauvais.csv, ligne 3, colonne 1 (« id ») : identifiant « a » en double"),
        ("empty-demand", "mauvais.csv : aucune ligne de données"),
        ("radius", "--radius-km : le rayon doit être un nombre de kilomètres positif"),
        ("too-many", "--add : 4 sites demandés mais"),
    ],
)
def test_bad_input_exits_with_code_2_and_a_french_message(
    files: dict[str, Path], tmp_path: Path, case: str, expected: str
) -> None:
    out = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(*bad(files, tmp_path, case), stdout=out)
    assert caught.value.returncode == 2
    assert expected in str(caught.value)
    assert out.getvalue() == ""


def console(*args: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "maillage", *map(str, args)], capture_output=True, text=True, timeout=60, check=False
    )


def test_console_bad_input_prints_nothing_on_stdout(files: dict[str, Path], tmp_path: Path) -> None:
    result = console(*bad(files, tmp_path, "non-numeric"), "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Erreur : ")
    assert "« deux » n'est pas un nombre" in result.stderr


def test_console_json_round_trip(files: dict[str, Path]) -> None:
    result = console(
        "coverage", "--places", files["places"], "--demand", files["demand"], "--radius-km", "12", "--json"
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["population_covered"] == 150
