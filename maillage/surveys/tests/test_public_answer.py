"""A person scans the QR code, answers anonymously, and floods or stale links are turned away."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from maillage.factories import AgreementFactory, SurveyFactory, SurveyResponseFactory
from maillage.surveys.limits import source_hash, too_many_answers
from maillage.surveys.models import Survey, SurveyResponse
from maillage.surveys.tasks import run_daily


@pytest.fixture
def survey(cast: Any) -> Survey:
    AgreementFactory(structure=cast.structure_a, partner=cast.partner, start=dt.date(2020, 1, 1))
    return SurveyFactory(place=cast.place_a, intro="Trois questions, une minute.")


def _url(survey: Survey) -> str:
    return reverse("surveys:answer", args=[survey.public_key])


def _text(response: Any) -> str:
    return html.unescape(response.content.decode())


def test_answer_round_trip_is_anonymous(survey: Survey, cast: Any) -> None:
    client = Client()
    page = client.get(_url(survey))
    body = _text(page)
    assert page.status_code == 200
    assert "<legend" in body
    assert "Avez-vous été bien accueilli(e) ?" in body
    assert "1 — Pas du tout satisfait" in body
    assert "5 — Très satisfait" in body
    assert "Pour quel organisme êtes-vous venu(e) ?" in body
    assert "Autre / je ne sais pas" in body
    assert set(page.cookies) <= {"csrftoken"}
    response = client.post(
        _url(survey), {"q0": "5", "q1": "", "partner": str(cast.partner.pk), "free_text": " Très bon accueil. "}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:thanks", args=[survey.public_key])
    assert "Merci pour votre avis" in _text(client.get(response["Location"]))
    answer = SurveyResponse.objects.get()
    assert (answer.scores, answer.partner, answer.free_text) == ([5, None], cast.partner, "Très bon accueil.")
    assert len(answer.source_hash) == 64
    assert "127.0.0.1" not in answer.source_hash
    assert not {f.name for f in SurveyResponse._meta.get_fields()} & {"user", "ip", "address", "remote_addr"}


def test_other_partner_is_stored_as_no_partner(survey: Survey) -> None:
    Client().post(_url(survey), {"q0": "3", "partner": "other"})
    assert SurveyResponse.objects.get().partner is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"q0": "7"}, "Choisissez une note de 1 à 5, ou laissez la question sans réponse."),
        ({"q0": "0"}, "Choisissez une note de 1 à 5, ou laissez la question sans réponse."),
        ({"q0": "bien"}, "Choisissez une note de 1 à 5, ou laissez la question sans réponse."),
        ({"q0": "4", "partner": "999999"}, "Choisissez un organisme de la liste."),
        ({"q0": "4", "free_text": "x" * 1001}, "Votre remarque dépasse 1000 caractères : raccourcissez-la."),
        ({}, "Répondez à au moins une question avant d'envoyer."),
    ],
)
def test_bad_input_comes_back_with_a_french_message_and_saves_nothing(
    survey: Survey, data: dict[str, str], message: str
) -> None:
    response = Client().post(_url(survey), data)
    assert response.status_code == 200
    body = _text(response)
    assert message in body
    assert "Votre réponse n'a pas été enregistrée" in body
    assert not SurveyResponse.objects.exists()


def test_fourth_answer_in_the_hour_from_one_address_is_refused(survey: Survey) -> None:
    client = Client()
    for _ in range(3):
        assert client.post(_url(survey), {"q0": "4"}).status_code == 302
    response = client.post(_url(survey), {"q0": "1"})
    assert response.status_code == 429
    assert "Réessayez dans une heure" in _text(response)
    assert SurveyResponse.objects.count() == 3
    other_address = Client(REMOTE_ADDR="203.0.113.7")
    assert other_address.post(_url(survey), {"q0": "2"}).status_code == 302


def test_an_address_is_capped_over_all_surveys(survey: Survey, cast: Any) -> None:
    today = source_hash("127.0.0.1", timezone.localdate())
    for _ in range(20):
        SurveyResponseFactory(survey=SurveyFactory(place=cast.place_b), source_hash=today)
    response = Client().post(_url(survey), {"q0": "4"})
    assert response.status_code == 429
    assert not survey.responses.exists()


def test_the_hour_reaches_over_midnight(survey: Survey) -> None:
    just_after_midnight = timezone.make_aware(dt.datetime(2026, 3, 10, 0, 10))
    yesterday = source_hash("127.0.0.1", dt.date(2026, 3, 9))
    for minutes in (40, 30, 20):
        SurveyResponseFactory(
            survey=survey, source_hash=yesterday, submitted_at=just_after_midnight - dt.timedelta(minutes=minutes)
        )
    assert too_many_answers(survey, "127.0.0.1", just_after_midnight)
    assert not too_many_answers(survey, "127.0.0.1", just_after_midnight + dt.timedelta(minutes=31))
    assert not too_many_answers(survey, "198.51.100.1", just_after_midnight)


def test_renewed_key_makes_the_old_link_a_french_404(survey: Survey) -> None:
    old = _url(survey)
    survey.regenerate_key()
    response = Client().get(old)
    assert response.status_code == 404
    assert "Ce questionnaire n'existe plus" in _text(response)
    assert Client().post(old, {"q0": "5"}).status_code == 404
    assert Client().get(_url(survey)).status_code == 200
    assert not SurveyResponse.objects.exists()


def test_closed_or_unknown_survey_is_a_french_404(survey: Survey) -> None:
    survey.deactivate()
    for url in (_url(survey), reverse("surveys:answer", args=["inconnu-0123456789abcdef"])):
        response = Client().get(url)
        assert response.status_code == 404
        assert "Ce questionnaire n'existe plus" in _text(response)


def test_without_agreement_or_free_text_label_those_questions_are_not_asked(cast: Any) -> None:
    survey = SurveyFactory(place=cast.place_b, free_text_label="")
    body = _text(Client().get(_url(survey)))
    assert "Pour quel organisme" not in body
    assert "<textarea" not in body
    assert Client().post(_url(survey), {"q0": "2", "partner": str(cast.partner.pk)}).status_code == 302
    assert SurveyResponse.objects.get().partner is None


def test_hashes_are_blanked_after_two_days(survey: Survey) -> None:
    now = timezone.now()
    old = SurveyResponseFactory(survey=survey, source_hash="a" * 64, submitted_at=now - dt.timedelta(days=3))
    recent = SurveyResponseFactory(survey=survey, source_hash="b" * 64, submitted_at=now - dt.timedelta(hours=5))
    assert run_daily(now) == {"hashes_blanked": 1}
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.source_hash, recent.source_hash) == ("", "b" * 64)
    assert old.scores == [4, 4]
    assert run_daily(now) == {"hashes_blanked": 0}


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_each_client_has_its_own_budget(survey: Survey) -> None:
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    for _ in range(3):
        assert proxy.post(_url(survey), {"q0": "4"}, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 302
    assert proxy.post(_url(survey), {"q0": "4"}, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
    forged = "198.51.100.2, 198.51.100.1"  # a forged left entry does not buy a new budget
    assert proxy.post(_url(survey), {"q0": "4"}, HTTP_X_FORWARDED_FOR=forged).status_code == 429
    assert proxy.post(_url(survey), {"q0": "4"}, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 302
    assert SurveyResponse.objects.count() == 4
