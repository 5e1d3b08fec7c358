"""Display helpers for journal templates."""

from __future__ import annotations

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe

from journal.units import METRES_PER, UNIT_LABEL, format_pace
from triage.codes import CARE_NOW_VERDICTS, Symptom, sign_tier

register = template.Library()
_LABELS = dict(Symptom.choices)


@register.filter
def symptom_label(code: str) -> str:
    return _LABELS.get(code, code)


@register.filter
def care_now_tier(symptoms) -> str:
    """'emergency' or 'urgent' when the day's signs need care now (graded as triage grades them), else ''."""
    tier, _signs = sign_tier([code for code in symptoms or [] if isinstance(code, str)])
    return str(tier) if tier in CARE_NOW_VERDICTS else ""


@register.filter
def distance(metres: int | None, unit) -> str:
    """Metres in a unit, one decimal ("12.3 km"); ``unit`` is "km", "mi" or a user whose unit to use."""
    unit = getattr(unit, "units", unit) or "km"
    if not metres:
        return "0"
    return f"{metres / float(METRES_PER[unit]):.1f} {UNIT_LABEL[unit]}"


@register.simple_tag
def pace(metres: int, seconds: int, unit: str) -> str:
    return format_pace(metres, seconds, unit)


@register.filter
def signed(value) -> str:
    """A change with its sign: +3.1, -2, 0."""
    if value is None:
        return ""
    return f"+{value:g}" if value > 0 else f"{value:g}"


# The two tables below are built in Python, one filter call per table: through template tags they
# were thousands of variable look-ups and filter calls per page (364 cells for 52 weeks), the largest
# part of the dashboard's and the client page's render time. Every value is a number, a date or a
# string from the selector, and is escaped all the same.


def _day_month(day) -> str:
    return f"{day.day} {day:%b}"  # Django's "j M"


def _or_dash(value) -> str:
    return "–" if value is None else escape(str(value))


@register.filter
def weekly_rows(weeks) -> SafeString:
    """The weekly table's body rows (journal.selectors.dashboard_context's ``weekly_recent_first``)."""
    rows = []
    for w in weeks:
        current = w["is_current"]
        rows.append(
            ('<tr class="table-active">' if current else "<tr>")
            + f'<th scope="row">{_day_month(w["monday"])}'
            + (' <span class="badge text-bg-secondary">this week</span>' if current else "")
            + "</th>"
            + f'<td class="text-end" data-label="Sessions">{escape(str(w["sessions"]))}</td>'
            f'<td class="text-end" data-label="Distance">{escape(str(w["distance"]))}</td>'
            f'<td class="text-end" data-label="Change">{escape(signed(w["distance_change"]))}</td>'
            f'<td class="text-end" data-label="Time">{escape(str(w["duration"]))}</td>'
            f'<td class="text-end" data-label="Load">{escape(str(w["load"]))}</td>'
            f'<td class="text-end" data-label="Mean pain">{_or_dash(w["mean_pain"])}</td>'
            f'<td class="text-end" data-label="Highest pain">{_or_dash(w["max_pain"])}</td>'
            "</tr>"
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - built from escaped values above


@register.filter
def heatmap_rows(weeks) -> SafeString:
    """The pain calendar's body rows, newest week first (``heatmap`` of dashboard_context)."""
    rows = []
    for week in reversed(weeks):
        cells = []
        for c in week["cells"]:
            label = escape(c["label"])
            if c["future"]:
                cells.append(f'<td class="bg-body"><span class="visually-hidden">{label}: still to come</span></td>')
            else:
                cells.append(
                    f'<td class="{escape(c["css"])}" title="{label}"><span class="visually-hidden">{label}: </span>'
                    f"{_or_dash(c['pain'])}</td>"
                )
        rows.append(f'<tr><th scope="row" class="text-nowrap">{_day_month(week["monday"])}</th>{"".join(cells)}</tr>')
    return mark_safe("\n".join(rows))  # noqa: S308 - built from escaped values above
