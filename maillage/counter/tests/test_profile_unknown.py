"""Profile answers are "Non renseigné" unless the mediator gives them; reports share only the answers."""

from __future__ import annotations

import html
import re
from importlib import import_module
from typing import Any

from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.counter.models import Request
from maillage.counter.tests.helpers import make_request
from maillage.factories import counter_form_data, sign_in
from maillage.reports.compute import build_report
from maillage.reports.period import parse_period
from maillage.reports.scope import resolve_scope
from maillage.reports.tables import tables


def _checked_autonomy(body: str) -> list[str]:
    inputs = re.findall(r"<input[^>]*name=\"autonomy\"[^>]*>", body)
    values = [re.search(r'value="([^"]*)"', i) for i in inputs if "checked" in i]
    return [v.group(1) for v in values if v]


def test_digital_autonomy_starts_unknown_and_is_saved_unknown(cast: Any) -> None:
    client = Client()
    sign_in(client, cast.mediator_a)
    body = html.unescape(client.get(reverse("counter:counter")).content.decode())
    assert _checked_autonomy(body) == ["unknown"]
    assert "Non renseigné" in body[body.index('name="autonomy"') - 2000 : body.index('name="autonomy"') + 2000]
    data = counter_form_data(cast.place_a, domain="social_health", autonomy="unknown")
    assert client.post(reverse("counter:counter"), data).status_code == 302
    assert Request.objects.get().autonomy == "unknown"


def test_going_back_maps_only_unknown_and_keeps_answers(cast: Any) -> None:
    migration = import_module("maillage.counter.migrations.0007_autonomy_unknown")
    answered = make_request(cast.place_a, cast.mediator_a, autonomy="autonomous")
    unknown = make_request(cast.place_a, cast.mediator_a)
    assert Request.objects.get(pk=unknown.pk).autonomy == "unknown"
    migration.unknown_is_partly(apps, None)
    assert [Request.objects.get(pk=r.pk).autonomy for r in (answered, unknown)] == ["autonomous", "partly"]


def test_report_shares_count_only_the_answers(cast: Any) -> None:
    for autonomy in ["autonomous", "autonomous", "guided", "unknown", "unknown", "unknown"]:
        make_request(cast.place_a, cast.mediator_a, autonomy=autonomy)
    year = str(timezone.localdate().year)
    report = build_report(resolve_scope("structure", str(cast.structure_a.pk)), parse_period(year))
    table = next(t for t in tables(report) if t.key == "autonomy")
    share = {row[1]: row[4] for row in table.rows}
    assert share["autonomous"] == 2 / 3
    assert share["guided"] == 1 / 3
    assert share["unknown"] is None
    labels = {row[1]: row[0] for row in table.rows}
    assert labels["unknown"] == "Non renseigné"
