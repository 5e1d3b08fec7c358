"""The physio's caseload and client page, their repeated parts built in Python.

Each row and badge used to be a handful of template look-ups and an include; written here they cost a tenth
(as the journal's weekly table, ``journal_tags.weekly_rows``). Every value that is not a number or fixed
text goes through ``escape``.
"""

from __future__ import annotations

import uuid

from django import template
from django.template.defaultfilters import linebreaksbr
from django.template.defaulttags import CsrfTokenNode
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

from clinic.caseload import CaseloadRow
from clinic.templatetags.clinic import pain_change
from core.dates import day_in_words
from core.notes import NoteKind, readable
from journal.templatetags.journal_tags import distance
from monitoring.templatetags.monitoring_tags import acknowledge_note_for, close_note_for, flag_evidence_for_physio

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


# --- the client page ------------------------------------------------------------------------------------
BLANK_FIELDS_KEPT = 512  # blank fields kept per process (one a flag); past that they are rendered each time
_blank_fields: dict[tuple, str] = {}


@register.simple_tag
def textarea_field(field) -> SafeString:
    """``clinic/_textarea_field.html`` for ``field``. A blank form's field (not posted, no initial value) is
    the same on every request: each process renders it once per form, field and id."""
    form = field.form
    if form.is_bound or form.initial or field.field.initial is not None:
        return mark_safe(render_to_string("clinic/_textarea_field.html", {"field": field}))  # noqa: S308
    key = (type(form).__qualname__, field.name, field.auto_id)
    html = _blank_fields.get(key)
    if html is None:
        html = render_to_string("clinic/_textarea_field.html", {"field": field})
        if len(_blank_fields) < BLANK_FIELDS_KEPT:
            _blank_fields[key] = html
    return mark_safe(html)  # noqa: S308 - a rendered template


def _when(value) -> str:
    """An aware date and time in the reader's time zone, "6 Dec 2026, 14:05" (as ``|date:"j M Y, H:i"``)."""
    return date_format(template_localtime(value), "j M Y, H:i")


@register.filter
def note_items(notes) -> SafeString:
    """The client's clinical notes (``clinic.selectors.clinical_notes``), each with its author and time."""
    if not notes:
        return mark_safe('<p class="text-body-secondary">No notes yet.</p>')
    html = []
    for note in notes:
        author = (note.author.name if note.author else "") or "A former physio"
        body = linebreaksbr(readable(note.body, kind=NoteKind.CLINICAL_NOTE, audience="physio"))
        html.append(
            '<div class="border-start border-3 ps-2 mb-2"><div class="small text-body-secondary">'
            f"{escape(author)}, {_when(note.created_at)}</div>{body}</div>"
        )
    return mark_safe("\n".join(html))  # noqa: S308 - built from escaped values above


@register.filter
def message_items(conversation, client) -> SafeString:
    """The conversation with the client (``clinic.selectors.conversation``), oldest first, as list items."""
    if not conversation:
        return mark_safe('<li class="text-body-secondary">No messages yet.</li>')
    html = []
    for message in conversation:
        if message.from_physio:
            side, icon = "border-primary", "person-badge"
            who = message.sender.name if message.sender else ""
        else:
            side, icon = "border-secondary", "person"
            who = client.name
        body = linebreaksbr(readable(message.body, kind=NoteKind.MESSAGE, audience="physio"))
        html.append(
            f'<li class="border-start border-3 ps-2 mb-2 {side}"><div class="small text-body-secondary">'
            f'<i class="bi bi-{icon} me-1" aria-hidden="true"></i>{escape(who)}, '
            f"{date_format(template_localtime(message.created_at), 'j M, H:i')}</div>"
            f'<div class="message-body">{body}</div></li>'
        )
    return mark_safe("\n".join(html))  # noqa: S308 - built from escaped values above


@register.filter
def saved_check_rows(checks) -> SafeString:
    """The saved "should I run?" checks' table rows: the day, the verdict and the likely cause in words."""
    return mark_safe(  # noqa: S308 - fixed labels and days
        "\n".join(
            f'<tr><th scope="row">{day_in_words(check.day, short=True, year=True)}</th>'
            f'<td data-label="Verdict">{escape(check.get_verdict_display())}</td>'
            f'<td data-label="Likely cause">{escape(check.get_likely_cause_display() or "–")}</td></tr>'
            for check in checks
        )
    )


