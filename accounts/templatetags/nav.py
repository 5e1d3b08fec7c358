"""Navigation helpers: a link appears only when its page exists; the link of the current section is marked."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


def is_current(path: str, url: str, match: str = "") -> bool:
    """``match`` lists the path prefixes of the link's section; "exact" marks only the page itself.
    By default the section is every path under the link's URL."""
    if match == "exact":
        return path == url
    prefixes = match.split() if match else [url]
    return any(path.startswith(prefix) for prefix in prefixes)


@register.simple_tag(takes_context=True)
def nav_link(context, url_name: str, label: str, icon: str = "", match: str = "") -> str:
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return ""
    request = context.get("request")
    current = request is not None and is_current(request.path, url, match)
    return format_html(
        '<li class="nav-item"><a class="nav-link{}" href="{}"{}>{}{}</a></li>',
        " active" if current else "",
        url,
        mark_safe(' aria-current="page"') if current else "",
        format_html('<i class="bi bi-{} me-1" aria-hidden="true"></i>', icon) if icon else "",
        label,
    )
