from __future__ import annotations

from typing import Any

from django import forms

from maillage.forms_ui import StyledFormMixin
from maillage.network.models import Place
from maillage.referrals.models import Referral

ATTACHMENT_TYPES = {"pdf", "jpg", "jpeg", "png"}
# The first bytes each accepted type starts with. Three fixed signatures are simpler than a library:
# the extension says what the file claims to be, these bytes say whether it is.
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}


def content_matches(upload: Any, suffix: str) -> bool:
    """Whether the uploaded file starts with the signature of the type its name announces."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return head.startswith(SIGNATURES[suffix])


class AttachmentField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> Any:
        from django.conf import settings

        upload = super().clean(data, initial)
        if upload:
            suffix = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
            if suffix not in ATTACHMENT_TYPES:
                raise forms.ValidationError("Seuls les fichiers PDF, JPG et PNG sont acceptés.")
            if upload.size > settings.REFERRAL_ATTACHMENT_MAX_MB * 1024 * 1024:
                raise forms.ValidationError(f"Le fichier dépasse {settings.REFERRAL_ATTACHMENT_MAX_MB} Mo.")
            if not content_matches(upload, suffix):
                raise forms.ValidationError(
                    f"Le contenu de « {upload.name} » n'est pas celui d'un fichier {suffix.upper()} : "
                    "joignez le document d'origine."
                )
        return upload


class ReferralForm(StyledFormMixin, forms.ModelForm):
    attachment = AttachmentField(
        label="Pièce jointe (facultative)",
        required=False,
        help_text="PDF, JPG ou PNG ; supprimée automatiquement après quelques semaines.",
    )
    to_place = forms.ModelChoiceField(
        queryset=Place.objects.public(),
        required=False,
        label="Lieu destinataire sur la plateforme",
        help_text="Cherchez-le ci-dessus par nom ou commune, ou décrivez plus bas une structure extérieure.",
    )

    class Meta:
        model = Referral
        fields = [
            "to_place",
            "external_name",
            "external_email",
            "external_phone",
            "reason",
            "already_done",
            "share_contact",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3}), "already_done": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"contact_email": forms.EmailField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the chosen place is rendered as an option: the others come from the search (htmx).
        chosen = str((self.data.get("to_place") if self.is_bound else self.initial.get("to_place")) or "")
        place = Place.objects.public().filter(pk=int(chosen)).first() if chosen.isdigit() else None
        self.fields["to_place"].widget.choices = [("", "— Aucun lieu choisi —")] + (
            [(place.pk, f"{place.name} ({place.commune.name})")] if place else []
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        place = data.get("to_place")
        if place is not None:
            self.instance.to_structure = place.structure
        elif not data.get("external_name"):
            self.add_error("to_place", "Choisissez un lieu destinataire ou décrivez la structure extérieure.")
        elif not (data.get("external_email") or data.get("external_phone")):
            self.add_error("external_email", "Donnez un courriel ou un téléphone de la structure extérieure.")
        if not data.get("share_contact") and any(
            data.get(f) for f in ("contact_name", "contact_phone", "contact_email")
        ):
            self.add_error(
                "share_contact",
                "Cochez l'accord de la personne pour transmettre ses coordonnées, ou laissez-les vides.",
            )
        return data


class RefuseForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="Motif du refus", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class CloseForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(
        label="Suite", choices=[("done", "Accompagnement réalisé"), ("no_show", "La personne n'est pas venue")]
    )
    feedback = forms.CharField(
        label="Retour pour la structure d'origine",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
