from __future__ import annotations

from typing import Any, cast

from django import forms
from django.forms.models import ModelChoiceIteratorValue
from django.urls import reverse_lazy
from django.utils import timezone

from maillage.counter.catalogue import catalogue
from maillage.counter.models import Mandate, Person, Procedure, Request
from maillage.counter.residence import Suggestion, label_of, resolve, suggestions
from maillage.counter.widgets import FastSelect, speed_up
from maillage.forms_ui import StyledFormMixin
from maillage.network.models import OutreachStop, Partner, Structure
from maillage.territory.models import Commune

DURATION_CHOICES = [5, 10, 15, 20, 30, 45, 60, 90, 120]
PROFILE_FIELDS = [
    "channel",
    "language",
    "interpreter",
    "referred_by",
    "referred_by_partner",
    "residence",
    "age_band",
    "gender",
    "social_status",
    "first_visit",
    "autonomy",
    "person",
]


class ResidenceField(forms.CharField):
    """Commune of residence, optional: a suggestion "Nom (département, code postal)", a postcode or an
    INSEE code that designates one commune only, or a name borne by one commune only."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            required=False,
            max_length=200,
            label="Commune de résidence",
            help_text="Nom, code postal ou code INSEE, puis choisissez dans les suggestions.",
            widget=forms.TextInput(
                attrs={
                    "autocomplete": "off",
                    "list": "residence-suggestions",
                    "data-commune-suggestions": reverse_lazy("counter:commune_suggestions"),
                }
            ),
            **kwargs,
        )

    def clean(self, value: Any) -> Commune | None:
        return resolve(super().clean(value) or "")


class RequestForm(StyledFormMixin, forms.ModelForm):
    residence = ResidenceField()
    duration_minutes = forms.IntegerField(
        label="Durée (minutes)",
        min_value=1,
        max_value=480,
        initial=15,
        error_messages={
            "min_value": "La durée doit être d'au moins 1 minute.",
            "max_value": "La durée ne peut pas dépasser 8 heures (480 minutes).",
        },
        widget=forms.NumberInput(attrs={"list": "durations", "inputmode": "numeric"}),
    )
    occurred_at = forms.DateTimeField(
        label="Date et heure",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    class Meta:
        model = Request
        fields = [
            "place",
            "stop",
            "procedure",
            "partner",
            "domain",
            "help_level",
            "outcome",
            "duration_minutes",
            "occurred_at",
            "channel",
            "autonomy",
            "language",
            "interpreter",
            "referred_by",
            "referred_by_partner",
            "referred_by_structure",
            "residence",
            "age_band",
            "gender",
            "social_status",
            "first_visit",
            "person",
            "mandate",
            "one_time_consent",
        ]
        widgets = {
            "help_level": forms.RadioSelect,
            "outcome": forms.RadioSelect,
            "autonomy": forms.RadioSelect,
            "person": forms.HiddenInput,
            "first_visit": forms.Select(
                choices=[("", "Non renseigné"), ("True", "Oui, première venue"), ("False", "Non, déjà venue")]
            ),
        }

    def __init__(
        self,
        *args: Any,
        places: Any,
        campaigns: list[Any] | None = None,
        place_list: list[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        """`places`: the user's places (a queryset); `place_list`: the same places when the view has
        already read them, shown by the place select without querying them again."""
        super().__init__(*args, **kwargs)
        fields = self.fields
        self.catalogue = catalogue()
        self.campaigns = {str(c.uuid): c for c in campaigns or []}
        if self.campaigns:  # only when the structure has an active campaign today (outreach/tagging.py)
            fields["campaign"] = forms.ChoiceField(
                label="Campagne d'aller vers",
                required=False,
                choices=[("", "— Hors campagne —"), *((key, c.title) for key, c in self.campaigns.items())],
                error_messages={"invalid_choice": "Cette campagne n'est pas en cours pour vos structures."},
            )
        place = cast(forms.ModelChoiceField, fields["place"])
        place.queryset = places  # what a posted value is checked against
        if place_list is not None:  # what the select shows: the options Django would have read again
            empty = [] if place.empty_label is None else [("", place.empty_label)]
            options = (
                (ModelChoiceIteratorValue(place.prepare_value(p), p), place.label_from_instance(p)) for p in place_list
            )
            place.widget.choices = [*empty, *options]
        cast(forms.ModelChoiceField, fields["stop"]).queryset = OutreachStop.objects.filter(place__in=places)

        partners = Partner.objects.filter(is_active=True).order_by("name")
        for name in ("partner", "referred_by_partner"):
            field = cast(forms.ModelChoiceField, fields[name])
            field.queryset = partners  # what a posted value is checked against
            empty = [] if field.empty_label is None else [("", field.empty_label)]
            field.widget.choices = [*empty, *self.catalogue["active_partners"]]  # what the select shows, cached
        # Structures that usually send people: those of the same networks (the list stays short nationally).
        networks = Structure.objects.filter(pk__in=places.values("structure")).values("network")
        cast(forms.ModelChoiceField, fields["referred_by_structure"]).queryset = Structure.objects.filter(
            network__in=networks
        ).order_by("name")
        procedure = cast(forms.ModelChoiceField, fields["procedure"])
        procedure.queryset = Procedure.objects.filter(is_active=True)
        procedure.widget.choices = self.catalogue["choices"]
        speed_up(fields)
        cast(FastSelect, procedure.widget).options_html = self.catalogue["options_html"]
        fields["domain"].required = False
        fields["domain"].help_text = "Rempli d'après la démarche si vous le laissez vide."
        structures = places.values("structure")
        cast(forms.ModelChoiceField, fields["person"]).queryset = Person.objects.filter(structure__in=structures)
        person = self.initial.get("person") or (self.data.get(self.add_prefix("person")) if self.is_bound else None)
        person_text = str(person or "")
        person_pk = int(person_text) if person_text.isdigit() and len(person_text) < 19 else 0
        mandates = (  # built only for a person file: most requests are anonymous
            Mandate.objects.valid_on(timezone.localdate()).filter(person_id=person_pk, person__structure__in=structures)
            if person_pk
            else Mandate.objects.none()
        )
        cast(forms.ModelChoiceField, fields["mandate"]).queryset = mandates
        fields["person"].required = False
        if not self.is_bound and self.initial.get("residence"):
            self.initial["residence"] = label_of(self.initial["residence"])
        if not self.is_bound and "occurred_at" not in self.initial:
            self.initial["occurred_at"] = timezone.localtime().replace(second=0, microsecond=0)

    @property
    def residence_suggestions(self) -> list[Suggestion]:
        """After a refused residence, the communes it may mean, offered in the field's list."""
        if not self.is_bound or "residence" not in self.errors:
            return []
        return suggestions(str(self.data.get(self.add_prefix("residence"), "")))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        procedure = data.get("procedure")
        if procedure is not None and not data.get("domain"):
            data["domain"] = procedure.domain
            self.instance.domain = procedure.domain
        if not data.get("domain") and "domain" not in self.errors:
            self.add_error("domain", "Choisissez une démarche ou un domaine.")
        stop = data.get("stop")
        place = data.get("place")
        if stop is not None and place is not None and stop.place_id != place.pk:
            self.add_error("stop", "Cette étape n'appartient pas au lieu choisi.")
        if self.campaigns:
            self._clean_campaign(data)
        return data

    def _clean_campaign(self, data: dict[str, Any]) -> None:
        campaign = self.campaigns.get(data.get("campaign") or "")
        place, occurred_at = data.get("place"), data.get("occurred_at")
        if campaign is not None and place is not None and campaign.structure_id != place.structure_id:
            self.add_error("campaign", "Cette campagne est celle d'une autre structure que le lieu choisi.")
        elif campaign is not None and occurred_at and not campaign.is_active_on(timezone.localdate(occurred_at)):
            self.add_error(
                "campaign",
                f"La campagne se déroule du {campaign.starts_on:%d/%m/%Y} au {campaign.ends_on:%d/%m/%Y} : "
                "la date de la demande est en dehors.",
            )
        else:
            self.instance.campaign = campaign
