"""The "Droits" section of a person file, adding and advancing a right, and the "Droits à suivre" list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.counter.models import PersonAccessLog
from maillage.counter.tests.helpers import make_person
from maillage.factories import PlaceFactory, sign_in
from maillage.rights.enums import Stage
from maillage.rights.models import FollowedRight
from maillage.rights.tests.helpers import follow

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def test_the_person_file_lists_its_rights_with_their_stage_and_next_steps(cast: Any) -> None:
    person = make_person(cast.structure_a)
    followed = follow(person, "prime_activite", mediator=cast.mediator_a, expected_amount=Decimal("187.50"))
    body = _client(cast.mediator_a).get(reverse("counter:person_detail", args=[person.uuid])).content.decode()
    assert "Prime d&#x27;activité" in body
    assert "estimé 187,50 € par mois" in body
    assert reverse("rights:move", args=[followed.uuid, "filed"]) in body
    assert reverse("rights:move", args=[followed.uuid, "opened"]) not in body  # not before the dossier is filed


def test_a_mediator_adds_a_right_by_hand_from_the_person_file(cast: Any) -> None:
    person = make_person(cast.structure_a)
    response = _client(cast.mediator_a).post(
        reverse("rights:create", args=[person.uuid]),
        {"right": "css", "place": cast.place_a.pk, "expected_amount": "0", "remind_on": "", "note": "Attestation"},
    )
    assert response.status_code == 302
    followed = FollowedRight.objects.get()
    assert (followed.right, followed.structure, followed.mediator, followed.place) == (
        "css",
        cast.structure_a,
        cast.mediator_a,
        cast.place_a,
    )
    assert followed.amount_period == "yearly"  # the right's usual period when none is chosen
    assert followed.note == "Attestation"
    assert PersonAccessLog.objects.filter(person=person, screen="right_create").exists()


def test_a_negative_amount_is_refused_in_french_and_the_input_kept(cast: Any) -> None:
    person = make_person(cast.structure_a)
    response = _client(cast.mediator_a).post(
        reverse("rights:create", args=[person.uuid]), {"right": "rsa", "expected_amount": "-40", "note": "à garder"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Un montant ne peut pas être négatif." in body
    assert "à garder" in body
    assert not FollowedRight.objects.exists()


def test_a_place_of_another_structure_cannot_be_chosen(cast: Any) -> None:
    person = make_person(cast.structure_a)
    response = _client(cast.mediator_a).post(
        reverse("rights:create", args=[person.uuid]), {"right": "rsa", "place": cast.place_b.pk}
    )
    assert response.status_code == 200
    assert not FollowedRight.objects.exists()


def test_a_right_is_followed_to_opened_through_the_pages(cast: Any) -> None:
    followed = follow(make_person(cast.structure_a), "rsa", mediator=cast.mediator_a)
    client = _client(cast.mediator_a)
    today = timezone.localdate().isoformat()
    assert client.post(reverse("rights:move", args=[followed.uuid, "filed"]), {"day": today}).status_code == 302
    response = client.post(
        reverse("rights:move", args=[followed.uuid, "opened"]), {"day": today, "amount": "635.71", "period": "monthly"}
    )
    assert response.status_code == 302
    followed.refresh_from_db()
    assert followed.stage == Stage.OPENED
    assert followed.opened_amount == Decimal("635.71")


def test_a_refusal_without_reason_stays_on_screen_with_a_french_message(cast: Any) -> None:
    followed = follow(make_person(cast.structure_a), "aah", mediator=cast.mediator_a)
    followed.file()
    today = timezone.localdate().isoformat()
    response = _client(cast.mediator_a).post(
        reverse("rights:move", args=[followed.uuid, "refused"]), {"day": today, "reason": ""}
    )
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in response.content.decode()
    assert FollowedRight.objects.get().stage == Stage.FILED


def test_a_move_the_stage_does_not_allow_is_refused(cast: Any) -> None:
    followed = follow(make_person(cast.structure_a), "rsa", mediator=cast.mediator_a)
    today = timezone.localdate().isoformat()
    response = _client(cast.mediator_a).post(
        reverse("rights:move", args=[followed.uuid, "opened"]), {"day": today, "amount": "10", "period": "monthly"}
    )
    assert response.status_code == 200
    assert "il ne peut pas passer à « ouvert »" in response.content.decode()
    assert FollowedRight.objects.get().stage == Stage.IDENTIFIED


def test_a_future_date_is_refused(cast: Any) -> None:
    followed = follow(make_person(cast.structure_a), "rsa", mediator=cast.mediator_a)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = _client(cast.mediator_a).post(
        reverse("rights:move", args=[followed.uuid, "explained"]), {"day": tomorrow}
    )
    assert "La date ne peut pas être dans le futur." in response.content.decode()
    assert FollowedRight.objects.get().stage == Stage.IDENTIFIED


def test_the_mediator_sets_a_reminder(cast: Any) -> None:
    followed = follow(make_person(cast.structure_a), "apl", mediator=cast.mediator_a)
    day = timezone.localdate() + dt.timedelta(days=10)
    response = _client(cast.mediator_a).post(reverse("rights:reminder", args=[followed.uuid]), {"remind_on": day})
    assert response.status_code == 302
    assert FollowedRight.objects.get().remind_on == day


def test_my_list_shows_due_reminders_first_and_only_my_rights(cast: Any) -> None:
    today = timezone.localdate()
    later = follow(make_person(cast.structure_a, first_name="Plus"), "rsa", mediator=cast.mediator_a)
    due = follow(make_person(cast.structure_a, first_name="Urgent"), "apl", mediator=cast.mediator_a)
    FollowedRight.objects.filter(pk=later.pk).update(remind_on=today + dt.timedelta(days=5))
    FollowedRight.objects.filter(pk=due.pk).update(remind_on=today - dt.timedelta(days=1))
    follow(make_person(cast.structure_a, first_name="Collègue"), "rsa", mediator=cast.manager_a)
    page = _client(cast.mediator_a).get(reverse("rights:list"))
    rows = list(page.context["page"].object_list)
    assert [r.pk for r in rows] == [due.pk, later.pk]
    assert "Collègue" not in page.content.decode()
    assert "Toute la structure" not in page.content.decode()  # a mediator's list is their own


def test_the_manager_sees_the_whole_structure_filtered_by_stage(cast: Any) -> None:
    mine = follow(make_person(cast.structure_a), "rsa", mediator=cast.mediator_a)
    filed = follow(make_person(cast.structure_a), "css", mediator=cast.mediator_a)
    filed.file()
    follow(make_person(cast.structure_b), "rsa", mediator=cast.mediator_b)
    client = _client(cast.manager_a)
    everything = client.get(reverse("rights:list"), {"vue": "structure"}).context["page"].object_list
    assert {r.pk for r in everything} == {mine.pk, filed.pk}
    only_filed = client.get(reverse("rights:list"), {"vue": "structure", "stage": "filed"}).context["page"]
    assert [r.pk for r in only_filed.object_list] == [filed.pk]


def test_the_list_is_paginated_with_a_constant_number_of_queries(cast: Any, django_assert_num_queries: Any) -> None:
    place = PlaceFactory(structure=cast.structure_a)
    for i in range(30):
        follow(make_person(cast.structure_a, first_name=f"Prénom{i}"), "rsa", mediator=cast.mediator_a, place=place)
    client = _client(cast.mediator_a)
    client.get(reverse("rights:list"))
    # session, user, roles, menu reach, structure reach (rights' scope), count, page
    with django_assert_num_queries(7):
        response = client.get(reverse("rights:list"), {"page": 2})
    assert response.context["page"].paginator.count == 30
    assert len(response.context["page"].object_list) == 5


def test_a_right_already_followed_is_not_added_twice(cast: Any) -> None:
    person = make_person(cast.structure_a)
    follow(person, "rsa", mediator=cast.mediator_a)
    response = _client(cast.mediator_a).post(reverse("rights:create", args=[person.uuid]), {"right": "rsa"})
    assert response.status_code == 200
    assert "Ce droit est déjà suivi pour cette personne." in response.content.decode()
    assert FollowedRight.objects.count() == 1
