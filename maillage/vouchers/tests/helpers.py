"""Builders shared by the voucher tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from maillage.vouchers.models import Voucher, VoucherSeries


def make_series(structure: Any = None, *, network: Any = None, **fields: Any) -> VoucherSeries:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "name": "Pass numérique Rhône",
        "funder_name": "Département du Rhône",
        "face_value_cents": 1000,
        "valid_from": today - dt.timedelta(days=30),
        "valid_until": today + dt.timedelta(days=300),
        "prefix": f"P{VoucherSeries.objects.count() + 2}",
    }
    values.update(fields)
    return VoucherSeries.objects.create(structure=None if network else structure, network=network, **values)


def issue(series: VoucherSeries, structure: Any, by: Any, person: Any = None) -> Voucher:
    return series.issue(structure=structure, issued_by=by, person=person)
