"""Labels for the admin's history pages (templates/simple_history/): a field's verbose name, not its code."""

from __future__ import annotations

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst

register = template.Library()


@register.filter
def field_label(opts, name: str) -> str:
    """``opts`` is a model's ``_meta``; ``name`` a field name from ``history_list_display``."""
    try:
        return capfirst(opts.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return capfirst(name.replace("_", " "))
