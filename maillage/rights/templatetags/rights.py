"""`{% person_rights person %}`: the "Droits" section of a person file (the counter's page shows it)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

register = template.Library()


@register.inclusion_tag("rights/_person_section.html")
def person_rights(person: Any) -> dict[str, Any]:
    from maillage.rights.models import FollowedRight, Screening

    rights = FollowedRight.objects.filter(person=person).select_related("partner").reminders_first()
    latest = Screening.objects.filter(person=person).only("uuid", "status", "period", "created_at", "origin").first()
    return {"person": person, "rights": list(rights), "today": timezone.localdate(), "screening": latest}
