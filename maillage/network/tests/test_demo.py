from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from maillage.accounts.enums import Role
from maillage.accounts.models import Membership, User
from maillage.factories import has_totp
from maillage.network.models import Agreement, Network, OutreachStop, Place, Structure

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Network, Structure, Place, OutreachStop, Agreement, User, Membership))


def test_demo_builds_a_credible_territory_and_is_idempotent(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo")
    first = _counts()
    call_command("demo")
    assert _counts() == first
    assert 6 <= Structure.objects.count() <= 8
    assert 30 <= Place.objects.count() <= 50
    assert Place.objects.filter(mobility="itinerant", stops__isnull=False).distinct().count() == 1
    assert OutreachStop.objects.count() >= 3
    assert set(Membership.objects.values_list("role", flat=True)) == {r.value for r in Role}
    # every place lies inside the département of its commune (coarse check on the postcode)
    for place in Place.objects.select_related("commune"):
        assert place.postcode[:2] == place.commune.departement_id, place.name
    out = capsys.readouterr().out
    assert "mediateur@demo.maillage.fr" in out
    assert "Maillage-demo-2026" in out


def test_demo_accounts_needing_mfa_have_totp() -> None:
    call_command("demo")
    manager = User.objects.get(email="responsable@demo.maillage.fr")
    mediator = User.objects.get(email="mediateur@demo.maillage.fr")
    assert has_totp(manager)
    assert not has_totp(mediator)


def test_demo_is_refused_in_production(settings: object) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="refusé en production"):
        call_command("demo")
    assert not Structure.objects.exists()
