"""`maillage demo` sets the social-value parameters, so a fresh demo report shows the section."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from maillage.network.models import Network
from maillage.reports.compute import build_report
from maillage.reports.period import parse_period
from maillage.reports.scope import resolve_scope
from maillage.reports.tables import tables
from maillage.socialvalue.models import PartnerCounter, PartnerParameters, SocialValueParameters

pytestmark = pytest.mark.django_db


def test_the_demo_report_shows_the_social_value_with_demo_parameters() -> None:
    out = io.StringIO()
    call_command("demo", "--requests", "120", stdout=out)
    assert "Paramètres de valeur sociale (valeurs de démonstration) posés pour 2 réseaux." in out.getvalue()
    network = Network.objects.get(name="Union des PIMMS Auvergne-Rhône-Alpes")
    assert SocialValueParameters.objects.get(network=network).avoided_share_source == "valeur de démonstration"
    assert PartnerCounter.objects.filter(network=network, name__endswith="(démonstration)").count() == 7
    today = timezone.localdate()
    period = parse_period(f"{today.year - 1}-01-01:{today:%Y-%m-%d}")  # the demo spreads requests over 12 months
    report = build_report(resolve_scope("network", str(network.uuid)), period)
    by_key = {t.key: t for t in tables(report)}
    [total] = by_key["socialvalue_total"].rows
    kilometres = total[4]
    assert isinstance(kilometres, float)
    assert kilometres > 0
    sources = {row[3] for row in by_key["socialvalue_parameters"].rows}
    assert "valeur de démonstration" in sources


def test_running_the_demo_again_changes_no_parameter() -> None:
    call_command("demo", stdout=io.StringIO())
    counters = set(PartnerCounter.objects.values_list("pk", flat=True))
    stamps = list(PartnerParameters.objects.order_by("pk").values_list("updated_at", flat=True))
    call_command("demo", stdout=io.StringIO())
    assert set(PartnerCounter.objects.values_list("pk", flat=True)) == counters
    assert list(PartnerParameters.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps
