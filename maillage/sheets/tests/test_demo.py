"""`maillage demo` publishes practice sheets: some current, one in review, one reported, one to review."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import User
from maillage.factories import sign_in
from maillage.network.demo import DEMO_DOMAIN
from maillage.sheets.enums import SheetStatus
from maillage.sheets.models import PracticeSheet

pytestmark = pytest.mark.django_db


def test_demo_adds_sheets_in_every_state_once() -> None:
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "6 fiches pratiques ajoutées" in out.getvalue()
    sheets = {sheet.procedure.code: sheet for sheet in PracticeSheet.objects.select_related("procedure")}
    for code in ("caf_prime_activite", "ants_carte_identite", "dgfip_declaration_revenus"):
        assert sheets[code].status == SheetStatus.PUBLISHED
        assert sheets[code].published_version is not None
    assert sheets["cpam_css"].status == SheetStatus.SUBMITTED
    assert sheets["ft_actualisation"].reports.filter(resolved_at__isnull=True).count() == 1
    assert sheets["edf_cheque_energie"].published_version.is_expired()
    for code, sheet in sheets.items():
        if code != "edf_cheque_energie":  # past its review date on purpose
            sheet.full_clean()  # valid links, a procedure each

    mediator = User.objects.get(email=f"mediateur@{DEMO_DOMAIN}")
    client = Client()
    sign_in(client, mediator)
    prime = sheets["caf_prime_activite"].procedure_id
    aside = client.get(reverse("sheets:for_procedure"), {"procedure": prime}).content.decode()
    assert "Prime d&#x27;activité : simuler puis faire la demande en ligne" in aside
    energy = sheets["edf_cheque_energie"].procedure_id
    assert (
        "Pas de fiche pratique publiée"
        in client.get(reverse("sheets:for_procedure"), {"procedure": energy}).content.decode()
    )

    call_command("demo", stdout=io.StringIO())
    assert PracticeSheet.objects.count() == 6  # not added twice
