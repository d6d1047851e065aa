"""Forms of the queue: a ticket at reception (a few taps), a redirection."""

from __future__ import annotations

from typing import Any

from django import forms

from maillage.forms_ui import StyledFormMixin
from maillage.network.models import Partner
from maillage.tickets.enums import RedirectKind, RedirectReason
from maillage.tickets.models import Ticket


class TicketForm(StyledFormMixin, forms.ModelForm):
    """Reason, priority, partner and language: no name, no personal data."""

    class Meta:
        model = Ticket
        fields = ["reason", "priority", "partner", "language"]
        widgets = {"reason": forms.RadioSelect, "priority": forms.RadioSelect}

    def __init__(self, *args: Any, place: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partners = place.partners.filter(is_active=True)
        self.fields["partner"].queryset = (  # type: ignore[attr-defined]
            partners if partners.exists() else Partner.objects.filter(is_active=True)
        ).order_by("name")
        self.fields["partner"].empty_label = "Sans préférence"  # type: ignore[attr-defined]
        self.fields["language"].help_text = "Si la personne préfère une autre langue que le français."


class RedirectForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label="Vers quoi la personne est-elle envoyée ?", choices=RedirectKind.choices, widget=forms.RadioSelect
    )
    reason = forms.ChoiceField(label="Motif", choices=RedirectReason.choices)
    partner = forms.ModelChoiceField(
        label="Partenaire", queryset=Partner.objects.filter(is_active=True).order_by("name"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == RedirectKind.PARTNER and not data.get("partner"):
            self.add_error("partner", "Choisissez le partenaire vers lequel la personne est envoyée.")
        return data
