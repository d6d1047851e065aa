"""Load a survey "as this user": 404 out of reach (partner viewers included), 403 when not editable."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from maillage.network.access import can_manage
from maillage.surveys.models import Survey


def get_survey_for_user(request: HttpRequest, uuid: Any, *, manage: bool = False) -> Survey:
    user: Any = request.user
    survey = get_object_or_404(Survey.objects.for_user(user).select_related("place__structure"), uuid=uuid)
    if manage and not can_manage(request, survey.place.structure):
        raise PermissionDenied("Seuls les responsables de la structure peuvent modifier ce questionnaire.")
    return survey
