"""Today's lists show 50 rows and the day's total, read together: a full list costs no COUNT query."""

from __future__ import annotations

import html
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maillage.counter.tests.helpers import make_request
from maillage.factories import sign_in


def test_full_lists_show_the_days_total_without_counting_apart(cast: Any) -> None:
    for _ in range(51):
        make_request(cast.place_a, cast.mediator_a)
    make_request(cast.place_a, cast.manager_a)
    client = Client()
    sign_in(client, cast.mediator_a)
    with CaptureQueriesContext(connection) as ctx:
        body = html.unescape(client.get(reverse("counter:counter")).content.decode())
    assert "Mes demandes du jour (51)" in body
    assert "Aujourd'hui dans ce lieu (52)" in body
    assert body.count(">Modifier<span") == 50  # the mediator's own rows: 50 shown, with their links
    assert not [
        q for q in ctx.captured_queries if q["sql"].startswith('SELECT COUNT(*) AS "__count" FROM "counter_request"')
    ]