def _done_by(spacing: str, icon: str, verb: str, person, at, note: str) -> str:
    """Who acknowledged or resolved a flag (or "a former physio"), when, and their note, on a flag card."""
    who = (person.name if person else "") or "a former physio"
    return (
        f'<p class="small {spacing}"><i class="bi bi-{icon} me-1" aria-hidden="true"></i>'
        f"{verb} by {escape(who)} on {_when(at)}: {escape(note)}</p>"
    )


@register.simple_tag(takes_context=True)
def flag_cards(context, flags, link) -> SafeString:
    """The client's flags (``clinic.selectors.client_flags``) as cards: severity, state, when raised, who
    acknowledged or resolved it and their note, the evidence in the third person, how a flag closed by
    itself or by the runner was closed, and for a live flag the note field with Acknowledge and Resolve."""
    if not flags:
        return mark_safe("<p>No flags: nothing in this journal has needed a clinician's eye.</p>")
    csrf = CsrfTokenNode().render(context)
    cards = []
    for flag in flags:
        parts = [
            f'<div id="flag-{flag.pk}" class="card mb-2 '
            f'{"border-danger" if flag.status == "open" and flag.severity == "urgent" else ""}">'
            '<div class="card-body"><div class="d-flex flex-wrap justify-content-between gap-2"><div>'
            f"{severity_badge(flag.severity, flag.get_kind_display())}"
            f'<span class="badge text-bg-light border" data-testid="flag-state">{escape(flag.state_label)}</span>'
            f'<span class="small text-body-secondary ms-1">raised '
            f"{date_format(template_localtime(flag.opened_at), 'j M Y')}</span></div></div>"
        ]
        if flag.acknowledged_at:
            parts.append(
                _done_by(
                    "mb-1 mt-2",
                    "check2",
                    "Acknowledged",
                    flag.acknowledged_by,
                    flag.acknowledged_at,
                    acknowledge_note_for(flag, "physio"),
                )
            )
        lines = flag_evidence_for_physio(flag)
        if lines:
            parts.append(
                '<ul class="small mt-2 mb-1" data-testid="flag-evidence">'
                + "".join(f"<li>{escape(line)}</li>" for line in lines)
                + "</ul>"
            )
        if flag.close_reason and flag.close_reason != "clinician":
            closure = render_to_string("monitoring/_flag_closure.html", {"flag": flag, "physio": True})
            parts.append(
                '<p class="small mb-1" data-testid="flag-closure"><i class="bi bi-check2-all me-1" aria-hidden="true">'
                f"</i>Closed: {closure}</p>"
            )
        elif flag.resolved_at:
            parts.append(
                _done_by(
                    "mb-1", "check2-all", "Resolved", flag.resolved_by, flag.resolved_at, close_note_for(flag, "physio")
                )
            )
        if flag.status == "resolved" and flag.note_form.errors:
            errors = "".join(f"{escape(error)} " for error in flag.note_form["note"].errors)
            parts.append(f'<p class="alert alert-warning mt-2 mb-0" role="alert">{errors}</p>')
        if flag.status != "resolved":
            buttons = []
            if flag.status == "open":
                url = reverse("clinic:flag_acknowledge", args=[link.public_id, flag.pk])
                buttons.append(
                    f'<button type="submit" class="btn btn-primary" formaction="{escape(url)}">'
                    '<i class="bi bi-check2 me-1" aria-hidden="true"></i>Acknowledge</button>'
                )
            url = reverse("clinic:flag_resolve", args=[link.public_id, flag.pk])
            buttons.append(
                f'<button type="submit" class="btn btn-outline-success" formaction="{escape(url)}">'
                '<i class="bi bi-check2-all me-1" aria-hidden="true"></i>Resolve</button>'
            )
            parts.append(
                f'<form method="post" class="mt-2" novalidate>{csrf}{textarea_field(flag.note_form["note"])}'
                f'<div class="d-flex flex-wrap gap-2">{"".join(buttons)}</div></form>'
            )
        parts.append("</div></div>")
        cards.append("".join(parts))
    return mark_safe("\n".join(cards))  # noqa: S308 - built from escaped values and our own templates
