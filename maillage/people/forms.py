"""Forms of a profile: one per kind of entry, for a manager (any kind) or a mediator's proposal
(skills, trainings, habilitations, languages). The model's `clean` checks dates and overlaps."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.db import models

from maillage.forms_ui import StyledFormMixin
from maillage.network.models import OutreachStop, Partner, Place
from maillage.people.enums import ProposalKind
from maillage.people.models import Assignment, EmploymentPeriod, Habilitation, Language, Skill, Training

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EntryForm(StyledFormMixin, forms.ModelForm):
    def __init__(self, *args: Any, structures: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DATE_INPUT
        if "partner" in self.fields:
            self.fields["partner"].queryset = Partner.objects.filter(is_active=True).order_by("name")  # type: ignore[attr-defined]

    def proposal_data(self) -> dict[str, Any]:
        """The cleaned values as JSON (primary keys, ISO dates), as `ProfileChangeProposal` stores them."""
        data: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if isinstance(value, models.Model):
                value = value.pk
            elif isinstance(value, dt.date):
                value = value.isoformat()
            data[name] = value
        return data


class EmploymentPeriodForm(EntryForm):
    class Meta:
        model = EmploymentPeriod
        fields = ["structure", "job_title", "start", "end"]

    def __init__(self, *args: Any, structures: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["structure"].queryset = structures.order_by("name")  # type: ignore[attr-defined]


class AssignmentForm(EntryForm):
    class Meta:
        model = Assignment
        fields = ["place", "stop", "note", "start", "end"]

    def __init__(self, *args: Any, structures: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        places = Place.objects.filter(structure__in=structures).order_by("name")
        self.fields["place"].queryset = places  # type: ignore[attr-defined]
        stops = OutreachStop.objects.filter(place__in=places).select_related("commune")
        self.fields["stop"].queryset = stops  # type: ignore[attr-defined]


class SkillForm(EntryForm):
    class Meta:
        model = Skill
        fields = ["partner", "domain", "level", "acquired_on"]


class TrainingForm(EntryForm):
    class Meta:
        model = Training
        fields = ["title", "organiser", "start", "end", "expires_on"]


class HabilitationForm(EntryForm):
    class Meta:
        model = Habilitation
        fields = ["kind", "label", "number", "obtained_on", "expires_on"]


class LanguageForm(EntryForm):
    class Meta:
        model = Language
        fields = ["code", "level"]


# Kinds of entry in URLs (ASCII), their form and the French words of the pages.
ENTRY_FORMS: dict[str, type[EntryForm]] = {
    "period": EmploymentPeriodForm,
    "assignment": AssignmentForm,
    ProposalKind.SKILL: SkillForm,
    ProposalKind.TRAINING: TrainingForm,
    ProposalKind.HABILITATION: HabilitationForm,
    ProposalKind.LANGUAGE: LanguageForm,
}
ENTRY_LABELS = {
    "period": "une période d'emploi",
    "assignment": "une affectation",
    ProposalKind.SKILL: "une compétence",
    ProposalKind.TRAINING: "une formation",
    ProposalKind.HABILITATION: "une habilitation",
    ProposalKind.LANGUAGE: "une langue",
}


# What a mediator may propose to change in one of their entries (the subject stays: a skill for another
# partner, another language, is a new entry).
CHANGE_FIELDS = {
    ProposalKind.SKILL: ["level", "acquired_on"],
    ProposalKind.TRAINING: ["start", "end", "expires_on"],
    ProposalKind.HABILITATION: ["number", "obtained_on", "expires_on"],
    ProposalKind.LANGUAGE: ["level"],
}
CHANGE_FORMS: dict[str, type[EntryForm]] = {
    kind: cast(type[EntryForm], forms.modelform_factory(ENTRY_FORMS[kind]._meta.model, form=EntryForm, fields=fields))
    for kind, fields in CHANGE_FIELDS.items()
}


class RemovalForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="Motif de la suppression", max_length=300)


class RefusalForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label="Motif du refus (facultatif)", max_length=300, required=False)
