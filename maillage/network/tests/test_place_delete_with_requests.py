"""A place where requests were recorded cannot be deleted: a French message, never a 500."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from maillage.counter.models import Request, Visit
from maillage.factories import sign_in
from maillage.network.models import Place


def test_manager_deleting_a_place_with_requests_is_told_to_unpublish_it(cast: Any) -> None:
    Request.objects.create(
        visit=Visit.objects.create(),
        structure=cast.structure_a,
        place=cast.place_a,
        mediator=cast.mediator_a,
        domain="housing",
    )
    client = Client()
    sign_in(client, cast.manager_a)
    response = client.post(reverse("network:place_delete", args=[cast.place_a.uuid]), follow=True)
    assert response.status_code == 200
    assert "a des demandes enregistrées et ne peut pas être supprimé" in response.content.decode()
    assert Place.objects.filter(pk=cast.place_a.pk).exists()
