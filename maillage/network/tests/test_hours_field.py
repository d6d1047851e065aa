"""The opening hours editor: grid to OSM, raw text fallback, French errors, and the live preview."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django import forms
from django.utils import timezone

from maillage.accounts.models import User
from maillage.factories import sign_in
from maillage.lib.opening_hours import PARIS
from maillage.network.hours import OpeningHoursField
from maillage.network.models import Place

OFFICE = "Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00; PH off"
PREVIEW_URL = "/gestion/horaires/apercu/"


class PlaceHoursForm(forms.Form):
    opening_hours = OpeningHoursField(required=False, max_length=500)


def grid_data(**extra: str) -> dict[str, str]:
    """What the editor posts for the usual office hours, the grid untouched since an empty value."""
    data = {"opening_hours_mode": "grid", "opening_hours_raw": "", "opening_hours_raw_initial": ""}
    data["opening_hours_ph"] = "on"
    for day in range(5):
        data |= {f"opening_hours_d{day}_s1_start": "09:00", f"opening_hours_d{day}_s1_end": "12:00"}
        data |= {f"opening_hours_d{day}_s2_start": "13:30", f"opening_hours_d{day}_s2_end": "17:00"}
    data |= {"opening_hours_d5_s1_start": "09:00", "opening_hours_d5_s1_end": "12:00"}
    return data | extra


class FormValues(HTMLParser):
    """The values a browser without JavaScript would submit (inputs in <template> are inert)."""

    def __init__(self) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.in_template = 0
        self.textarea: str | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "template":
            self.in_template += 1
        if self.in_template:
            return
        name = found.get("name", "")
        if tag == "input" and (found.get("type") != "checkbox" or "checked" in found):
            self.values[name] = found.get("value", "")
        elif tag == "textarea":
            self.textarea, self.values[name] = name, ""
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in found:
            self.values[self.select] = found.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self.in_template -= 1
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data: str) -> None:
        if self.textarea and not self.in_template:
            self.values[self.textarea] += data


def submitted_values(html: str) -> dict[str, str]:
    parser = FormValues()
    parser.feed(html)
    return parser.values


def test_posted_grid_becomes_the_canonical_osm_string() -> None:
    form = PlaceHoursForm(data=grid_data())
    assert form.is_valid(), form.errors
    assert form.cleaned_data["opening_hours"] == OFFICE


def test_posted_exceptions_are_written_after_the_weekly_rules() -> None:
    form = PlaceHoursForm(
        data=grid_data(
            opening_hours_x0_kind="closure",
            opening_hours_x0_from="2026-12-24",
            opening_hours_x0_to="2027-01-02",
            opening_hours_x3_kind="opening",
            opening_hours_x3_from="2026-12-06",
            opening_hours_x3_to="",
            opening_hours_x3_s1_start="10:00",
            opening_hours_x3_s1_end="12:00",
            opening_hours_x4_kind="closure",  # a blank row is ignored
            opening_hours_x4_from="",
        )
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["opening_hours"] == f"{OFFICE}; 2026 Dec 24-2027 Jan 02 off; 2026 Dec 06 10:00-12:00"


@pytest.mark.django_db
def test_model_form_puts_the_osm_string_on_the_place() -> None:
    class PlaceForm(forms.ModelForm):
        opening_hours = OpeningHoursField(required=False, max_length=500)

        class Meta:
            model = Place
            fields = ["opening_hours"]

    form = PlaceForm(data=grid_data(), instance=Place())
    assert form.is_valid(), form.errors
    assert form.instance.opening_hours == OFFICE


def test_slot_ending_before_it_starts_is_refused_in_french() -> None:
    form = PlaceHoursForm(data=grid_data(opening_hours_d2_s3_start="18:00", opening_hours_d2_s3_end="17:30"))
    assert not form.is_valid()
    assert form.errors["opening_hours"] == [
        "Mercredi, créneau 3 : l'heure de fin (17\u00a0h\u00a030) doit être après l'heure de début (18\u00a0h)."
    ]


def test_half_filled_slot_and_opening_without_slots_are_refused_in_french() -> None:
    form = PlaceHoursForm(
        data=grid_data(
            opening_hours_d6_s1_start="10:00",
            opening_hours_x0_kind="opening",
            opening_hours_x0_from="2026-12-06",
        )
    )
    assert not form.is_valid()
    assert form.errors["opening_hours"] == [
        "Dimanche, créneau 1 : indiquez l'heure de début et l'heure de fin.",
        "Exception 1 : indiquez au moins un créneau pour l'ouverture exceptionnelle.",
    ]


def test_edited_raw_text_overrides_the_grid() -> None:
    form = PlaceHoursForm(data=grid_data(opening_hours_raw="Mo-Su 08:00-20:00"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["opening_hours"] == "Mo-Su 08:00-20:00"


def test_unreadable_raw_text_gives_the_french_message() -> None:
    form = PlaceHoursForm(data=grid_data(opening_hours_raw="du lundi au vendredi"))
    assert not form.is_valid()
    [message] = form.errors["opening_hours"]
    assert str(message).startswith("Horaires illisibles.")


def test_raw_text_alone_is_used_when_the_grid_is_empty() -> None:
    form = PlaceHoursForm(data={"opening_hours_raw": "Mo-Fr 08:00-18:00", "opening_hours_ph": "on"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["opening_hours"] == "Mo-Fr 08:00-18:00"


def test_too_long_hours_are_refused_with_the_limit() -> None:
    class StopForm(forms.Form):
        opening_hours = OpeningHoursField(max_length=20)

    form = StopForm(data=grid_data())
    assert not form.is_valid()
    assert form.errors["opening_hours"] == [
        "Ces horaires font 53 caractères au format OpenStreetMap, 20 au plus : regroupez ou retirez des exceptions."
    ]


def test_required_field_refuses_an_empty_editor() -> None:
    class StopForm(forms.Form):
        opening_hours = OpeningHoursField()

    form = StopForm(data={"opening_hours_mode": "grid", "opening_hours_raw": "", "opening_hours_ph": "on"})
    assert not form.is_valid()
    assert form.errors["opening_hours"] == ["Indiquez les horaires d'ouverture."]


def test_saved_hours_render_in_the_grid_and_submit_back_unchanged() -> None:
    saved = f"{OFFICE}; 2026 Dec 24-2027 Jan 02 off; 2026 Dec 06 10:00-12:00"
    html = str(PlaceHoursForm(initial={"opening_hours": saved}))
    values = submitted_values(html)
    assert values["opening_hours_d0_s2_start"] == "13:30"
    assert values["opening_hours_ph"] == "on"
    assert values["opening_hours_x0_kind"] == "closure"
    assert values["opening_hours_x1_from"] == "2026-12-06"
    form = PlaceHoursForm(data=values, initial={"opening_hours": saved})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["opening_hours"] == saved
    assert not form.has_changed()


def test_unchecking_holidays_and_clearing_the_grid_are_saved() -> None:
    values = submitted_values(str(PlaceHoursForm(initial={"opening_hours": OFFICE})))
    del values["opening_hours_ph"]
    form = PlaceHoursForm(data=values)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["opening_hours"] == "Mo-Fr 09:00-12:00,13:30-17:00; Sa 09:00-12:00"
    cleared = {name: value for name, value in values.items() if not re.search(r"_d\d_s\d_", name)}
    form = PlaceHoursForm(data=cleared)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["opening_hours"] == ""


def test_hours_beyond_the_grid_show_only_the_raw_text_and_are_kept() -> None:
    saved = "Mo-Fr 08:00-12:00; We 14:00-18:00"
    html = str(PlaceHoursForm(initial={"opening_hours": saved}))
    assert "Lundi" not in html
    assert "ne sait pas représenter" in html
    values = submitted_values(html)
    assert values["opening_hours_raw"] == saved
    form = PlaceHoursForm(data=values)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["opening_hours"] == saved


def test_invalid_form_shows_back_what_was_typed() -> None:
    form = PlaceHoursForm(data=grid_data(opening_hours_d2_s3_start="18:00", opening_hours_d2_s3_end="17:30"))
    assert not form.is_valid()
    values = submitted_values(str(form))
    assert values["opening_hours_d2_s3_start"] == "18:00"
    assert values["opening_hours_d2_s3_end"] == "17:30"


def test_editor_is_labelled_in_french_and_has_no_inline_script_or_style() -> None:
    html = str(PlaceHoursForm())
    for text in ("Lundi", "Dimanche", "Fermé les jours fériés", "Ouverture exceptionnelle", "Date de début"):
        assert text in html
    assert html.count('type="time"') == 7 * 3 * 2 + 2 * 3 * 2  # the week, a blank row and its template
    assert 'hx-get="/gestion/horaires/apercu/?field=opening_hours"' in html
    assert "data-hours-editor" in html
    assert "style=" not in html
    assert "<script" not in html
    assert not re.search(r"\son[a-z]+=", html)
    assert 'src="/static/maillage/js/hours-editor.js"' in str(PlaceHoursForm().media)


# --- Preview --------------------------------------------------------------------------------------------


@pytest.fixture
def manager_client(client, db):
    sign_in(client, User.objects.create_user(email="gestion@example.org", password="un mot de passe long"))
    return client


def freeze(monkeypatch: pytest.MonkeyPatch, day: dt.date, hour: int, minute: int) -> None:
    moment = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_preview_shows_open_now_and_the_closing_time(manager_client, monkeypatch) -> None:
    freeze(monkeypatch, dt.date(2026, 2, 3), 10, 15)  # a Tuesday
    response = manager_client.get(PREVIEW_URL, grid_data(field="opening_hours"))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<code>{OFFICE}</code>" in html
    assert "Ouvert maintenant</strong> — Ferme aujourd&#x27;hui à 12\u00a0h" in html
    assert "Mardi 03/02</th><td>9\u00a0h – 12\u00a0h, 13\u00a0h\u00a030 – 17\u00a0h</td>" in html


def test_preview_shows_closed_now_and_the_next_opening(manager_client, monkeypatch) -> None:
    freeze(monkeypatch, dt.date(2026, 2, 7), 12, 30)  # a Saturday afternoon
    response = manager_client.post(PREVIEW_URL + "?field=opening_hours", grid_data())
    html = response.content.decode()
    assert "Fermé maintenant</strong> — Ouvre lundi à 9\u00a0h" in html
    assert "Dimanche 08/02</th><td>Fermé</td>" in html


def test_preview_reads_a_prefixed_field_and_shows_french_errors(manager_client) -> None:
    data = {
        "field": "place-opening_hours",
        "place-opening_hours_mode": "grid",
        "place-opening_hours_d0_s1_start": "12:00",
        "place-opening_hours_d0_s1_end": "09:00",
    }
    html = manager_client.get(PREVIEW_URL, data).content.decode()
    assert "Ces horaires ne peuvent pas être enregistrés" in html
    assert (
        "Lundi, créneau 1 : l&#x27;heure de fin (9\u00a0h) doit être après l&#x27;heure de début (12\u00a0h)." in html
    )


def test_preview_requires_login(client, db) -> None:
    response = client.get(PREVIEW_URL, grid_data())
    assert response.status_code == 302
    assert response["Location"].startswith("/compte/login/")
