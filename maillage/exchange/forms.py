"""The back-office import form: a file and, for coordinators, the structure of their network it goes to."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from maillage.accounts.enums import Role
from maillage.accounts.scoping import structure_filter
from maillage.network.models import Structure

MAX_BYTES = 5 * 1024 * 1024


def importable_structures(user: Any) -> Any:
    """Administrators import anywhere; a network coordinator into the structures of their networks."""
    return Structure.objects.filter(structure_filter(user, prefix="", roles={Role.NETWORK_COORDINATOR}))


def may_import(user: Any) -> bool:
    return bool(user.is_administrator or Role.NETWORK_COORDINATOR in user.roles())


class PlaceImportForm(forms.Form):
    file = forms.FileField(label="Fichier de lieux (CSV ou JSON, standard v1 ou v0)")
    structure = forms.ModelChoiceField(
        label="Structure qui reçoit les lieux",
        queryset=Structure.objects.none(),
        help_text="Sans structure choisie, chaque lieu va à la structure de son SIRET (créée au besoin), "
        "ou à une structure nommée d'après la source du fichier.",
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["structure"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = importable_structures(user).order_by("name")
        field.required = not user.is_administrator

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size and upload.size > MAX_BYTES:
            raise forms.ValidationError(
                "Le fichier dépasse 5 Mo : importez-le en ligne de commande (maillage import lieux)."
            )
        return upload
