"""Starting Django (apps, URLs, admin, management commands) loads no heavy library.

matplotlib, scipy, numpy, WeasyPrint, openpyxl, HiGHS... take from a tenth of a second to a third
each to import: they are imported by the function that uses them (or a module only it imports),
so `maillage check`, `maillage coverage`, `maillage shell` and a web worker start fast. Each run is
a fresh interpreter, since this test process has long imported them all.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

HEAVY = (
    "ninja",  # and pydantic: the API is built on its first call (maillage/api_urls.py)
    "pydantic",
    "matplotlib",
    "scipy",
    "numpy",
    "weasyprint",
    "openpyxl",
    "highspy",
    "frictionless",
    "qrcode",
    "pandas",
    "pypdf",
    "PIL",
    "fontTools",
    "lxml",
    "holidays",
    "stdnum",
)

# Records, for each heavy top-level package, the import stack (innermost first) of its first import.
PROBE = """
import importlib.abc, json, os, sys
HEAVY = set(json.loads(sys.argv[1]))
first = {}

class Spy(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top in HEAVY and top not in first:
            chain, frame = [], sys._getframe(1)
            while frame is not None:
                module = frame.f_globals.get("__name__", "")
                if module and not module.startswith(("importlib", "_frozen")) and module not in chain:
                    chain.append(module)
                frame = frame.f_back
            first[top] = chain
        return None

sys.meta_path.insert(0, Spy())
os.environ["DJANGO_SETTINGS_MODULE"] = "maillage.settings"
import django
django.setup()
import maillage.urls
from django.contrib import admin
admin.autodiscover()
from django.core.management import get_commands, load_command_class
for name, app in sorted(get_commands().items()):
    if app.startswith("maillage") or app == "django.core":
        load_command_class(app, name)
for extra in sys.argv[2:]:
    __import__(extra)
print(json.dumps({top: chain for top, chain in first.items() if top in sys.modules}))  # looked up, not imported
"""


def fresh_python(script: str, *args: str) -> list[str]:
    """The output lines of `script` run by a fresh interpreter in the repository (fails on its error)."""
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def heavy_imports(*extra_modules: str) -> dict[str, list[str]]:
    """Heavy packages a fresh interpreter imported while starting Django, with who imported them."""
    found: dict[str, list[str]] = json.loads(fresh_python(PROBE, json.dumps(HEAVY), *extra_modules)[-1])
    return found


def culprit(chain: list[str]) -> str:
    """The innermost module of ours in the import stack (else the innermost one)."""
    return next((module for module in chain if module.startswith("maillage")), chain[0] if chain else "?")


def test_apps_urls_admin_and_commands_load_without_any_heavy_library() -> None:
    found = heavy_imports()
    report = "\n".join(
        f"{package} importé par {culprit(chain)} (pile : {' < '.join(chain)})" for package, chain in found.items()
    )
    assert not found, "Bibliothèques lourdes chargées au démarrage :\n" + report


def test_the_probe_names_the_module_that_pulls_a_heavy_library_in() -> None:
    found = heavy_imports("maillage.territory.siting")
    assert {"numpy", "scipy", "highspy"} <= set(found)
    assert culprit(found["highspy"]) == "maillage.territory.siting"


def test_the_coverage_command_answers_without_loading_the_apps_scipy_nor_cryptography(tmp_path: Path) -> None:
    places, demand = tmp_path / "lieux.csv", tmp_path / "demande.csv"
    places.write_text("id,lat,lon\nA,45.0,5.0\n", encoding="utf-8")
    demand.write_text("id,lat,lon,population\nx,45.01,5.0,100\ny,46.0,5.0,50\n", encoding="utf-8")
    script = (
        "import sys\n"
        "from maillage.__main__ import main\n"
        f"sys.argv = ['maillage', 'coverage', '--places', {str(places)!r}, '--demand', {str(demand)!r},"
        " '--radius-km', '10', '--json']\n"
        "main()\n"
        "from django.apps import apps\n"
        "print(apps.ready)\n"
        "print(sorted(set(sys.modules) & {'scipy', 'cryptography', 'numpy.ma'}))\n"
    )
    answer, apps_ready, heavy = fresh_python(script)
    assert json.loads(answer)["population_covered"] == 100
    assert apps_ready == "False"
    assert heavy == "[]"  # nearest places from numpy alone (territory/neighbours.py), settings without Fernet
