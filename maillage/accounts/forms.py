from __future__ import annotations

from typing import Any

from allauth.account import forms as account_forms
from django import forms
from django.contrib.auth.password_validation import validate_password

from maillage.forms_ui import StyledFormMixin


class AcceptInvitationForm(StyledFormMixin, forms.Form):
    first_name = forms.CharField(label="Prénom", max_length=150)
    last_name = forms.CharField(label="Nom", max_length=150)
    password1 = forms.CharField(label="Mot de passe", widget=forms.PasswordInput, help_text="12 caractères au moins.")
    password2 = forms.CharField(label="Confirmation du mot de passe", widget=forms.PasswordInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "Les deux mots de passe ne correspondent pas.")
        elif data.get("password1"):
            try:
                validate_password(data["password1"])
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class LoginForm(StyledFormMixin, account_forms.LoginForm):
    """allauth's login form with the design-system classes."""


class ResetPasswordForm(StyledFormMixin, account_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(StyledFormMixin, account_forms.ResetPasswordKeyForm):
    pass


class ChangePasswordForm(StyledFormMixin, account_forms.ChangePasswordForm):
    pass
