"""The physio's caseload and client page, their repeated parts built in Python.

Each row and badge used to be a handful of template look-ups and an include; written here they cost a tenth
(as the journal's weekly table, ``journal_tags.weekly_rows``). Every value that is not a number or fixed
text goes through ``escape``.
"""

from __future__ import annotations

import uuid

from django import template
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from clinic.caseload import CaseloadRow
from clinic.templatetags.clinic import pain_change
from core.dates import day_in_words
from journal.templatetags.journal_tags import distance

register = template.Library()

# severity: (badge colour, icon, the word before the flag's name); anything else reads as advice
_BADGES = {
    "urgent": ("danger", "exclamation-octagon-fill", "Urgent"),
    "review": ("warning", "exclamation-triangle-fill", "Review"),
}
_ADVICE = ("secondary", "info-circle-fill", "Advice")
_NO_UUID = str(uuid.UUID(int=0))


@register.simple_tag
def severity_badge(severity: str, label: str) -> SafeString:
    """A flag's badge: its severity in words and colour, and its kind ("Urgent: Leg symptoms")."""
    colour, icon, word = _BADGES.get(severity, _ADVICE)
    return mark_safe(  # noqa: S308 - fixed text and the escaped label
        f'<span class="badge text-bg-{colour} me-1"><i class="bi bi-{icon} me-1" aria-hidden="true"></i>'
        f"{word}: {escape(label)}</span>"
    )


@register.filter
def caseload_rows(rows: list[CaseloadRow], user) -> SafeString:
    """The caseload table's body rows (``clinic.selectors.caseload``), distances in ``user``'s unit."""
    client_url = reverse("clinic:client", args=[_NO_UUID])  # each row's address differs only by the link's id
    html = []
    for row in rows:
        if row.flags:
            flags = (
                '<span class="caseload-badges">'
                + "".join(severity_badge(severity, label) for _, label, severity in row.flags)
                + "</span>"
            )
        else:
            flags = '<span class="text-body-secondary">none</span>'
        last = (
            day_in_words(row.last_entry, short=True)
            if row.last_entry
            else '<span class="text-body-secondary">none yet</span>'
        )
        pain = "–" if row.current_pain is None else f"{int(row.current_pain)}/10"
        html.append(
            f'<tr><th scope="row" class="text-nowrap"><a href="{escape(client_url.replace(_NO_UUID, row.link_id))}">'
            f"{escape(row.name)}</a></th>"
            f'<td data-label="Last entry">{last}</td>'
            f'<td data-label="Pain now">{pain}</td>'
            f'<td class="text-primary" data-label="Last 14 days">{row.sparkline}</td>'
            f'<td data-label="Change">{escape(pain_change(row.rise))}</td>'
            f'<td data-label="Run this week">{escape(distance(row.week_distance_m, user))}</td>'
            f'<td data-label="Open flags">{flags}</td></tr>'
        )
    return mark_safe("\n".join(html))  # noqa: S308 - built from escaped values above
