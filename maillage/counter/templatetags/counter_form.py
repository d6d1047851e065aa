from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

from maillage.counter.form_html import field_html, radios_html
from maillage.counter.today import Row, rows_html

register = template.Library()


@register.simple_tag
def counter_field(field: BoundField) -> SafeString:
    """`{% include "includes/field.html" with field=field %}`, rendered in Python."""
    return field_html(field)


@register.simple_tag
def counter_radios(field: BoundField) -> SafeString:
    """`{% include "includes/radios.html" with field=field %}`, rendered in Python."""
    return radios_html(field)


@register.filter
def today_rows(rows: list[Row], editable: bool) -> SafeString:
    """The rows of `counter/_today.html`, written in Python (`counter/today.py`)."""
    return rows_html(rows, editable=bool(editable))
