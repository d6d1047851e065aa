"""The counter screen written in Python (fields, selects, today's rows) shows what the templates showed."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from maillage.counter.form_html import field_html, radios_html
from maillage.counter.forms import RequestForm
from maillage.counter.models import Procedure, Request
from maillage.counter.widgets import FastWidget
from maillage.factories import counter_form_data, sign_in
from maillage.network.models import Partner, Place

RADIOS = {"help_level", "outcome", "autonomy"}


@pytest.fixture
def mediator(cast: Any) -> Client:
    client = Client()
    sign_in(client, cast.mediator_a)
    return client


def _with_django_widget(field: Any, template: str) -> str:
    """The field as the shared template renders it with Django's own widget templates."""
    widget = field.field.widget
    fast = widget.__class__
    widget.__class__ = next(cls for cls in fast.__mro__ if not issubclass(cls, FastWidget))
    try:
        return render_to_string(template, {"field": field})
    finally:
        widget.__class__ = fast


def _forms(cast: Any) -> list[RequestForm]:
    places = Place.objects.filter(pk=cast.place_a.pk)
    procedure = Procedure.objects.get(code="caf_prime_activite")
    chosen = {"place": cast.place_a, "procedure": procedure, "partner": procedure.partner, "domain": procedure.domain}
    refused = RequestForm(
        {"place": "x", "procedure": str(procedure.pk), "help_level": "zz", "duration_minutes": "1000", "mandate": "7"},
        places=places,
    )
    refused.is_valid()
    return [
        RequestForm(initial={"place": cast.place_a}, places=places),
        RequestForm(initial=chosen, places=places),
        refused,
    ]


def test_every_counter_field_renders_as_the_shared_field_templates(cast: Any) -> None:
    for form in _forms(cast):
        for field in form:
            template, render = (
                ("includes/radios.html", radios_html) if field.name in RADIOS else ("includes/field.html", field_html)
            )
            assert render(field) == _with_django_widget(field, template), field.name


def test_refused_form_still_shows_each_error_beside_its_field(cast: Any) -> None:
    refused = _forms(cast)[2]
    assert "fr-select-group--error" in field_html(refused["place"])
    assert "fr-fieldset--error" in radios_html(refused["help_level"])
    assert "480 minutes" in html.unescape(field_html(refused["duration_minutes"]))


def _selected(body: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}".*?</select>', body, re.S)
    assert select is not None
    return re.findall(r'<option value="([^"]*)" selected>', select.group(0))


def test_procedure_named_in_the_link_is_the_one_selected(cast: Any, mediator: Client) -> None:
    procedure = Procedure.objects.get(code="cpam_carte_vitale")
    body = mediator.get(reverse("counter:counter") + "?procedure=cpam_carte_vitale").content.decode()
    assert _selected(body, "procedure") == [str(procedure.pk)]
    assert _selected(body, "partner") == [str(procedure.partner_id)]
    assert _selected(mediator.get(reverse("counter:counter")).content.decode(), "procedure") == [""]


def test_renamed_procedure_and_new_partner_show_on_the_next_page(cast: Any, mediator: Client) -> None:
    mediator.get(reverse("counter:counter"))  # the catalogue is cached
    procedure = Procedure.objects.get(code="ants_carte_identite")  # key 1 by default
    procedure.name = "Carte d'identité (renouvellement)"
    procedure.save()
    Partner.objects.create(code="mairie_test", name="Mairie de test")
    body = html.unescape(mediator.get(reverse("counter:counter")).content.decode())
    assert body.count("Carte d'identité (renouvellement)") >= 2  # the shortcut key and the select
    assert body.count(">Mairie de test</option>") == 2  # "Partenaire" and "Orienté par (partenaire)"


def test_todays_rows_link_each_request_to_its_edit_referral_and_delete(cast: Any, mediator: Client) -> None:
    procedure = Procedure.objects.get(code="cpam_carte_vitale")
    mediator.post(
        reverse("counter:counter"), counter_form_data(cast.place_a, shortcut=f"{procedure.partner_id}:{procedure.pk}")
    )
    body = mediator.get(reverse("counter:counter")).content.decode()
    saved = Request.objects.get(procedure=procedure)
    assert f'href="{reverse("counter:request_edit", args=[saved.uuid])}"' in body
    assert f'href="{reverse("referrals:create")}?demande={saved.uuid}"' in body
    assert f'href="{reverse("counter:request_delete", args=[saved.uuid])}"' in body
    assert procedure.name in html.unescape(body)


def test_counter_page_reads_the_procedure_catalogue_once(
    cast: Any, mediator: Client, django_assert_max_num_queries: Any
) -> None:
    procedure = Procedure.objects.get(code="cpam_carte_vitale")
    for _ in range(3):
        mediator.post(
            reverse("counter:counter"),
            counter_form_data(cast.place_a, shortcut=f"{procedure.partner_id}:{procedure.pk}"),
        )
    mediator.get(reverse("counter:counter"))
    # shortcuts, suggestions, partner lists and the procedure select all come from one cached catalogue
    with django_assert_max_num_queries(19):
        body = mediator.get(reverse("counter:counter")).content.decode()
    assert "Mes demandes du jour (3)" in html.unescape(body)
