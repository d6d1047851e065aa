"""The Loire's coverage on the demo counts every inhabitant of the COG, shown in the headline."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest

from maillage.tests.browser.conftest import MANAGE
from maillage.tests.browser.test_back_office_browser import _second_factor, _sign_in, follow_menu

pytestmark = pytest.mark.browser

LOIRE_POPULATION = (
    "from django.db.models import Sum; from maillage.territory.models import Commune; "
    "print(Commune.objects.filter(departement_id='42').aggregate(total=Sum('population'))['total'])"
)


def test_loire_coverage_total_is_the_cog_population(demo_server: str, demo_env: dict[str, str], page: Any) -> None:
    read = subprocess.run(
        [*MANAGE, "shell", "-c", LOIRE_POPULATION], env=demo_env, check=True, capture_output=True, text=True
    )
    expected = int(read.stdout.split()[-1])  # from the server's own database (last line: the shell says more)
    _sign_in(page, demo_server, "coordination@demo.maillage.fr")
    _second_factor(page)
    follow_menu(page, "Territoire")
    page.get_by_label("Département").select_option("42")
    page.get_by_label("Distance").fill("10")
    page.get_by_role("button", name="Calculer la couverture").click()
    shown = page.locator("[data-share] [data-population-total]").inner_text()
    assert int("".join(ch for ch in shown if ch.isdigit())) == expected
    assert "non calculable" not in page.locator("[data-share]").inner_text()  # every Loire commune is placed
