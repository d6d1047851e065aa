"""`{% person_workshops person %}`: the "Compétences numériques et ateliers" section of a person file."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("workshops/_person_section.html")
def person_workshops(person: Any) -> dict[str, Any]:
    from maillage.workshops.models import Registration, SkillsCheck
    from maillage.workshops.skills import MAX_SCORE

    checks = list(SkillsCheck.objects.filter(person=person).select_related("place").order_by("checked_at", "pk"))
    registrations = list(
        Registration.objects.filter(person=person)
        .select_related("session", "session__place")
        .order_by("-session__starts_at")
    )
    return {"person": person, "checks": checks, "registrations": registrations, "max_score": MAX_SCORE}
