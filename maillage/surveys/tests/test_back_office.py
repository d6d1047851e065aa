"""Managers create, edit, close and renew surveys, print the poster and read the results."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any
from xml.etree import ElementTree

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.factories import SurveyFactory, SurveyResponseFactory, sign_in
from maillage.surveys.models import Survey


def _client(user: Any) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def _post_survey(client: Client, url: str, place: Any, questions: str) -> Any:
    data = {"place": place.pk, "title": "Votre avis", "intro": "", "questions_text": questions, "free_text_label": ""}
    return client.post(url, data)


def test_manager_creates_a_survey_with_one_question_per_line(cast: Any) -> None:
    client = _client(cast.manager_a)
    url = reverse("surveys:create", args=[cast.structure_a.uuid])
    response = _post_survey(client, url, cast.place_a, "Accueil ?\n\n  Délai d'attente ?  \r\n")
    assert response.status_code == 302
    survey = Survey.objects.get()
    assert (survey.place, survey.questions, survey.created_by) == (
        cast.place_a,
        ["Accueil ?", "Délai d'attente ?"],
        cast.manager_a,
    )
    assert survey.is_active


def test_survey_form_rejects_bad_questions_in_french(cast: Any) -> None:
    client = _client(cast.manager_a)
    url = reverse("surveys:create", args=[cast.structure_a.uuid])
    cases = [
        ("\n".join(f"Question {n} ?" for n in range(7)), "Posez entre 1 et 6 questions (ici : 7)."),
        ("Accueil ?\n" + "x" * 201, "La ligne 2 fait 201 caractères : 200 au plus par question."),
        (" \n ", "Ce champ est obligatoire."),
    ]
    for questions, message in cases:
        response = _post_survey(client, url, cast.place_a, questions)
        assert response.status_code == 200
        assert message in _text(response)
    assert _post_survey(client, url, cast.place_b, "Accueil ?").status_code == 200  # another structure's place
    assert not Survey.objects.exists()


def test_questions_and_place_freeze_once_answered(cast: Any) -> None:
    survey = SurveyFactory(place=cast.place_a)
    SurveyResponseFactory(survey=survey)
    client = _client(cast.manager_a)
    url = reverse("surveys:edit", args=[survey.uuid])
    assert "créez un nouveau questionnaire" in _text(client.get(url))
    response = client.post(
        url, {"place": cast.place_a.pk, "title": "Nouveau titre", "questions_text": "Autre ?", "free_text_label": ""}
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.title == "Nouveau titre"
    assert survey.questions == ["Avez-vous été bien accueilli(e) ?", "Votre démarche a-t-elle avancé ?"]


def test_close_and_reopen(cast: Any) -> None:
    survey = SurveyFactory(place=cast.place_a)
    client = _client(cast.manager_a)
    assert client.get(reverse("surveys:deactivate", args=[survey.uuid])).status_code == 405
    client.post(reverse("surveys:deactivate", args=[survey.uuid]))
    survey.refresh_from_db()
    assert not survey.is_active
    assert Client().get(survey.public_path).status_code == 404
    client.post(reverse("surveys:activate", args=[survey.uuid]))
    survey.refresh_from_db()
    assert survey.is_active


def test_renewing_the_key_asks_for_confirmation_first(cast: Any) -> None:
    survey = SurveyFactory(place=cast.place_a)
    old = survey.public_key
    client = _client(cast.manager_a)
    url = reverse("surveys:regenerate_key", args=[survey.uuid])
    page = client.get(url)
    assert "cesseront aussitôt de fonctionner" in _text(page)
    survey.refresh_from_db()
    assert survey.public_key == old
    response = client.post(url)
    assert response["Location"] == reverse("surveys:poster", args=[survey.uuid])
    survey.refresh_from_db()
    assert survey.public_key != old


def test_poster_shows_place_title_and_full_url_with_an_svg_qr_code(cast: Any) -> None:
    survey = SurveyFactory(place=cast.place_a, title="Votre avis compte")
    client = _client(cast.mediator_a)
    body = _text(client.get(reverse("surveys:poster", args=[survey.uuid])))
    assert "Lieu A" in body
    assert "Votre avis compte" in body
    assert f"http://testserver/enquetes/r/{survey.public_key}/" in body
    assert reverse("surveys:qr_svg", args=[survey.uuid]) in body
    assert "maillage/css/poster.css" in body
    svg = client.get(reverse("surveys:qr_svg", args=[survey.uuid]))
    assert svg["Content-Type"] == "image/svg+xml"
    root = ElementTree.fromstring(svg.content)  # noqa: S314 - the test server's own output
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find("{http://www.w3.org/2000/svg}path") is not None


def test_results_page_counts_answers_in_the_period_with_few_queries(cast: Any, django_assert_num_queries: Any) -> None:
    survey = SurveyFactory(place=cast.place_a, created_at=timezone.now() - dt.timedelta(days=400))
    for scores in ([5, 4], [3, None], [4, 2]):
        SurveyResponseFactory(survey=survey, scores=scores, free_text="Merci à Nadia")
    SurveyResponseFactory(survey=survey, scores=[1, 1], submitted_at=timezone.now() - dt.timedelta(days=200))
    client = _client(cast.mediator_a)
    url = reverse("surveys:results", args=[survey.uuid])
    # session, user, roles, reach (memberships + survey), answers, remarks (count + page), can_manage (1)
    with django_assert_num_queries(10):
        response = client.get(url)
    body = _text(response)
    assert "4 réponses" in body
    assert "Merci à Nadia" in body
    assert f'value="{timezone.localdate().isoformat()}"' in body  # the default period, as <input type="date"> reads it
    since = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    recent = _text(client.get(url, {"start": since, "end": timezone.localdate().isoformat()}))
    assert "3 réponses" in recent
    assert "4,0" in recent  # welcome: (5 + 3 + 4) / 3
    wrong = _text(client.get(url, {"start": "2026-05-01", "end": "2026-04-01"}))
    assert "La fin de la période ne peut pas précéder son début." in wrong


def test_list_page_has_a_constant_number_of_queries(cast: Any, django_assert_num_queries: Any) -> None:
    for _ in range(5):
        SurveyResponseFactory(survey=SurveyFactory(place=cast.place_a))
    SurveyFactory(place=cast.place_b, title="Questionnaire B")
    client = _client(cast.manager_a)
    # session, user, roles, second factor, reach (memberships + structure), can_manage (2), surveys with counts
    with django_assert_num_queries(10):
        response = client.get(reverse("surveys:list", args=[cast.structure_a.uuid]))
    body = _text(response)
    assert [s.answers for s in response.context["surveys"]] == [1] * 5
    assert "Questionnaire B" not in body


def test_structure_page_links_to_its_surveys(cast: Any) -> None:
    body = _text(_client(cast.mediator_a).get(reverse("network:structure", args=[cast.structure_a.uuid])))
    assert reverse("surveys:list", args=[cast.structure_a.uuid]) in body


def test_mediator_sees_no_edit_button(cast: Any) -> None:
    SurveyFactory(place=cast.place_a)
    body = _text(_client(cast.mediator_a).get(reverse("surveys:list", args=[cast.structure_a.uuid])))
    assert "Résultats" in body
    assert "Nouveau questionnaire" not in body
    assert "Nouveau lien" not in body
