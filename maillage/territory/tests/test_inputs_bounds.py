"""`maillage coverage` and `maillage siting`: numbers out of a sane range are refused like any bad value
(file, line, column, French, exit code 2), never by a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from maillage.territory.inputs import InputError, parse_radius, read_demand

PLACES = "id,lat,lon\np1,48.0,2.0\n"


def demand_file(tmp_path: Path, population: str) -> Path:
    path = tmp_path / "demande.csv"
    path.write_text(f"id,lat,lon,population\na,48.0,2.0,100000000\nb,48.1,2.0,{population}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("population", "shown"),
    [
        ("9" * 400, f"{'9' * 20}… (400 caractères)"),
        ("100000001", "100000001"),
        ("1e300", "1e300"),
    ],
)
def test_a_population_beyond_100_million_is_refused_with_line_and_column(
    tmp_path: Path, population: str, shown: str
) -> None:
    """Line 2 holds exactly 100 million people and is accepted: only line 3 is named."""
    with pytest.raises(InputError) as caught:
        read_demand(demand_file(tmp_path, population))
    assert caught.value.messages == [
        f"{tmp_path / 'demande.csv'}, ligne 3, colonne 4 (« population ») : population de "
        f"{shown} impossible pour un point (100 millions au plus)."
    ]


@pytest.mark.parametrize("raw", ["1001", "1e300"])
def test_an_absurd_radius_is_refused(raw: str) -> None:
    with pytest.raises(InputError, match=r"--radius-km : .* km est trop grand \(au plus 1000 km\)\."):
        parse_radius(raw)


@pytest.mark.parametrize("command", ["coverage", "siting"])
def test_the_commands_refuse_a_huge_population_with_exit_code_2(tmp_path: Path, command: str) -> None:
    places = tmp_path / "lieux.csv"
    places.write_text(PLACES, encoding="utf-8")
    args = [command, "--places", str(places), "--demand", str(demand_file(tmp_path, "9" * 400)), "--radius-km", "10"]
    with pytest.raises(CommandError) as caught:
        call_command(*args, *(["--add", "1"] if command == "siting" else []))
    assert caught.value.returncode == 2
    assert "ligne 3, colonne 4 (« population ») : population de 99999999999999999999… (400 caractères)" in str(
        caught.value
    )


def test_on_the_command_line_a_huge_population_gives_a_french_line_not_a_traceback(tmp_path: Path) -> None:
    places = tmp_path / "lieux.csv"
    places.write_text(PLACES, encoding="utf-8")
    demand = demand_file(tmp_path, "9" * 400)
    result = subprocess.run(
        [sys.executable, "-m", "maillage", "coverage", "--places", places, "--demand", demand, "--radius-km", "10"],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"Erreur : {demand}, ligne 3, colonne 4 (« population ») : population de 9")
    assert "Traceback" not in result.stderr
