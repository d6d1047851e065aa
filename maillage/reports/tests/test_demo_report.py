"""The issue's acceptance: on the demo data, `maillage report` writes four formats with the same
totals, equal to the database counts."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from maillage.counter.models import Request
from maillage.network.models import Network
from maillage.reports.exports import french_number
from maillage.reports.rollup import refresh
from maillage.reports.tests.helpers import expected

pytestmark = pytest.mark.django_db


def test_demo_network_report_has_identical_totals_in_every_format(tmp_path: Path) -> None:
    call_command("demo", "--requests", "400", stdout=io.StringIO())
    refresh()
    network = Network.objects.order_by("pk").first()
    assert network is not None
    requests = Request.objects.filter(structure__network=network)
    truth = expected(requests)
    assert truth["requests"] > 0
    outputs = {}
    for fmt in ("csv", "xlsx", "pdf", "json"):
        out = tmp_path / f"rapport.{fmt}"
        # the demo spreads requests over the last 12 months: a two-year window holds them all
        call_command(
            "report", "--scope", "network", "--id", str(network.uuid), "--period",
            f"{requests.earliest('occurred_at').occurred_at:%Y}-01-01:{requests.latest('occurred_at').occurred_at:%Y}-12-31",
            "--format", fmt, "--out", str(out), stderr=io.StringIO(),
        )  # fmt: skip
        outputs[fmt] = out.read_bytes()
    rows = [line.split(";") for line in outputs["csv"].decode("utf-8-sig").splitlines()]
    by_label = {r[0]: r[1] for r in rows if len(r) > 1}
    assert int(by_label["Demandes"]) == truth["requests"]
    assert int(by_label["Personnes accueillies (dossiers + passages anonymes)"]) == truth["people"]
    summary = load_workbook(io.BytesIO(outputs["xlsx"]))["Synthèse"]
    cells = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row and row[0]}
    assert cells["Demandes"] == truth["requests"]
    assert cells["Demandes résolues sur place"] == truth["resolved"]
    data = json.loads(outputs["json"])
    figures = {r[0]: r[1] for r in data["tables"][0]["rows"]}
    assert figures["Demandes"] == truth["requests"]
    assert figures["Personnes accueillies (dossiers + passages anonymes)"] == truth["people"]
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(outputs["pdf"])).pages)
    assert f"Demandes {french_number(truth['requests'])}" in text
    assert french_number(truth["people"]) in text
