"""The /fiches/ pages: write, submit, review, revise, report; search and filters; empty states; queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.accounts.enums import Role
from maillage.factories import member, sign_in
from maillage.sheets.enums import SheetStatus
from maillage.sheets.models import PracticeSheet
from maillage.sheets.tests.helpers import make_sheet, procedure, published_sheet

pytestmark = pytest.mark.django_db


def _signed_in(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _form(**fields: Any) -> dict[str, Any]:
    data = {
        "procedure": procedure("ants_carte_identite").pk,
        "title": "Refaire une carte d'identité",
        "scope": "network",
        "steps": "Faire la pré-demande sur ants.gouv.fr\nPrendre rendez-vous en mairie",
        "documents": "Photo d'identité de moins de 6 mois",
        "pitfalls": "",
        "links": "https://ants.gouv.fr ANTS",
        "expires_on": (timezone.localdate() + dt.timedelta(days=90)).isoformat(),
    }
    data.update(fields)
    return data


def test_a_mediator_writes_submits_and_the_manager_publishes(cast: Any) -> None:
    mediator = _signed_in(cast.mediator_a)
    response = mediator.post(reverse("sheets:create"), _form())
    sheet = PracticeSheet.objects.get(title="Refaire une carte d'identité")
    assert response["Location"] == reverse("sheets:detail", args=[sheet.uuid])
    assert (sheet.structure, sheet.author, sheet.status) == (cast.structure_a, cast.mediator_a, SheetStatus.DRAFT)
    mediator.post(reverse("sheets:submit", args=[sheet.uuid]))
    page = _signed_in(cast.manager_a).get(reverse("sheets:detail", args=[sheet.uuid])).content.decode()
    assert "Valider la relecture" in page
    _signed_in(cast.manager_a).post(reverse("sheets:review", args=[sheet.uuid]), {"decision": "approve"})
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.PUBLISHED
    assert sheet.published_version is not None


def test_a_sheet_without_a_procedure_or_with_a_bad_link_is_shown_again_with_french_errors(cast: Any) -> None:
    response = _signed_in(cast.mediator_a).post(
        reverse("sheets:create"), _form(procedure="", links="javascript:alert(1)")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("une fiche sans démarche n&#x27;est pas acceptée") == 1
    assert "n&#x27;est pas une adresse web valable" in page
    assert not PracticeSheet.objects.exists()


def test_returning_a_sheet_without_comment_is_refused_and_with_one_reaches_the_author(cast: Any) -> None:
    sheet = make_sheet(cast.mediator_a, cast.structure_a)
    sheet.submit(cast.mediator_a)
    manager = _signed_in(cast.manager_a)
    url = reverse("sheets:review", args=[sheet.uuid])
    page = manager.post(url, {"decision": "return"}, follow=True).content.decode()
    assert "Expliquez à l&#x27;auteur ce qu&#x27;il faut revoir." in page
    manager.post(url, {"decision": "return", "comment": "Précisez le délai de traitement."})
    page = _signed_in(cast.mediator_a).get(reverse("sheets:detail", args=[sheet.uuid])).content.decode()
    assert "Précisez le délai de traitement." in page
    assert "Soumettre à relecture" in page


def test_readers_see_the_published_version_while_a_revision_waits(cast: Any) -> None:
    sheet = published_sheet(cast, title="Prime d'activité : la demande")
    _signed_in(cast.mediator_a).post(
        reverse("sheets:edit", args=[sheet.uuid]),
        _form(procedure=sheet.procedure_id, title="Prime d'activité : nouvelle version", steps="Étape révisée"),
    )
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.DRAFT
    reader = _signed_in(cast.manager_a).get(reverse("sheets:detail", args=[sheet.uuid])).content.decode()
    assert "<h1>Prime d&#x27;activité : la demande</h1>" in reader
    assert "Étape révisée" in reader  # the reviewer sees the revision's changes below
    sheet.submit(cast.mediator_a)
    sheet.approve(cast.manager_a)
    version = _signed_in(cast.manager_a).get(reverse("sheets:version", args=[sheet.uuid, 2])).content.decode()
    assert "Changements depuis la version 1" in version
    assert "<ins>Étape révisée</ins>" in version
    assert "<del>Se connecter sur caf.fr</del>" in version


def test_a_reader_reports_a_sheet_and_the_author_sees_the_reason(cast: Any) -> None:
    sheet = published_sheet(cast)
    reader = _signed_in(cast.manager_a)
    url = reverse("sheets:report", args=[sheet.uuid])
    assert "Indiquez ce qui n&#x27;est plus à jour" in reader.post(url, {"reason": ""}).content.decode()
    reader.post(url, {"reason": "Le simulateur a déménagé"})
    page = _signed_in(cast.mediator_a).get(reverse("sheets:detail", args=[sheet.uuid])).content.decode()
    assert "Le simulateur a déménagé" in page


def test_an_expired_sheet_is_marked_to_review(cast: Any) -> None:
    sheet = published_sheet(cast)
    PracticeSheet.objects.filter(pk=sheet.pk).update(expires_on=timezone.localdate() - dt.timedelta(days=3))
    sheet.published_version.expires_on = timezone.localdate() - dt.timedelta(days=3)
    sheet.published_version.save()
    client = _signed_in(cast.mediator_a)
    assert (
        "Elle n'est plus proposée à l'accueil"
        in client.get(reverse("sheets:detail", args=[sheet.uuid])).content.decode()
    )
    listed = client.get(reverse("sheets:list"), {"status": "expired"})
    assert [s.pk for s in listed.context["page"]] == [sheet.pk]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({"q": "simulation"}, ["caf"]),  # in the steps
        ({"q": "carte identité"}, []),  # words of no title, step, procedure or partner
        ({"q": "passeport"}, ["ants"]),  # the procedure's name
        ({"q": "ANTS"}, ["ants"]),  # the partner's name
        ({"status": "published"}, ["ants", "caf"]),
        ({"status": "draft"}, ["draft"]),
    ],
)
def test_search_and_filters(cast: Any, query: dict[str, str], found: list[str]) -> None:
    published_sheet(cast, title="caf")
    published_sheet(cast, title="ants", code="ants_passeport", steps="Pré-demande en ligne")
    make_sheet(cast.mediator_a, cast.structure_a, title="draft", steps="Rien")
    response = _signed_in(cast.mediator_a).get(reverse("sheets:list"), query)
    assert sorted(sheet.title for sheet in response.context["page"]) == found


def test_the_partner_filter(cast: Any) -> None:
    caf = published_sheet(cast, title="caf")
    published_sheet(cast, title="ants", code="ants_passeport")
    response = _signed_in(cast.mediator_a).get(reverse("sheets:list"), {"partner": caf.procedure.partner_id})
    assert [sheet.title for sheet in response.context["page"]] == ["caf"]


def test_empty_states(cast: Any) -> None:
    client = _signed_in(cast.mediator_a)
    assert (
        "Aucune fiche pratique pour l'instant. Écrivez la première"
        in client.get(reverse("sheets:list")).content.decode()
    )
    page = client.get(reverse("sheets:list"), {"q": "introuvable"}).content.decode()
    assert "Aucune fiche ne correspond à cette recherche." in page


def test_the_list_is_paginated_and_its_queries_do_not_grow_with_sheets(
    cast: Any, django_assert_num_queries: Any
) -> None:
    client = _signed_in(cast.manager_a)
    for number in range(3):
        published_sheet(cast, title=f"Fiche {number:02}")
    client.get(reverse("sheets:list"))  # session and caches warmed
    with django_assert_num_queries(9):
        client.get(reverse("sheets:list"))
    for number in range(3, 25):
        published_sheet(cast, title=f"Fiche {number:02}")
    with django_assert_num_queries(9):
        response = client.get(reverse("sheets:list"))
    assert len(response.context["page"]) == 20
    second = client.get(reverse("sheets:list"), {"page": 2})
    assert [sheet.title for sheet in second.context["page"]] == [
        "Fiche 20",
        "Fiche 21",
        "Fiche 22",
        "Fiche 23",
        "Fiche 24",
    ]


def test_a_reader_does_not_find_a_sheet_by_the_words_of_its_unpublished_revision(cast: Any) -> None:
    sheet = published_sheet(cast, title="Prime d'activité")
    sheet.steps = "Passer par le simulateur confidentiel"
    sheet.edited()
    sheet.save()
    query = {"q": "confidentiel"}
    assert len(_signed_in(cast.manager_a).get(reverse("sheets:list"), query).context["page"]) == 1  # reviewer
    assert len(_signed_in(cast.coordinator_a).get(reverse("sheets:list"), query).context["page"]) == 1
    colleague = member(Role.MEDIATOR, structure=cast.structure_a, totp=False)
    assert len(_signed_in(colleague).get(reverse("sheets:list"), query).context["page"]) == 0
    assert len(_signed_in(colleague).get(reverse("sheets:list"), {"q": "simulation"}).context["page"]) == 1


@pytest.mark.parametrize(("who", "queries"), [("reader", 7), ("reviewer", 10)])
def test_the_sheet_page_costs_the_same_queries_with_many_versions_and_reports(
    cast: Any, who: str, queries: int, django_assert_num_queries: Any
) -> None:
    reader = member(Role.MEDIATOR, structure=cast.structure_a, totp=False)  # neither author nor reviewer
    sheet = published_sheet(cast)
    client = _signed_in(reader if who == "reader" else cast.manager_a)
    url = reverse("sheets:detail", args=[sheet.uuid])
    client.get(url)
    with django_assert_num_queries(queries):
        client.get(url)
    for number in range(3):
        sheet.report_obsolete(member(Role.MEDIATOR, structure=cast.structure_a, totp=False), reason=f"Raison {number}")
        sheet.edited()
        sheet.save()
        sheet.submit(cast.mediator_a)
        sheet.approve(cast.manager_a)
    with django_assert_num_queries(queries):
        page = client.get(url).content.decode()
    assert ("Version 4" in page) is (who == "reviewer")
