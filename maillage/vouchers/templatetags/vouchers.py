"""`{{ cents|euros }}`: an amount in integer cents written in euros, the French way."""

from django import template

from maillage.vouchers.models import euros as euros_text

register = template.Library()


@register.filter
def euros(cents: int | None) -> str:
    return "—" if cents is None else euros_text(int(cents))
