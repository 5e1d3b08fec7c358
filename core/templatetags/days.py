"""`day_in_words`: a day in words in templates (core.dates.day_in_words), e.g. ``{{ entry.day|day_in_words }}``
("Monday 7 December"), ``|day_in_words:"short"`` ("Mon 7 Dec") or ``|day_in_words:"year"``."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from core.dates import day_in_words as _day_in_words

register = template.Library()


@register.filter
def day_in_words(value, style: str = "") -> str:
    """A date, an aware datetime (its day in the current time zone) or an ISO date string; "" for none,
    and anything else unreadable as it is."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    try:
        return _day_in_words(value, short=style == "short", year=style == "year")
    except (TypeError, ValueError):
        return str(value)
