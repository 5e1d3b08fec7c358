"""Display helpers for journal templates."""

from __future__ import annotations

from functools import lru_cache
from html import escape

from django import template
from django.conf import settings
from django.template.defaultfilters import linebreaksbr
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import dateformat
from django.utils.safestring import SafeString, mark_safe

from core.dates import day_in_words
from journal.presentation import session_view
from journal.units import METRES_PER, UNIT_LABEL, format_pace
from triage.codes import CARE_NOW_VERDICTS, Symptom
from triage.rulebook import sign_tier

register = template.Library()
_LABELS = dict(Symptom.choices)


@lru_cache(maxsize=64)
def _fixed_url(url_name: str, script_prefix: str, urlconf: str) -> str:
    return reverse(url_name, urlconf=urlconf)


@register.simple_tag
def fixed_url(url_name: str) -> str:
    """``{% url %}`` for a page without arguments, worked out once per process (per script prefix and
    URLconf, as the menu's links are): the dashboard names a dozen such pages on every request."""
    return _fixed_url(url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


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
    return f"{(metres or 0) / float(METRES_PER[unit]):.1f} {UNIT_LABEL[unit]}"  # "0.0 km" too: one format per column


@register.simple_tag
def pace(metres: int, seconds: int, unit: str) -> str:
    return format_pace(metres, seconds, unit)


@register.filter
def signed(value) -> str:
    """A change with its sign and one decimal, as the column beside it: +3.1, -2.0, 0.0."""
    if value is None:
        return ""
    return f"{value:+.1f}" if round(value, 1) else "0.0"


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
    """The weekly table's body rows (journal.presentation.dashboard_context's ``weekly_recent_first``)."""
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
            if c["future"] or c.get("before"):
                words = "still to come" if c["future"] else "before the journal began"
                cells.append(f'<td class="bg-body"><span class="visually-hidden">{label}: {words}</span></td>')
            else:
                cells.append(
                    f'<td class="{escape(c["css"])}" title="{label}"><span class="visually-hidden">{label}: </span>'
                    f"{_or_dash(c['pain'])}</td>"
                )
        rows.append(f'<tr><th scope="row" class="text-nowrap">{_day_month(week["monday"])}</th>{"".join(cells)}</tr>')
    return mark_safe("\n".join(rows))  # noqa: S308 - built from escaped values above


_TIER_LINE = {
    "emergency": '<p class="text-danger fw-semibold mb-1"><i class="bi bi-exclamation-octagon" aria-hidden="true"></i>'
    " A sign that needs emergency care was logged this day.</p>",
    "urgent": '<p class="text-danger fw-semibold mb-1"><i class="bi bi-hospital" aria-hidden="true"></i>'
    " A sign that a doctor should check the same day was logged this day.</p>",
}


def _entry_html(entry) -> str:
    parts = [_TIER_LINE.get(care_now_tier(entry.symptoms), "")]
    facts = []
    if entry.normal_stride is not None:
        facts.append(f"Normal stride: {'yes' if entry.normal_stride else 'no'}")
    if entry.spasm is not None:
        facts.append(f"Spasm: {'yes' if entry.spasm else 'no'}")
    if entry.morning_stiffness_min is not None:
        facts.append(f"Morning stiffness: {escape(str(entry.morning_stiffness_min))} min")
    if entry.sleep_disturbed:
        facts.append("Sleep disturbed")
    parts.append(
        '<ul class="list-inline small mb-1">'
        + "".join(f'<li class="list-inline-item">{fact}</li>' for fact in facts)
        + "</ul>"
    )
    if entry.symptoms:
        labels = "".join(f"<li>{escape(str(symptom_label(code)))}</li>" for code in entry.symptoms)
        parts.append(f'<ul class="small mb-1">{labels}</ul>')
    if entry.notes:
        parts.append(f'<p class="small mb-1 text-break">{linebreaksbr(entry.notes, autoescape=True)}</p>')
    return "".join(parts)


def _session_html(s, day_short: str, editable: bool) -> str:
    text = f"<strong>{escape(s.type_label)}</strong>"
    if s.distance_m:
        text += f" {escape(str(s.distance))} {escape(s.unit)}"
    text += f" in {escape(s.duration)}"
    if s.pace:
        text += f" ({escape(s.pace)})"
    text += f", effort {escape(str(s.rpe))}"
    if s.pain_during is not None:
        text += f", pain during {escape(str(s.pain_during))}"
    if s.pain_after is not None:
        text += f", after {escape(str(s.pain_after))}"
    edit = ""
    if editable:
        edit = (
            f'<a class="btn btn-sm btn-link" href="{reverse("journal:session_edit", args=[s.pk])}">Edit'
            f'<span class="visually-hidden"> {escape(s.type_label)} of {day_short}</span></a>'
        )
    icon = "person-walking" if s.is_run else "activity"
    return (
        f'<li class="d-flex flex-wrap gap-2 align-items-center"><i class="bi bi-{icon}" aria-hidden="true"></i>'
        f"<span>{text}</span>{edit}</li>"
    )


@register.filter
def journal_days(rows, editable=False) -> SafeString:
    """The journal's days as cards (journal.selectors.entry_page's rows; the journal and the client page).

    Built in Python like the tables above: through the template it was 0.6 ms a day, most of the journal
    page's and a large part of the client page's time."""
    items = []
    for row in rows:
        day, entry = row.day, row.entry
        day_short = f"{day.day} {dateformat.format(day, 'F')}"
        head = f'<h3 class="h6 mb-1">{day_in_words(day, year=True)}</h3>'
        if entry:
            side = f" · {escape(entry.get_pain_side_display())}" if entry.pain_side else ""
            head += f'<span class="fw-semibold">Pain {escape(str(entry.pain))}/10{side}</span>'
        else:
            head += '<span class="text-body-secondary">No pain entry</span>'
        body = _entry_html(entry) if entry else ""
        if row.sessions:
            body += (
                '<ul class="list-unstyled small mb-1">'
                + "".join(_session_html(session_view(s, row.unit), day_short, editable) for s in row.sessions)
                + "</ul>"
            )
        if editable:
            iso = day.isoformat()
            if entry:
                link = (
                    f'<a class="btn btn-sm btn-outline-secondary" href="{reverse("journal:entry_edit", args=[iso])}">'
                    f'Edit entry<span class="visually-hidden"> for {day_short}</span></a>'
                )
            else:
                link = (
                    f'<a class="btn btn-sm btn-outline-secondary" href="{reverse("journal:entry_new")}?day={iso}">'
                    f'Add pain entry<span class="visually-hidden"> for {day_short}</span></a>'
                )
            body += f'<div class="d-flex gap-2">{link}</div>'
        items.append(
            '<li class="card mb-2"><div class="card-body py-2">'
            f'<div class="d-flex justify-content-between align-items-baseline flex-wrap gap-2">{head}</div>'
            f"{body}</div></li>"
        )
    return mark_safe("\n".join(items))  # noqa: S308 - built from escaped values above
