"""Back-office survey form, the public answer form and the period filter of the results page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from maillage.forms_dates import bound_dates
from maillage.forms_ui import StyledFormMixin
from maillage.network.models import Partner, Structure
from maillage.surveys.enums import MAX_FREE_TEXT, MAX_QUESTION_LENGTH, MAX_QUESTIONS, OTHER_PARTNER_LABEL, Score
from maillage.surveys.models import Survey, validate_questions

OTHER = "other"
ISO_DATE = "%Y-%m-%d"  # what <input type="date"> reads and sends


class SurveyForm(StyledFormMixin, forms.ModelForm):
    field_order = ["place", "title", "intro", "questions_text", "free_text_label"]
    questions_text = forms.CharField(
        label="Questions notées de 1 à 5",
        widget=forms.Textarea(attrs={"rows": MAX_QUESTIONS + 1}),
        help_text=f"Une question par ligne, de 1 à {MAX_QUESTIONS} questions de {MAX_QUESTION_LENGTH} caractères "
        "au plus. Ex. : Avez-vous été bien accueilli(e) ?",
    )

    class Meta:
        model = Survey
        fields = ["place", "title", "intro", "free_text_label"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, structure: Structure, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.structure = structure
        self.fields["place"].queryset = structure.places.order_by("name")  # type: ignore[attr-defined]
        self.fields["questions_text"].initial = "\n".join(self.instance.questions)
        if self.instance.pk and self.instance.responses.exists():
            # Answers are stored question by question: their wording and place are frozen from then on.
            for name in ("place", "questions_text"):
                self.fields[name].disabled = True
                self.fields[name].help_text = (
                    "Des réponses ont déjà été reçues : pour changer les questions ou le lieu, "
                    "créez un nouveau questionnaire."
                )

    def clean_questions_text(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["questions_text"].splitlines() if line.strip()]
        for number, line in enumerate(lines, start=1):
            if len(line) > MAX_QUESTION_LENGTH:
                raise forms.ValidationError(
                    f"La ligne {number} fait {len(line)} caractères : {MAX_QUESTION_LENGTH} au plus par question."
                )
        validate_questions(lines)
        return lines

    def save(self, commit: bool = True) -> Survey:
        self.instance.questions = self.cleaned_data["questions_text"]
        return super().save(commit=commit)


class AnswerForm(forms.Form):
    """One 1–5 radio group per question (each optional), the partner question, the free text."""

    def __init__(self, *args: Any, survey: Survey, partners: list[Partner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.partners = {str(p.pk): p for p in partners}
        for index, label in enumerate(survey.questions):
            self.fields[f"q{index}"] = forms.TypedChoiceField(
                label=label,
                choices=Score.choices,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choisissez une note de 1 à 5, ou laissez la question sans réponse."},
            )
        if partners:
            self.fields["partner"] = forms.ChoiceField(
                label="Pour quel organisme êtes-vous venu(e) ?",
                choices=[(key, p.name) for key, p in self.partners.items()] + [(OTHER, OTHER_PARTNER_LABEL)],
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Choisissez un organisme de la liste."},
            )
        if survey.free_text_label:
            self.fields["free_text"] = forms.CharField(
                label=survey.free_text_label,
                required=False,
                max_length=MAX_FREE_TEXT,
                widget=forms.Textarea(attrs={"rows": 4, "class": "fr-input", "maxlength": MAX_FREE_TEXT}),
                help_text=f"Facultatif, {MAX_FREE_TEXT} caractères au plus. N'indiquez ni nom ni coordonnées.",
                error_messages={"max_length": f"Votre remarque dépasse {MAX_FREE_TEXT} caractères : raccourcissez-la."},
            )

    def score_fields(self) -> list[forms.BoundField]:
        return [self[f"q{index}"] for index in range(len(self.survey.questions))]

    def partner_field(self) -> forms.BoundField | None:
        return self["partner"] if "partner" in self.fields else None

    def free_text_field(self) -> forms.BoundField | None:
        return self["free_text"] if "free_text" in self.fields else None

    @property
    def scores(self) -> list[int | None]:
        return [self.cleaned_data.get(f"q{index}") for index in range(len(self.survey.questions))]

    @property
    def partner(self) -> Partner | None:
        return self.partners.get(self.cleaned_data.get("partner") or "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.errors and not any(
            (any(s is not None for s in self.scores), cleaned.get("partner"), cleaned.get("free_text", "").strip())
        ):
            raise forms.ValidationError("Répondez à au moins une question avant d'envoyer.")
        return cleaned


class PeriodForm(forms.Form):
    start = forms.DateField(label="Du", widget=forms.DateInput({"type": "date", "class": "fr-input"}, format=ISO_DATE))
    end = forms.DateField(label="Au", widget=forms.DateInput({"type": "date", "class": "fr-input"}, format=ISO_DATE))

    def __init__(self, data: Any, *, default_start: dt.date) -> None:
        self.default = (default_start, timezone.localdate())
        super().__init__(data if data.get("start") or data.get("end") else None, initial=self.period_dict())
        bound_dates(self.fields)

    def period_dict(self) -> dict[str, dt.date]:
        return {"start": self.default[0], "end": self.default[1]}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            raise forms.ValidationError("La fin de la période ne peut pas précéder son début.")
        return cleaned

    def period(self) -> tuple[dt.date, dt.date]:
        """The asked period when valid, else the default one (creation of the survey to today)."""
        if self.is_bound and self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return self.default
