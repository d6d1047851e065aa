"""Forms of workshops: a session, its registrations and roll call, the list filters, the skills check."""

from __future__ import annotations

from typing import Any

from django import forms

from maillage.counter.models import Person
from maillage.forms_ui import StyledFormMixin
from maillage.network.models import Partner, Place
from maillage.workshops.enums import HOLDING_SEAT, Answer, RegistrationStatus, SessionLevel, Theme
from maillage.workshops.models import MAX_CAPACITY, Registration, Session, seat_labels
from maillage.workshops.skills import TASKS

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class SessionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Session
        fields = ["theme", "title", "level", "place", "starts_at", "ends_at", "capacity", "facilitator", "partners"]
        widgets = {"starts_at": DATETIME_INPUT, "ends_at": DATETIME_INPUT, "partners": forms.CheckboxSelectMultiple}
        help_texts = {
            "capacity": f"Places anonymes comprises (de 1 à {MAX_CAPACITY}).",
            "partners": "Les organismes qui co-animent l'atelier le voient dans leurs chiffres.",
        }

    def __init__(self, *args: Any, places: Any, facilitators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places.order_by("name")  # type: ignore[attr-defined]
        self.fields["facilitator"].queryset = facilitators  # type: ignore[attr-defined]
        self.fields["partners"].queryset = Partner.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["capacity"].widget.attrs.update({"min": 1, "max": MAX_CAPACITY})

    def clean(self) -> dict[str, Any]:
        """The session belongs to the structure of its place (set before the model's own checks)."""
        data: dict[str, Any] = super().clean() or {}
        place = data.get("place")
        if place is None:
            return data
        moved = self.instance.pk is not None and place.structure_id != self.instance.structure_id
        if moved and self.instance.seats_taken:
            # Registered person files stay with their structure: the session cannot leave it.
            self.add_error("place", "Des personnes sont inscrites : choisissez un lieu de la même structure.")
            return data
        self.instance.structure_id = place.structure_id
        return data


class ListFilterForm(StyledFormMixin, forms.Form):
    when = forms.ChoiceField(label="Période", choices=[("upcoming", "À venir"), ("past", "Passés")], required=False)
    theme = forms.ChoiceField(label="Thème", choices=[("", "Tous"), *Theme.choices], required=False)
    level = forms.ChoiceField(label="Niveau", choices=[("", "Tous"), *SessionLevel.choices], required=False)
    place = forms.ModelChoiceField(label="Lieu", queryset=Place.objects.none(), required=False, empty_label="Tous")

    def __init__(self, *args: Any, places: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places.order_by("name")  # type: ignore[attr-defined]


class RegisterForm(StyledFormMixin, forms.Form):
    person = forms.ModelChoiceField(
        label="Dossier de la personne",
        queryset=Person.objects.none(),
        required=False,
        empty_label="— Aucun (places anonymes) —",
    )
    anonymous = forms.IntegerField(
        label="Ou nombre de places anonymes",
        min_value=0,
        max_value=MAX_CAPACITY,
        required=False,
        help_text="Pour des personnes sans dossier : seul le nombre est enregistré.",
    )

    def __init__(self, *args: Any, persons: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = persons  # type: ignore[attr-defined]
        self.fields["person"].label_from_instance = lambda p: p.display_name  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("person") and data.get("anonymous"):
            raise forms.ValidationError("Choisissez un dossier ou un nombre de places anonymes, pas les deux.")
        if not data.get("person") and not data.get("anonymous"):
            raise forms.ValidationError("Choisissez un dossier ou indiquez un nombre de places anonymes.")
        return data


ROLL_CALL_CHOICES = [
    (RegistrationStatus.ATTENDED, "Présent"),
    (RegistrationStatus.ABSENT, "Absent"),
    (RegistrationStatus.REGISTERED, "Non renseigné"),
]


class RollCallForm(forms.Form):
    """One radio group per registration holding a seat, named by its UUID."""

    def __init__(self, *args: Any, registrations: list[Registration], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = seat_labels(registrations)  # numbered over every registration, as on the session page
        self.registrations = [r for r in registrations if r.status in HOLDING_SEAT]
        for registration in self.registrations:
            self.fields[str(registration.uuid)] = forms.ChoiceField(
                label=labels[registration.pk],
                choices=ROLL_CALL_CHOICES,
                initial=registration.status,
                widget=forms.RadioSelect,
            )

    def rows(self) -> list[tuple[Registration, forms.BoundField]]:
        return [(r, self[str(r.uuid)]) for r in self.registrations]


class SkillsCheckForm(StyledFormMixin, forms.Form):
    """The twelve tasks of skills.py, each answered by observation, and the place of the check."""

    place = forms.ModelChoiceField(label="Lieu du diagnostic", queryset=Place.objects.none())

    def __init__(self, *args: Any, places: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places.order_by("name")  # type: ignore[attr-defined]
        for task in TASKS:
            self.fields[task.code] = forms.ChoiceField(
                label=task.label, help_text=task.observe, choices=Answer.choices, widget=forms.RadioSelect
            )

    def tasks(self) -> list[forms.BoundField]:
        return [self[task.code] for task in TASKS]

    def answers(self) -> dict[str, str]:
        return {task.code: self.cleaned_data[task.code] for task in TASKS}
