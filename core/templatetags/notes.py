"""`readable_as`: prints a note only for the audience core.notes lets read it (`{{ note.body|readable_as:"clinical_note:physio" }}`)."""

from __future__ import annotations

from django import template

from core.notes import readable

register = template.Library()


@register.filter
def readable_as(text: str, kind_and_audience: str) -> str:
    """``text`` if ``audience`` may read a note of ``kind`` (written "kind:audience"), else ""."""
    kind, _, audience = kind_and_audience.partition(":")
    return readable(text or "", kind=kind, audience=audience)
