"""Display helpers for the physio workspace, and the runner's dashboard panel."""

from __future__ import annotations

from django import template

from clinic import selectors
from clinic.forms import MessageForm
from clinic.services import format_code

register = template.Library()


@register.filter
def link_code(code: str) -> str:
    return format_code(code)


@register.filter
def pain_change(rise: float | None) -> str:
    """The change in mean pain, last 7 days against the 7 before, in words as well as a sign."""
    if rise is None:
        return "not enough entries"
    if rise > 0:
        return f"up {rise:.1f}"
    if rise < 0:
        return f"down {-rise:.1f}"
    return "no change"


@register.inclusion_tag("clinic/_message_notice.html", takes_context=True)
def clinic_message_notice(context):
    """A physio's recent, unanswered message, at the top of the runner's dashboard (one query)."""
    user = getattr(context.get("request"), "user", None)
    message = selectors.unanswered_physio_message(runner=user) if user is not None and user.is_authenticated else None
    return {"message": message}


@register.inclusion_tag("clinic/_messages_panel.html", takes_context=True)
def clinic_dashboard_panel(context):
    """Messages from the runner's physios, with a reply form each (two queries)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    threads = selectors.runner_threads(runner=user) if user is not None and user.is_authenticated else []
    for thread in threads:
        thread.form = MessageForm(auto_id=f"id_reply_{thread.link.public_id.hex[:8]}_%s")
    return {
        "threads": [t for t in threads if t.messages],
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "next": request.path if request else "",
    }
